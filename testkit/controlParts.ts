import type { Page } from "playwright-core";

/**
 * The control's parts, found the way a user (or a screen reader) finds them.
 * Fluent's Modal puts role="dialog" on a zero-height wrapper (its content is position: fixed), so "is the dialog open"
 * is asked of its title (role="heading" inside the dialog) and screenshots use the dialog's visible box.
 */
export function controlParts(page: Page) {
    const dialog = page.getByRole("dialog").or(page.getByRole("alertdialog"));
    const footer = dialog.locator(".ms-Dialog-actions");
    return {
        mode: page.getByTestId("amc-mode"),
        toggle: page.getByRole("switch", { name: "Non-interactive (API access only)" }),
        dialog,
        dialogTitle: dialog.getByRole("heading"),
        dialogBox: dialog.locator(".ms-Dialog-main"),
        confirm: footer.getByRole("button", { name: "Confirm", exact: true }),
        cancel: footer.getByRole("button", { name: "Cancel", exact: true }),
        /** The only button of a refused dialog. */
        close: footer.getByRole("button", { name: "Close", exact: true }),
        /** One of the interactive modes offered on the way back from non-interactive. */
        choice: (label: string | RegExp) => dialog.getByRole("radio", { name: label }),
        acknowledge: dialog.getByRole("checkbox", { name: /I understand that the seats could not be checked/ }),
        /** Fluent's Checkbox hides its input under the label: a user clicks the label. */
        acknowledgeLabel: dialog.locator("label", { hasText: "I understand that the seats could not be checked" }),
        undo: page.getByRole("button", { name: "Undo", exact: true }),
        /** The control's own live region (Fluent's MessageBars have role="status" too). */
        status: page.locator(".amc-root > [role=status]"),
    };
}
