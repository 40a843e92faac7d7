/**
 * Accessibility of the production bundle on the scripted Dataverse form: axe-core finds no serious or critical
 * violation in the main states, and a keyboard alone (Tab, Space, Enter, Escape) cancels and completes a change.
 */
import { controlParts, expect, settle, test } from "../support/fixtures";
import { dataverseError } from "../../../testkit/dataverseServer";
import { form, hostState, seatsFree } from "../../../testkit/scenarios";

test.describe("axe-core: no serious or critical violations", () => {
    test("default state", async ({ page, openForm, axe }) => {
        await openForm(seatsFree());
        await expect(page.getByText("Non-interactive seats: 3 of 7 in use", { exact: true })).toBeVisible();
        expect(await axe(page)).toEqual([]);
    });

    test("dialog open", async ({ page, openForm, axe }) => {
        await openForm(seatsFree());
        const c = controlParts(page);
        await expect(page.getByText("Non-interactive seats: 3 of 7 in use", { exact: true })).toBeVisible();
        await c.toggle.click();
        await expect(c.confirm).toBeEnabled();
        expect(await axe(page)).toEqual([]);
    });

    test("warning states: checks failed, and the unlicensed-user warning in the dialog", async ({
        page,
        openForm,
        axe,
    }) => {
        await openForm(
            seatsFree({
                form: form(4, { recordName: "Sam Unlicensed" }),
                record: { fullname: "Sam Unlicensed", islicensed: false },
                organizationResources: dataverseError(503, "0x80072321", "The service is temporarily unavailable"),
                nonInteractiveUsers: dataverseError(500, "0x80040216", "An unexpected error occurred"),
            }),
        );
        const c = controlParts(page);
        await expect(page.getByText(/^Non-interactive seats could not be checked/)).toBeVisible();
        expect(await axe(page), "checks failed").toEqual([]);

        await c.toggle.click();
        await expect(c.dialog.getByText(/an unlicensed user switched to Read-Write is disabled/)).toBeVisible();
        expect(await axe(page), "unlicensed warning").toEqual([]);
    });

    test("refusal and acknowledgement in the dialog, locked field", async ({ page, openForm, axe }) => {
        const c = controlParts(page);
        await openForm(
            seatsFree({
                organizationResources: dataverseError(403, "0x80040220", "Missing privilege"),
                nonInteractiveUsers: dataverseError(500, "0x80040216", "Failed"),
            }),
        );
        await c.toggle.click();
        await expect(c.acknowledge).toBeVisible();
        expect(await axe(page), "acknowledgement").toEqual([]);

        await openForm(seatsFree({ form: form(0, { entityId: "9e0b5c1a-3f2d-4c5e-8a7b-1d2e3f4a5b6c" }) }));
        await expect(page.getByText("Non-interactive seats: 3 of 7 in use", { exact: true })).toBeVisible();
        await c.toggle.click();
        await expect(c.dialog.getByText(/You can't make your own user non-interactive/)).toBeVisible();
        await expect(c.close).toBeFocused();
        expect(await axe(page), "refusal").toEqual([]);

        await openForm(seatsFree({ form: form(3, { recordName: "Support User" }) }));
        await expect(c.toggle).toBeDisabled();
        expect(await axe(page), "locked").toEqual([]);
    });
});

test.describe("keyboard only", () => {
    test("Tab, Space, Enter and Escape cancel a change twice and then complete one", async ({ page, openForm }) => {
        await openForm(seatsFree());
        const c = controlParts(page);
        await expect(page.getByText("Non-interactive seats: 3 of 7 in use", { exact: true })).toBeVisible();

        // Past the form's Save command to the switch.
        await page.keyboard.press("Tab");
        await expect(page.getByRole("button", { name: "Save", exact: true })).toBeFocused();
        await page.keyboard.press("Tab");
        await expect(c.toggle).toBeFocused();

        // Cancel with Enter on the Cancel button, where focus starts.
        await page.keyboard.press("Space");
        await expect(c.dialogTitle).toHaveText("Make Jane Doe non-interactive?");
        await settle(page);
        await expect(c.cancel).toBeFocused();
        await page.keyboard.press("Enter");
        await expect(c.dialog).toHaveCount(0);
        await expect(c.status).toHaveText("Cancelled: nothing was changed.");
        await expect(c.toggle).toBeFocused();

        // Cancel with Escape.
        await page.keyboard.press("Space");
        await expect(c.dialogTitle).toBeVisible();
        await settle(page);
        await expect(c.cancel).toBeFocused();
        await page.keyboard.press("Escape");
        await expect(c.dialog).toHaveCount(0);
        await expect(c.toggle).toBeFocused();
        await expect(c.toggle).not.toBeChecked();
        expect((await hostState(page)).outputs).toEqual([]);

        // Complete: Shift+Tab from Cancel to Confirm, Enter.
        await page.keyboard.press("Space");
        await expect(c.dialogTitle).toBeVisible();
        await settle(page);
        await expect(c.cancel).toBeFocused();
        await page.keyboard.press("Shift+Tab");
        await expect(c.confirm).toBeFocused();
        await page.keyboard.press("Enter");
        await expect(c.dialog).toHaveCount(0);
        await expect.poll(async () => (await hostState(page)).outputs).toEqual([{ accessMode: 4 }]);
        await expect(c.mode).toHaveText("Non-interactive");
        await expect(c.status).toHaveText("Access Mode set to Non-interactive. Save the form to apply it.");

        // And Undo is reachable too, after the link to the seats' holders.
        await expect(c.toggle).toBeFocused();
        await page.keyboard.press("Tab");
        await expect(page.getByRole("button", { name: "Show non-interactive users" })).toBeFocused();
        await page.keyboard.press("Tab");
        await expect(c.undo).toBeFocused();
        await page.keyboard.press("Enter");
        await expect.poll(async () => (await hostState(page)).outputs).toEqual([{ accessMode: 4 }, { accessMode: 0 }]);
    });

    test("the acknowledgement can be ticked with Space before Confirm", async ({ page, openForm }) => {
        await openForm(
            seatsFree({
                organizationResources: dataverseError(503, "0x80072321", "The service is temporarily unavailable"),
                nonInteractiveUsers: dataverseError(500, "0x80040216", "An unexpected error occurred"),
            }),
        );
        const c = controlParts(page);
        await expect(page.getByText(/^Non-interactive seats could not be checked/)).toBeVisible();
        await page.keyboard.press("Tab");
        await page.keyboard.press("Tab");
        await expect(c.toggle).toBeFocused();
        await page.keyboard.press("Space");
        await expect(c.dialogTitle).toBeVisible();
        await settle(page);
        await expect(c.cancel).toBeFocused();
        await expect(c.confirm).toBeDisabled();
        // Confirm is disabled, so Shift+Tab skips it and lands on the checkbox.
        await page.keyboard.press("Shift+Tab");
        await expect(c.acknowledge).toBeFocused();
        await page.keyboard.press("Space");
        await expect(c.acknowledge).toBeChecked();
        await page.keyboard.press("Tab");
        await expect(c.confirm).toBeFocused();
        await page.keyboard.press("Enter");
        await expect.poll(async () => (await hostState(page)).outputs).toEqual([{ accessMode: 4 }]);
    });
});
