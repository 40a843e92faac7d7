/**
 * The production build in the official test harness (pcf-start, what `npm start` opens), in Chromium.
 * The harness rejects every context.webAPI call with a window.alert and answers the control's fetch with 404:
 * the control must stay usable there.
 */
import type { Page } from "@playwright/test";
import { controlParts, expect, test } from "../support/fixtures";

interface HarnessPage {
    page: Page;
    /** Messages of the window.alert()s the harness raised. */
    alerts: string[];
}

/**
 * pcf-start loads every resx of the manifest into one table, in whatever order they arrive, so the harness shows a
 * random mix of the four languages (a model-driven app loads only the user's). The tests pin it to English by
 * answering the other languages' resx with an empty one.
 */
const OTHER_LANGUAGE_RESX = /\/strings\/AccessModeControl\.(?!1033\.)\d+\.resx$/;
const EMPTY_RESX = `<?xml version="1.0" encoding="utf-8"?><root></root>`;

async function openHarness(page: Page, url: string): Promise<HarnessPage> {
    await page.route(OTHER_LANGUAGE_RESX, (route) =>
        route.fulfill({ status: 200, contentType: "application/xml", body: EMPTY_RESX }),
    );
    const alerts: string[] = [];
    page.on("dialog", (dialog) => {
        alerts.push(dialog.message());
        void dialog.dismiss();
    });
    await page.goto(url);
    await expect(controlParts(page).toggle).toBeVisible({ timeout: 15_000 });
    return { page, alerts };
}

/** The harness's "Value" box of the bound accessMode property, in the Data Inputs panel. */
function valueInput(page: Page) {
    return page.locator(".io-item", { has: page.getByText("accessMode", { exact: true }) }).locator("input");
}

async function setValueFromPanel(page: Page, value: string): Promise<void> {
    const input = valueInput(page);
    await input.fill(value);
    await input.press("Enter");
}

/** What the harness shows under "Data Outputs" for accessMode (the section appears after the first output). */
function outputValue(page: Page) {
    return page
        .getByRole("region", { name: "Data Outputs" })
        .locator(".io-item", { hasText: "accessMode" })
        .locator(".key-value-pair-value");
}

// The harness's own OptionSet metadata names 0/1/2 "Option A/B/C"; the control ignores such placeholder metadata.
const EXPECTED_LABELS: Record<string, RegExp> = {
    "0": /^Read-Write$/,
    "1": /^Administrative$/,
    "2": /^Read$/,
    "3": /^Support User$/,
    "4": /^Non-interactive$/,
    "5": /^Delegated Admin$/,
    "7": /^Unknown \(7\)$/,
};

