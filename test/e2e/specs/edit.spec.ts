/**
 * Issue 10 in Chromium, on the scripted "User access" form: the guard holds before, during and after the save, and on the way
 * back — save detection through the bound Modified On, no one-click write after a save, the way back as a choice, Retry, the
 * link to the Non-interactive Users view, and the control in a right-to-left language.
 */
import { controlParts, expect, test } from "../support/fixtures";
import {
    dataverseError,
    DataverseServer,
    nonInteractiveUsers,
    organizationResources,
} from "../../../testkit/dataverseServer";
import { FACT_QUERY, form, hostState, RECORD_ID, seatsFree } from "../../../testkit/scenarios";

const NON_INTERACTIVE_USERS_URL =
    "main.aspx?pagetype=entitylist&etn=systemuser&viewid=c0705e51-b9c1-4803-8ced-95c35c182571&viewtype=1039";

/** How many times the control asked each question. */
function asked(server: DataverseServer): { record: number; seats: number; count: number } {
    return {
        record: server.webApi((r) => r.resource === `systemusers(${RECORD_ID})` && r.query === FACT_QUERY).length,
        seats: server.webApi((r) => r.resource === "RetrieveOrganizationResources()").length,
        count: server.webApi((r) => r.resource === "systemusers").length,
    };
}

test.describe("save detection", () => {
    test("a save clears the bar, says so, and reads the record and the seats again — two requests", async ({
        page,
        openForm,
        shot,
    }) => {
        const { server } = await openForm(
            seatsFree({ organizationResources: [organizationResources(3, 7), organizationResources(4, 7)] }),
        );
        const c = controlParts(page);
        await expect(page.getByText("Non-interactive seats: 3 of 7 in use", { exact: true })).toBeVisible();
        await c.toggle.click();
        await c.confirm.click();
        await expect(
            page.getByText(
                "Unsaved: Access Mode changes from Read-Write to Non-interactive when the form is saved, usually within 30 seconds by autosave (on by default), or when you save or leave the form. Until then you can undo it.",
            ),
        ).toBeVisible();
        await expect(
            page.getByText("Non-interactive seats: 3 of 7 in use; 4 once saved", { exact: true }),
        ).toBeVisible();
        await shot(page.locator("main"), "form-unsaved-change", { docs: true });
        expect(asked(server)).toEqual({ record: 1, seats: 1, count: 0 });

        await page.getByRole("button", { name: "Save", exact: true }).click();
        await expect(c.status).toHaveText("Saved: Access Mode is now Non-interactive.");
        await expect(page.getByText(/^Unsaved:/)).toHaveCount(0);
        await expect(c.undo).toHaveCount(0);
        await expect(page.getByText("Non-interactive seats: 4 of 7 in use", { exact: true })).toBeVisible();
        await shot(page.locator("main"), "form-saved", { docs: true });
        await expect.poll(() => asked(server)).toEqual({ record: 2, seats: 2, count: 0 });
        expect((await hostState(page)).outputs).toEqual([{ accessMode: 4 }]);
    });

    test("a save that fails leaves Modified On, the bar and its Undo as they were, and reads nothing again", async ({
        page,
        openForm,
    }) => {
        const { server } = await openForm(
            seatsFree({ form: form(0, { saveFails: "The record was changed by another user." }) }),
        );
        const c = controlParts(page);
        await expect(page.getByText("Non-interactive seats: 3 of 7 in use", { exact: true })).toBeVisible();
        await c.toggle.click();
        await c.confirm.click();
        await page.getByRole("button", { name: "Save", exact: true }).click();
        await expect(
            page.getByRole("alert").filter({ hasText: "Couldn't save: The record was changed by another user." }),
        ).toBeVisible();
        await expect(
            page.getByText(
                "Unsaved: Access Mode changes from Read-Write to Non-interactive when the form is saved, usually within 30 seconds by autosave (on by default), or when you save or leave the form. Until then you can undo it.",
            ),
        ).toBeVisible();
        await expect(c.undo).toBeVisible();
        await page.waitForTimeout(300); // give any (wrong) re-read time to arrive
        expect(asked(server)).toEqual({ record: 1, seats: 1, count: 0 });
    });

    test("without the Modified On binding it says 'Changed in this form' and offers no one-click Undo", async ({
        page,
        openForm,
    }) => {
        await openForm(seatsFree({ form: form(0, { modifiedOn: null }) }));
        const c = controlParts(page);
        await expect(page.getByText("Non-interactive seats: 3 of 7 in use", { exact: true })).toBeVisible();
        await c.toggle.click();
        await c.confirm.click();
        await expect(
            page.getByText(
                "Changed in this form: Access Mode from Read-Write to Non-interactive. Dataverse applies it when the form is saved, usually within 30 seconds by autosave (on by default), or when you save or leave the form.",
            ),
        ).toBeVisible();
        await expect(page.getByText(/^Unsaved:/)).toHaveCount(0);
        await expect(c.undo).toHaveCount(0);
    });
});

