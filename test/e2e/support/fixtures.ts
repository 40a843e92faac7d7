/**
 * The fixtures every e2e spec uses:
 *   noInternet (automatic) no request leaves the machine; see offline.ts
 *   pageErrors (automatic) an uncaught exception in the page fails the test
 *   harness    (per worker) the official pcf-start harness serving the production build
 *   openForm   the scripted Dataverse host page with a scenario; its server is closed after the test
 *   shot       saves a PNG (test-results/e2e-screenshots; UPDATE_SCREENSHOTS=1 also refreshes docs/screenshots)
 *   axe        runs axe-core and returns the serious and critical violations
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { test as base, expect, Locator, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { DataverseServer, Scenario, startDataverse } from "../../../testkit/dataverseServer";
import { guardContext, OfflineGuard } from "../../../testkit/offline";
import { DOCS_SCREENSHOT_DIR, SCREENSHOT_DIR } from "../../../testkit/paths";
import { PcfStartServer, startPcfStart } from "../../../testkit/pcfStart";
import { controlParts } from "../../../testkit/controlParts";

export { controlParts };

export interface HostedForm {
    server: DataverseServer;
    /** The form's field container (the control renders inside). */
    root: Locator;
}

export interface AxeViolation {
    id: string;
    impact: string | null | undefined;
    help: string;
    targets: string[];
}

interface TestFixtures {
    noInternet: OfflineGuard;
    pageErrors: string[];
    openForm: (scenario: Scenario, page?: Page) => Promise<HostedForm>;
    /**
     * Saves a PNG of a page or element. `around` crops a page shot to the union of those elements (plus a margin)
     * and the page's top, so dialog shots show the dialog over the form rather than a whole grey viewport.
     */
    shot: (target: Page | Locator, name: string, options?: { docs?: boolean; around?: Locator[] }) => Promise<void>;
    axe: (page: Page, options?: { include?: string }) => Promise<AxeViolation[]>;
}

interface WorkerFixtures {
    harness: PcfStartServer;
}

const UPDATE_DOCS = process.env.UPDATE_SCREENSHOTS === "1";

export const test = base.extend<TestFixtures, WorkerFixtures>({
    noInternet: [
        async ({ context }, provide) => {
            const guard = await guardContext(context);
            await provide(guard);
            expect(guard.blocked, "requests that tried to leave the machine").toEqual([]);
        },
        { auto: true },
    ],

    pageErrors: [
        async ({ page }, provide) => {
            const errors: string[] = [];
            page.on("pageerror", (error) => errors.push(error.stack ?? error.message));
            await provide(errors);
            expect(errors, "uncaught exceptions in the page").toEqual([]);
        },
        { auto: true },
    ],

    harness: [
        // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern
        async ({}, provide) => {
            const server = await startPcfStart();
            try {
                await provide(server);
            } finally {
                await server.stop();
            }
            expect(server.blockedConnections(), "outgoing connections pcf-start tried").toEqual([]);
        },
        { scope: "worker", timeout: 60_000 },
    ],

    openForm: async ({ page: defaultPage }, provide) => {
        const servers: DataverseServer[] = [];
        const pages: Page[] = [];
        await provide(async (scenario, page = defaultPage) => {
            const server = await startDataverse(scenario);
            servers.push(server);
            pages.push(page);
            await page.goto(server.hostUrl);
            await page.waitForFunction(
                () => (window as unknown as { amcHost?: { ready: boolean } }).amcHost?.ready === true,
            );
            return { server, root: page.locator("#control-root") };
        });
        for (const page of pages) {
            if (page.isClosed()) continue;
            const host = await page.evaluate(() => {
                const h = (
                    window as unknown as {
                        amcHost: { errors: string[]; missingStrings: string[]; webApiCalls: { method: string }[] };
                    }
                ).amcHost;
                return {
                    errors: h.errors,
                    missingStrings: h.missingStrings,
                    writes: h.webApiCalls.filter((c) => !c.method.startsWith("retrieve")),
                };
            });
            expect(host.errors, "errors from init/updateView").toEqual([]);
            expect(host.missingStrings, "resx keys the control asked for that the build lacks").toEqual([]);
            expect(host.writes, "the control must not write through context.webAPI").toEqual([]);
        }
        for (const server of servers) {
            await server.close();
            expect(server.unexpected, "requests the scripted Dataverse did not expect").toEqual([]);
            expect(
                server.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.resource}`),
                "Web API writes",
            ).toEqual([]);
        }
    },

    // eslint-disable-next-line no-empty-pattern
    shot: async ({}, provide, testInfo) => {
        await provide(async (target, name, options) => {
            fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
            // The pointer of the last click would show a hover state on whatever now lies under it.
            await ("goto" in target ? target : target.page()).mouse.move(0, 0);
            const file = path.join(SCREENSHOT_DIR, `${name}.png`);
            const boxes = (await Promise.all((options?.around ?? []).map((l) => l.boundingBox()))).filter(
                (b) => b !== null,
            );
            const margin = 16;
            const left = Math.max(0, Math.min(...boxes.map((b) => b.x)) - margin);
            const right = Math.max(...boxes.map((b) => b.x + b.width)) + margin;
            const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + margin;
            const clip = boxes.length > 0 ? { x: left, y: 0, width: right - left, height: bottom } : undefined;
            if (clip && "goto" in target)
                await target.screenshot({ path: file, animations: "disabled", caret: "hide", clip });
            else await target.screenshot({ path: file, animations: "disabled", caret: "hide" });
            await testInfo.attach(name, { path: file, contentType: "image/png" });
            if (UPDATE_DOCS && options?.docs) {
                fs.mkdirSync(DOCS_SCREENSHOT_DIR, { recursive: true });
                fs.copyFileSync(file, path.join(DOCS_SCREENSHOT_DIR, `${name}.png`));
            }
        });
    },

    // eslint-disable-next-line no-empty-pattern
    axe: async ({}, provide) => {
        await provide(async (page, options) => {
            let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]);
            if (options?.include) builder = builder.include(options.include);
            const results = await builder.analyze();
            return results.violations
                .filter((v) => v.impact === "serious" || v.impact === "critical")
                .map((v) => ({
                    id: v.id,
                    impact: v.impact,
                    help: v.help,
                    targets: v.nodes.map((n) => n.target.join(" ")),
                }));
        });
    },
});

export { expect };

/**
 * Lets focus and rendering settle the way they do between two key presses of a person: two animation frames and
 * 50 ms. (Focus moves scheduled when the dialog opens would otherwise race a key pressed within microseconds.)
 */
export async function settle(page: Page): Promise<void> {
    await page.evaluate(
        () =>
            new Promise<void>((resolve) =>
                requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50))),
            ),
    );
}
