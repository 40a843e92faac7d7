/**
 * The production bundle on a scripted model-driven form (testkit/host) with the platform's React 16.14.0 and
 * Fluent UI 8.29.0, against a Web API that answers like Dataverse (testkit/dataverseServer.ts).
 */
import { controlParts, expect, test } from "../support/fixtures";
import { dataverseError, hang, nonInteractiveUsers, organizationResources } from "../../../testkit/dataverseServer";
import {
    ADMIN_USER_ID,
    COUNT_QUERY,
    FACT_QUERY,
    form,
    hostState,
    JANE,
    JANE_DISPLAY,
    RECORD_ID,
    seatsFree,
} from "../../../testkit/scenarios";
import { modernDesign, PLUM_BRAND } from "../../../testkit/fluentDesign";

const NON_INTERACTIVE_USERS_URL =
    "main.aspx?pagetype=entitylist&etn=systemuser&viewid=c0705e51-b9c1-4803-8ced-95c35c182571&viewtype=1039";
const SEATS_FULL_REFUSAL =
    "Your organization has reached its maximum number of non-interactive users (7 of 7). To mark this account as non-interactive, mark another user account as interactive or deactivate a user account.";

test.describe("on a Dataverse form", () => {
    test("seats free: asks first, then hands the new value to the form, which renders it", async ({
        page,
        openForm,
        shot,
    }) => {
        const { server, root } = await openForm(seatsFree());
        const c = controlParts(page);

        await expect(c.mode).toHaveText("Read-Write");
        await expect(c.toggle).toBeEnabled();
        await expect(c.toggle).not.toBeChecked();
        await expect(page.getByText("Non-interactive seats: 3 of 7 in use", { exact: true })).toBeVisible();
        await shot(page.locator("main"), "form-default", { docs: true });

        await c.toggle.click();
        await expect(c.dialogTitle).toHaveText("Make Jane Doe non-interactive?");
        await expect(c.cancel).toBeFocused();
        await expect(c.dialog).toContainText(
            "Access Mode will change from Read-Write to Non-interactive when you save the form.",
        );
        await expect(c.dialog).toContainText("This takes one non-interactive seat: 4 of 7 will be in use.");
        await expect(c.dialog).toContainText("The user can no longer sign in to the web interface");
        await expect(c.confirm).toBeEnabled();
        await shot(page, "form-dialog-to-non-interactive", { docs: true, around: [page.locator("main"), c.dialogBox] });
        expect((await hostState(page)).outputs).toEqual([]);

        await c.confirm.click();
        await expect(c.dialog).toHaveCount(0);
        await expect.poll(async () => (await hostState(page)).outputs).toEqual([{ accessMode: 4 }]);
        // The host called updateView again with the value from getOutputs, as the platform does.
        await expect(c.mode).toHaveText("Non-interactive");
        await expect(c.toggle).toBeChecked();
        await expect(
            root.getByText(
                "Unsaved: Access Mode changes from Read-Write to Non-interactive when the form is saved, usually within 30 seconds by autosave (on by default), or when you save or leave the form. Until then you can undo it.",
            ),
        ).toBeVisible();
        await expect(c.status).toHaveText("Access Mode set to Non-interactive. Save the form to apply it.");
        await c.undo.click();
        await expect.poll(async () => (await hostState(page)).outputs).toEqual([{ accessMode: 4 }, { accessMode: 0 }]);
        await expect(c.mode).toHaveText("Read-Write");
        await expect(c.status).toHaveText("Change undone.");

        // Each question was asked once, with the headers Dataverse expects, and never again on re-render.
        const org = server.webApi((r) => r.resource === "RetrieveOrganizationResources()");
        expect(org).toHaveLength(1);
        expect(org[0].headers).toMatchObject({
            accept: "application/json",
            "odata-version": "4.0",
            "odata-maxversion": "4.0",
            "sec-fetch-site": "same-origin",
        });
        expect(server.webApi((r) => r.resource === `systemusers(${RECORD_ID})`).map((r) => r.query)).toEqual([
            FACT_QUERY,
        ]);
        expect(server.webApi((r) => r.resource === "systemusers")).toEqual([]);
    });

    test("seats full: the change is refused, says why and what to do, and leads to the accounts that hold the seats", async ({
        page,
        openForm,
        shot,
    }) => {
        await openForm(seatsFree({ organizationResources: organizationResources(7, 7) }));
        const c = controlParts(page);
        await expect(page.getByText("Non-interactive seats: 7 of 7 in use", { exact: true })).toBeVisible();

        await c.toggle.click();
        await expect(c.dialogTitle).toHaveText("No non-interactive seat is free");
        await expect(c.dialog.getByText("Access Mode stays Read-Write.", { exact: true })).toBeVisible();
        await expect(c.dialog.getByText(SEATS_FULL_REFUSAL)).toBeVisible();
        await expect(c.confirm).toHaveCount(0);
        await expect(c.dialog).not.toContainText("will change");
        await expect(c.dialog).not.toContainText("will be in use");
        await expect(c.close).toBeFocused();
        await shot(page, "form-refused-seats-full", { docs: true, around: [page.locator("main"), c.dialogBox] });
        await c.dialog.getByRole("button", { name: "Show non-interactive users" }).click();
        expect((await hostState(page)).openedUrls).toEqual([NON_INTERACTIVE_USERS_URL]);

        await page.keyboard.press("Escape");
        await expect(c.dialog).toHaveCount(0);
        await expect(c.status).toHaveText("Cancelled: nothing was changed.");
        expect((await hostState(page)).outputs).toEqual([]);
        await expect(c.mode).toHaveText("Read-Write");
    });

    test("RetrieveOrganizationResources 403: falls back to counting non-interactive users, limit 7 assumed", async ({
        page,
        openForm,
    }) => {
        const { server } = await openForm(
            seatsFree({
                organizationResources: dataverseError(
                    403,
                    "0x80040220",
                    "Principal user (Id=9e0b5c1a-3f2d-4c5e-8a7b-1d2e3f4a5b6c, type=8, roleCount=1, privilegeCount=0, accessMode=0), is missing prvReadOrganization privilege.",
                ),
                nonInteractiveUsers: nonInteractiveUsers(2),
            }),
        );
        const c = controlParts(page);
        await expect(page.getByText(/^Non-interactive seats: 2 of 7 in use \(limit of 7 assumed/)).toBeVisible();
        expect(server.webApi((r) => r.resource === "systemusers").map((r) => r.query)).toEqual([COUNT_QUERY]);

        await c.toggle.click();
        await expect(c.dialog).toContainText(
            "This takes one non-interactive seat: 3 of 7 will be in use (limit assumed).",
        );
        await expect(c.confirm).toBeEnabled();
        await c.confirm.click();
        await expect.poll(async () => (await hostState(page)).outputs).toEqual([{ accessMode: 4 }]);
    });

    test("everything failing: says so, and Confirm needs the acknowledgement", async ({ page, openForm, shot }) => {
        await openForm(
            seatsFree({
                record: dataverseError(500, "0x80040216", "An unexpected error occurred"),
                organizationResources: dataverseError(503, "0x80072321", "The service is temporarily unavailable"),
                nonInteractiveUsers: dataverseError(500, "0x80040216", "An unexpected error occurred"),
            }),
        );
        const c = controlParts(page);
        await expect(
            page.getByText(
                "Non-interactive seats could not be checked: the server answered HTTP 503: The service is temporarily unavailable.",
            ),
        ).toBeVisible();
        await expect(
            page.getByText("This user's licence and type could not be checked: An unexpected error occurred."),
        ).toBeVisible();
        await expect(c.toggle).toBeEnabled();

        await c.toggle.click();
        await expect(c.dialogTitle).toHaveText("Make this user non-interactive?");
        await expect(c.dialog).toContainText(
            "Non-interactive seats could not be checked (the server answered HTTP 503: The service is temporarily unavailable)",
        );
        await expect(c.confirm).toBeDisabled();
        await c.acknowledgeLabel.click();
        await expect(c.acknowledge).toBeChecked();
        await expect(c.confirm).toBeEnabled();
        await shot(page, "form-seats-unchecked", { around: [page.locator("main"), c.dialogBox] });
        await c.confirm.click();
        await expect.poll(async () => (await hostState(page)).outputs).toEqual([{ accessMode: 4 }]);
    });

    test("a Web API that does not answer: the checks give up after 10 seconds and the control stays usable", async ({
        page,
        openForm,
    }) => {
        test.setTimeout(40_000);
        const { server } = await openForm(
            seatsFree({
                record: hang(),
                organizationResources: hang(),
                nonInteractiveUsers: dataverseError(500, "0x80040216", "An unexpected error occurred"),
            }),
        );
        const c = controlParts(page);
        await expect(page.getByText("Checking non-interactive seats…")).toBeVisible();
        await c.toggle.click();
        await expect(c.dialog.getByText("Checking the user and the seats…")).toBeVisible();
        await expect(c.confirm).toBeDisabled();
        await c.cancel.click();

        await expect(page.getByText("Non-interactive seats could not be checked: no answer within 10 s.")).toBeVisible({
            timeout: 15_000,
        });
        await expect(
            page.getByText("This user's licence and type could not be checked: no answer within 10 s."),
        ).toBeVisible();
        // The control cancelled its own fetch when it gave up, then tried the fallback count.
        const org = server.webApi((r) => r.resource === "RetrieveOrganizationResources()");
        expect(org).toHaveLength(1);
        expect(org[0].aborted).toBe(true);
        expect(server.webApi((r) => r.resource === "systemusers")).toHaveLength(1);

        await c.toggle.click();
        await expect(c.dialog).toContainText("Non-interactive seats could not be checked (no answer within 10 s)");
        await expect(c.acknowledge).toBeVisible();
    });

    test("own record: making yourself non-interactive is refused, with no seat figure and nothing to confirm", async ({
        page,
        openForm,
    }) => {
        // Same user as the signed-in admin, but in the other shape (no braces, lower case).
        await openForm(
            seatsFree({
                form: form(0, { entityId: ADMIN_USER_ID.slice(1, -1).toLowerCase(), recordName: "Admin Contoso" }),
                record: { fullname: "Admin Contoso", islicensed: true },
            }),
        );
        const c = controlParts(page);
        await expect(page.getByText("Non-interactive seats: 3 of 7 in use", { exact: true })).toBeVisible();
        await c.toggle.click();
        await expect(c.dialogTitle).toHaveText("You can't change your own access mode");
        await expect(c.dialog.getByText("Access Mode stays Read-Write.", { exact: true })).toBeVisible();
        await expect(
            c.dialog.getByText(
                /^You can't make your own user non-interactive: it would lock you out of the web interface\./,
            ),
        ).toBeVisible();
        await expect(c.dialog).not.toContainText("4 of 7");
        await expect(c.dialog).not.toContainText("will change");
        await expect(c.confirm).toHaveCount(0);
        await c.close.click();
        expect((await hostState(page)).outputs).toEqual([]);
    });

    test("application user: locked, with the reason", async ({ page, openForm, shot }) => {
        await openForm(
            seatsFree({
                form: form(4, { recordName: "# Contoso Integration" }),
                record: {
                    fullname: "# Contoso Integration",
                    islicensed: false,
                    applicationid: "7a1c9d2e-0b3f-4e5a-9c8d-6f7e8a9b0c1d",
                },
            }),
        );
        const c = controlParts(page);
        await expect(
            page.getByText(
                /^This is an application user: it is always non-interactive, and its access mode can't be changed\./,
            ),
        ).toBeVisible();
        await expect(c.mode).toHaveText("Non-interactive");
        await expect(c.toggle).toBeChecked();
        await expect(c.toggle).toBeDisabled();
        await shot(page.locator("main"), "form-application-user");
    });

    test("an existing record whose id the form does not pass (Modified On present): locked, as whose record it is cannot be told", async ({
        page,
        openForm,
    }) => {
        const { server } = await openForm(seatsFree({ form: form(0, { entityId: null }) }));
        const c = controlParts(page);
        await expect(
            page.getByText(
                "The form did not say which user this is, so the control cannot tell whose record this is: it might be your own.",
                { exact: false },
            ),
        ).toBeVisible();
        await expect(c.toggle).toBeDisabled();
        expect(server.webApi(() => true)).toEqual([]);
    });

    test("Support User and Delegated Admin: locked, with the reason", async ({ page, openForm }) => {
        const c = controlParts(page);
        await openForm(
            seatsFree({
                form: form(3, { recordName: "Support User" }),
                record: { fullname: "Support User", islicensed: false },
            }),
        );
        await expect(c.mode).toHaveText("Support User");
        await expect(c.toggle).toBeDisabled();
        await expect(page.getByText(/^This is the Microsoft Support User placeholder account\./)).toBeVisible();

        await openForm(
            seatsFree({
                form: form(5, { recordName: "Delegated Admin" }),
                record: { fullname: "Delegated Admin", islicensed: false },
            }),
        );
        await expect(c.mode).toHaveText("Delegated Admin");
        await expect(c.toggle).toBeDisabled();
        await expect(page.getByText(/^This is the Delegated Admin placeholder account for partners\./)).toBeVisible();
    });

    test("unlicensed non-interactive user turning Read-Write: disabled when saved, so the admin must acknowledge it, naming the user", async ({
        page,
        openForm,
        shot,
    }) => {
        await openForm(
            seatsFree({
                form: form(4, { recordName: "Sam Unlicensed" }),
                record: { fullname: "Sam Unlicensed", islicensed: false },
            }),
        );
        const c = controlParts(page);
        await expect(c.mode).toHaveText("Non-interactive");
        await expect(c.toggle).toBeChecked();
        await c.toggle.click();
        await expect(c.dialogTitle).toHaveText("Make Sam Unlicensed interactive again?");
        await expect(c.choice("Read-Write")).toBeChecked();
        await expect(c.dialog).toContainText("The user can sign in to the web interface again, as Read-Write.");
        await expect(c.dialog).toContainText(
            "This user has no licence, and an unlicensed user switched to Read-Write is disabled. Assign a licence in the Microsoft 365 admin center first, or choose Administrative, which needs none.",
        );
        await expect(c.dialog).toContainText("Licensed (active) users in this environment: 41 of 50.");
        // The one warning carries Fluent's warning icon; the notes beside it the information icon.
        const warnings = c.dialog.locator('.ms-MessageBar:has([data-icon-name="Warning"])');
        await expect(warnings).toHaveCount(1);
        await expect(warnings).toContainText("This user has no licence");
        await expect(c.dialog.locator('.ms-MessageBar:has([data-icon-name="Info"])')).toHaveCount(4);
        await expect(c.confirm).toBeDisabled();
        await expect(
            c.dialog.getByRole("checkbox", { name: /^I understand that Sam Unlicensed has no licence/ }),
        ).not.toBeChecked();
        await shot(page, "form-acknowledgement-unticked", { docs: true, around: [page.locator("main"), c.dialogBox] });
        await c.dialog
            .locator("label", {
                hasText:
                    "I understand that Sam Unlicensed has no licence and will be disabled when this change is saved.",
            })
            .click();
        await expect(c.confirm).toBeEnabled();
        await shot(page, "form-warning-unlicensed", { docs: true, around: [page.locator("main"), c.dialogBox] });
        await c.confirm.click();
        await expect.poll(async () => (await hostState(page)).outputs).toEqual([{ accessMode: 0 }]);
        await expect(c.mode).toHaveText("Read-Write");
    });

    test("the modern look: the app's own brand colour arrives on the switch and the dialog; without a Fluent 2 theme, Fluent 8's own", async ({
        page,
        openForm,
        shot,
    }) => {
        const plum = "rgb(149, 71, 156)"; // PLUM_BRAND[80], #95479c
        await openForm(seatsFree({ form: form(4, { fluentDesignLanguage: modernDesign({ brand: PLUM_BRAND }) }) }));
        const c = controlParts(page);
        await expect(c.toggle).toBeChecked();
        await expect(c.toggle).toHaveCSS("background-color", plum);
        await shot(page.locator("main"), "form-modern-custom-brand");
        await c.toggle.click();
        await expect(c.confirm).toBeEnabled();
        await expect(c.confirm).toHaveCSS("background-color", plum);
        await expect(c.confirm).toHaveCSS("border-radius", "4px");
        await c.cancel.click();

        await openForm(seatsFree({ form: form(4, { fluentDesignLanguage: undefined }) }));
        await expect(c.toggle).toBeChecked();
        await expect(c.toggle).toHaveCSS("background-color", "rgb(0, 120, 212)"); // Fluent 8's themePrimary, #0078d4
        await shot(page.locator("main"), "form-classic-look");
    });

    test("a full name containing HTML is shown as text", async ({ page, openForm }) => {
        const name = `<img src="/xss-probe" onerror="window.__xss=1"><b>Eve</b> & "Mallory"`;
        await openForm(
            seatsFree({ form: form(0, { recordName: name }), record: { fullname: name, islicensed: true } }),
        );
        const c = controlParts(page);
        await expect(page.getByText("Non-interactive seats: 3 of 7 in use", { exact: true })).toBeVisible();
        await c.toggle.click();
        await expect(c.dialogTitle).toHaveText(`Make ${name} non-interactive?`);
        await expect(c.dialog.locator("img, b")).toHaveCount(0);
        expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
        // A rendered <img> would have requested /xss-probe: the server's unexpected-request check (teardown) would fail.
    });

    test("masked by field security: shows *** and asks Dataverse nothing", async ({ page, openForm }) => {
        const { server } = await openForm(
            seatsFree({ form: form(4, { security: { readable: false, editable: false, secured: true } }) }),
        );
        const c = controlParts(page);
        await expect(c.mode).toHaveText("***");
        await expect(c.toggle).toBeDisabled();
        await expect(c.toggle).not.toBeChecked();
        await expect(page.getByText("This field is hidden by field security.")).toBeVisible();
        await page.waitForTimeout(300); // give any (wrong) request time to arrive
        expect(server.requests).toEqual([]);
    });

    test("read-only form: locked, with the reason", async ({ page, openForm }) => {
        await openForm(seatsFree({ form: form(0, { isControlDisabled: true }) }));
        const c = controlParts(page);
        await expect(c.mode).toHaveText("Read-Write");
        await expect(c.toggle).toBeDisabled();
        await expect(
            page.getByText(/^You can't change this: the field is read-only for you, or the form is disabled\./),
        ).toBeVisible();
    });

    test("the value changes on the form while the dialog is open: the dialog closes and nothing is written", async ({
        page,
        openForm,
    }) => {
        await openForm(seatsFree());
        const c = controlParts(page);
        await expect(page.getByText("Non-interactive seats: 3 of 7 in use", { exact: true })).toBeVisible();
        await c.toggle.click();
        await expect(c.dialogTitle).toBeVisible();
        await page.evaluate(() =>
            (window as unknown as { amcHost: { setValue(v: number): void } }).amcHost.setValue(2),
        );
        await expect(c.dialog).toHaveCount(0);
        await expect(c.mode).toHaveText("Read");
        await expect(c.status).toHaveText(/^Access Mode changed while the dialog was open, so nothing was changed\./);
        expect((await hostState(page)).outputs).toEqual([]);
    });

    test("a disabled user takes no seat: not refused with every seat taken, the count does not move, and no sign-in is promised", async ({
        page,
        openForm,
    }) => {
        await openForm(
            seatsFree({
                record: { ...JANE, isdisabled: true },
                organizationResources: organizationResources(7, 7),
                form: form(0, { display: { ...JANE_DISPLAY, isdisabled: true } }),
            }),
        );
        const c = controlParts(page);
        await expect(page.getByText("Non-interactive seats: 7 of 7 in use", { exact: true })).toBeVisible();

        await c.toggle.click();
        await expect(c.dialogTitle).toHaveText("Make Jane Doe non-interactive?");
        await expect(c.dialog).toContainText(
            "This user is disabled: it takes no non-interactive seat while disabled, and takes one if enabled again.",
        );
        await expect(c.dialog).not.toContainText("will be in use");
        await expect(c.confirm).toBeEnabled();
        await c.confirm.click();
        await expect.poll(async () => (await hostState(page)).outputs).toEqual([{ accessMode: 4 }]);
        await expect(page.getByText("Non-interactive seats: 7 of 7 in use", { exact: true })).toBeVisible();

        await c.toggle.click();
        await expect(c.dialog).toContainText(
            "This user is disabled: once enabled again, it can sign in to the web interface as Read-Write.",
        );
        await expect(c.dialog).not.toContainText("can sign in to the web interface again");
    });

    test("create form (no record yet): no record lookup, the dialog speaks of the new user", async ({
        page,
        openForm,
    }) => {
        const { server } = await openForm(
            seatsFree({ form: form(0, { entityId: null, recordName: undefined, modifiedOn: null }) }),
        );
        const c = controlParts(page);
        await expect(page.getByText("Non-interactive seats: 3 of 7 in use", { exact: true })).toBeVisible();
        await c.toggle.click();
        await expect(c.dialogTitle).toHaveText("Make this new user non-interactive?");
        await c.confirm.click();
        await expect.poll(async () => (await hostState(page)).outputs).toEqual([{ accessMode: 4 }]);
        expect(server.webApi((r) => r.resource.startsWith("systemusers("))).toEqual([]);
    });
});