test.describe("no unguarded write", () => {
    test("after a save, going back is the full dialog with its consequences, never one click", async ({
        page,
        openForm,
    }) => {
        await openForm(seatsFree());
        const c = controlParts(page);
        await expect(page.getByText("Non-interactive seats: 3 of 7 in use", { exact: true })).toBeVisible();
        await c.toggle.click();
        await c.confirm.click();
        await page.getByRole("button", { name: "Save", exact: true }).click();
        await expect(c.status).toHaveText("Saved: Access Mode is now Non-interactive.");
        await expect(c.undo).toHaveCount(0);

        await c.toggle.click();
        await expect(c.dialogTitle).toHaveText("Make Jane Doe interactive again?");
        await expect(c.dialog).toContainText(
            "Access Mode will change from Non-interactive to Read-Write when you save the form.",
        );
        await expect(c.dialog).toContainText(
            "Read-Write needs a licence: assign one in the Microsoft 365 admin center before you save.",
        );
        await c.cancel.click();
        expect((await hostState(page)).outputs).toEqual([{ accessMode: 4 }]);
    });
});

test.describe("the way back is a choice", () => {
    test("Read → Non-interactive → back: Read first and preselected, and every text names Read", async ({
        page,
        openForm,
        shot,
    }) => {
        await openForm(seatsFree({ form: form(2) }));
        const c = controlParts(page);
        await expect(c.mode).toHaveText("Read");
        await c.toggle.click();
        await c.confirm.click();
        await expect(c.mode).toHaveText("Non-interactive");

        await c.toggle.click();
        await expect(c.dialog.getByRole("radio")).toHaveCount(3);
        await expect(c.choice("Read (as before)")).toBeChecked();
        await expect(c.choice("Read-Write")).not.toBeChecked();
        await expect(c.choice("Administrative")).not.toBeChecked();
        await expect(c.dialog).toContainText(
            "Access Mode will change from Non-interactive to Read when you save the form.",
        );
        await expect(c.dialog).toContainText("The user can sign in to the web interface again, as Read.");
        await expect(c.dialog).toContainText(
            "Read needs a licence: assign one in the Microsoft 365 admin center before you save.",
        );
        await expect(c.dialog).not.toContainText("Read-Write needs a licence");
        await shot(page, "form-return-choice", { docs: true, around: [page.locator("main"), c.dialogBox] });

        await c.choice("Administrative").click();
        await expect(c.dialog).toContainText(
            "Administrative needs no licence, but opens only the settings and admin areas",
        );
        await expect(c.dialog).not.toContainText("needs a licence:");
        await c.confirm.click();
        await expect.poll(async () => (await hostState(page)).outputs).toEqual([{ accessMode: 4 }, { accessMode: 1 }]);
        await expect(c.mode).toHaveText("Administrative");
    });
});