test.describe("in the pcf-start harness", () => {
    test("renders the production bundle and stays usable although every Web API call is rejected", async ({
        page,
        harness,
        shot,
        noInternet,
    }) => {
        const { alerts } = await openHarness(page, harness.url);
        const c = controlParts(page);

        await expect(c.mode).toHaveText(EXPECTED_LABELS["0"]);
        await expect(c.toggle).toBeEnabled();
        await expect(c.toggle).not.toBeChecked();
        // RetrieveOrganizationResources gets the harness's 404; the fallback count is refused with an alert.
        await expect(page.getByText(/^Non-interactive seats could not be checked: .+/)).toBeVisible();
        await expect(page.getByText(/licence and type could not be checked/)).toBeVisible();
        await expect
            .poll(() => alerts.slice().sort())
            .toEqual([
                "Your control is trying to retrieve a record. This is not yet supported.",
                "Your control is trying to retrieve multiple records. This is not yet supported.",
            ]);
        await shot(page, "harness-default");
        // The harness's React came from node_modules, not from unpkg.com.
        expect(noInternet.servedLocally).toEqual(
            expect.arrayContaining([
                "https://unpkg.com/react@16.14.0/umd/react.development.js",
                "https://unpkg.com/react-dom@16.14.0/umd/react-dom.development.js",
            ]),
        );
    });

    test("shows every access-mode value set from the harness's input panel", async ({ page, harness }) => {
        await openHarness(page, harness.url);
        const c = controlParts(page);
        const locked: Record<string, RegExp> = {
            "3": /Microsoft Support User placeholder account/,
            "5": /Delegated Admin placeholder account/,
            "7": /not one this control knows/,
        };
        for (const value of ["4", "1", "2", "3", "5", "7", "0"]) {
            await test.step(`accessMode = ${value}`, async () => {
                await setValueFromPanel(page, value);
                await expect(c.mode).toHaveText(EXPECTED_LABELS[value]);
                await expect(c.toggle).toBeChecked({ checked: value === "4" });
                if (locked[value]) {
                    await expect(c.toggle).toBeDisabled();
                    await expect(page.getByText(locked[value])).toBeVisible();
                } else {
                    await expect(c.toggle).toBeEnabled();
                }
            });
        }
    });

    test("toggle → dialog → Cancel leaves the value alone", async ({ page, harness }) => {
        await openHarness(page, harness.url);
        const c = controlParts(page);
        await c.toggle.click();
        await expect(c.dialogTitle).toBeVisible();
        await expect(c.dialogTitle).toHaveText("Make this user non-interactive?");
        await expect(c.cancel).toBeFocused();
        await c.cancel.click();
        await expect(c.dialog).toHaveCount(0);
        await expect(c.toggle).not.toBeChecked();
        await expect(c.mode).toHaveText(EXPECTED_LABELS["0"]);
        await expect(valueInput(page)).toHaveValue("0");
        await expect(page.getByRole("region", { name: "Data Outputs" })).toHaveCount(0);
        await expect(c.status).toHaveText("Cancelled: nothing was changed.");
    });

    test("Confirm changes the output the harness shows, and Undo restores it", async ({ page, harness, shot }) => {
        await openHarness(page, harness.url);
        const c = controlParts(page);
        await c.toggle.click();
        await expect(c.dialogTitle).toBeVisible();
        // The seats could not be checked in the harness: Confirm waits for the acknowledgement.
        await expect(c.confirm).toBeDisabled();
        await expect(c.acknowledge).not.toBeChecked();
        await c.acknowledgeLabel.click();
        await expect(c.acknowledge).toBeChecked();
        await expect(c.confirm).toBeEnabled();
        await shot(page, "harness-dialog");
        await c.confirm.click();

        await expect(c.dialog).toHaveCount(0);
        await expect(outputValue(page)).toHaveText("4");
        await expect(valueInput(page)).toHaveValue("4");
        await expect(c.mode).toHaveText("Non-interactive");
        await expect(c.toggle).toBeChecked();
        await expect(
            page.getByText(
                /^Unsaved: Access Mode changes from .+ to Non-interactive when the form is saved, usually within 30 seconds by autosave/,
            ),
        ).toBeVisible();
        await expect(c.status).toHaveText("Access Mode set to Non-interactive. Save the form to apply it.");

        await c.undo.click();
        await expect(outputValue(page)).toHaveText("0");
        await expect(c.mode).toHaveText(EXPECTED_LABELS["0"]);
        await expect(c.status).toHaveText("Change undone.");
    });

    test("turning non-interactive off restores the interactive mode the user had", async ({ page, harness }) => {
        await openHarness(page, harness.url);
        const c = controlParts(page);
        await setValueFromPanel(page, "1");
        await expect(c.mode).toHaveText(EXPECTED_LABELS["1"]);
        await setValueFromPanel(page, "4");
        await expect(c.toggle).toBeChecked();
        await c.toggle.click();
        await expect(c.dialogTitle).toHaveText("Make this user interactive again?");
        await c.confirm.click();
        await expect(outputValue(page)).toHaveText("1");
        await expect(c.mode).toHaveText(EXPECTED_LABELS["1"]);
    });
});

test.describe("save detection in the pcf-start harness", () => {
    test("the bound modifiedOn property is a Data Input, and changing it there acts as a save", async ({
        page,
        harness,
    }) => {
        await openHarness(page, harness.url);
        const c = controlParts(page);
        const modifiedOn = page
            .locator(".io-item", { has: page.getByText("modifiedOn", { exact: true }) })
            .locator("input");
        // The harness fills a DateAndTime input with its own default date.
        await expect(modifiedOn).toHaveValue("2019-01-01T12:00");
        await c.toggle.click();
        await c.acknowledgeLabel.click();
        await c.confirm.click();
        await expect(
            page.getByText(
                /^Unsaved: Access Mode changes from .+ to Non-interactive when the form is saved, usually within 30 seconds by autosave/,
            ),
        ).toBeVisible();
        await modifiedOn.fill("2026-12-01T10:15");
        await modifiedOn.press("Enter");
        await expect(c.status).toHaveText("Saved: Access Mode is now Non-interactive.");
        await expect(page.getByText(/^Unsaved:/)).toHaveCount(0);
        await expect(c.undo).toHaveCount(0);
    });
});
