/**
 * Self-tests of the guards that keep the e2e run on this machine: they must catch what they claim to catch.
 */
import { spawnSync } from "node:child_process";
import { guardContext } from "../../../testkit/offline";
import { PCF_START_HOOK } from "../../../testkit/paths";
import { expect, test } from "../support/fixtures";

test("the browser guard answers the harness's CDN React from node_modules and refuses every other outside request", async ({
    browser,
}) => {
    const context = await browser.newContext();
    try {
        const guard = await guardContext(context);
        const page = await context.newPage();
        const fetched = await page.evaluate(async () => {
            const attempt = (url: string) =>
                fetch(url).then(
                    async (r) => `${r.status} ${(await r.text()).slice(0, 60)}`,
                    (e: Error) => `failed: ${e.message}`,
                );
            return {
                react: await attempt("https://unpkg.com/react@16.14.0/umd/react.development.js"),
                otherReact: await attempt("https://unpkg.com/react@18.3.1/umd/react.development.js"),
                outside: await attempt("https://example.com/"),
            };
        });
        expect(fetched.react).toMatch(/^200 \/\*\* @license React v16\.14\.0/);
        expect(fetched.otherReact).toMatch(/^failed/);
        expect(fetched.outside).toMatch(/^failed/);
        expect(guard.servedLocally).toEqual(["https://unpkg.com/react@16.14.0/umd/react.development.js"]);
        expect(guard.blocked).toEqual([
            "GET https://unpkg.com/react@18.3.1/umd/react.development.js",
            "GET https://example.com/",
        ]);
    } finally {
        await context.close();
    }
});

test("the hook preloaded into pcf-start refuses and reports outgoing connections", () => {
    const script = `require("node:https").get("https://dc.services.visualstudio.com/v2/track").on("error", (e) => console.log("error:", e.message));`;
    const result = spawnSync(process.execPath, ["-r", PCF_START_HOOK, "-e", script], {
        env: { ...process.env, PCF_E2E_PORT: "1" },
        encoding: "utf8",
        timeout: 10_000,
    });
    expect(result.stderr).toContain("[e2e-offline] blocked outgoing connection to dc.services.visualstudio.com:443");
    expect(result.stdout).toContain("error: e2e: outgoing connection to dc.services.visualstudio.com refused");
});