test.describe("Retry, and the way to the seats", () => {
    test("failed checks offer Retry: one request per click, and only on click", async ({ page, openForm }) => {
        const { server } = await openForm(
            seatsFree({
                record: [
                    dataverseError(503, "0x80072321", "The service is temporarily unavailable"),
                    { fullname: "Jane Doe", islicensed: true },
                ],
                organizationResources: [
                    dataverseError(500, "0x80040216", "An unexpected error occurred"),
                    organizationResources(3, 7),
                ],
                nonInteractiveUsers: dataverseError(500, "0x80040216", "An unexpected error occurred"),
            }),
        );
        const c = controlParts(page);
        const seatsFailed = page.getByText(
            "Non-interactive seats could not be checked: the server answered HTTP 500: An unexpected error occurred.",
        );
        const factsFailed = page.getByText(
            "This user's licence and type could not be checked: The service is temporarily unavailable.",
        );
        await expect(seatsFailed).toBeVisible();
        await expect(factsFailed).toBeVisible();
        expect(asked(server)).toEqual({ record: 1, seats: 1, count: 1 });
        await page.waitForTimeout(300);
        expect(asked(server)).toEqual({ record: 1, seats: 1, count: 1 });

        await page.locator(".ms-MessageBar", { has: factsFailed }).getByRole("button", { name: "Retry" }).click();
        // The message goes as soon as the check is asked again, before the answer arrives: wait for the request itself.
        await expect(factsFailed).toHaveCount(0);
        await expect.poll(() => asked(server)).toEqual({ record: 2, seats: 1, count: 1 });

        await page.getByRole("button", { name: "Retry", exact: true }).click();
        await expect(page.getByText("Non-interactive seats: 3 of 7 in use", { exact: true })).toBeVisible();
        expect(asked(server)).toEqual({ record: 2, seats: 2, count: 1 });
        await page.waitForTimeout(300);
        expect(asked(server), "nothing more without a click").toEqual({ record: 2, seats: 2, count: 1 });
        await c.toggle.click();
        await expect(c.dialog).toContainText("This takes one non-interactive seat: 4 of 7 will be in use.");
        await expect(c.acknowledge).toHaveCount(0);
    });

    test("the seats line leads to the Non-interactive Users view, in the current app", async ({ page, openForm }) => {
        await openForm(seatsFree({ form: form(0, { appId: "d1c2b3a4-0000-4000-8000-0000000000aa" }) }));
        await page.getByRole("button", { name: "Show non-interactive users" }).click();
        expect((await hostState(page)).openedUrls).toEqual([
            `${NON_INTERACTIVE_USERS_URL}&appid=d1c2b3a4-0000-4000-8000-0000000000aa`,
        ]);
    });
});

test.describe("right to left", () => {
    test("in Arabic (1025) the control and its dialog are laid out right to left, and axe finds nothing serious", async ({
        page,
        openForm,
        axe,
        shot,
    }) => {
        await openForm(
            seatsFree({
                form: form(4, { languageId: 1025, isRTL: true }),
                nonInteractiveUsers: nonInteractiveUsers(3),
            }),
        );
        const c = controlParts(page);
        const root = page.locator(".amc-root");
        await expect(root).toBeVisible();
        expect(await root.evaluate((element) => getComputedStyle(element).direction)).toBe("rtl");
        // Fluent mirrors the switch itself: checked, its thumb sits at the left end of the pill.
        const pill = await page.getByRole("switch").boundingBox();
        const thumb = await page.locator(".ms-Toggle-thumb").boundingBox();
        expect(pill && thumb && thumb.x + thumb.width / 2 < pill.x + pill.width / 2).toBe(true);
        await shot(page.locator("main"), "form-rtl-1025");
        expect(await axe(page), "field").toEqual([]);

        await page.getByRole("switch").click();
        await expect(c.dialogBox).toBeVisible();
        expect(await c.dialogBox.evaluate((element) => getComputedStyle(element).direction)).toBe("rtl");
        await shot(page, "form-rtl-1025-dialog", { around: [page.locator("main"), c.dialogBox] });
        expect(await axe(page), "dialog").toEqual([]);
    });
});
