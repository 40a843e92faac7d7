/**
 * Real-browser tests of the production build (out/controls/AccessModeControl) in Debian's Chromium.
 * Run: npm run build && npm run test:e2e   (CHROMIUM_PATH overrides /usr/bin/chromium)
 */
import { defineConfig } from "@playwright/test";
import * as path from "node:path";
import { onCi } from "../helpers/ci";
import { CHROMIUM_LAUNCH, PAGE_CONTEXT } from "../../testkit/browser";
import { REPO_ROOT } from "../../testkit/paths";

export default defineConfig({
    testDir: path.join(__dirname, "specs"),
    outputDir: path.join(REPO_ROOT, "test-results", "e2e"),
    globalSetup: path.join(__dirname, "global-setup.ts"),
    globalTeardown: path.join(__dirname, "global-teardown.ts"),
    timeout: 30_000,
    expect: { timeout: 5_000 },
    fullyParallel: true,
    workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
    forbidOnly: onCi(),
    retries: 0,
    reporter: onCi()
        ? [["list"]]
        : [["list"], ["html", { open: "never", outputFolder: path.join(REPO_ROOT, "test-results", "e2e-report") }]],
    use: {
        browserName: "chromium",
        headless: true,
        ...PAGE_CONTEXT,
        trace: "retain-on-failure",
        screenshot: "only-on-failure",
        launchOptions: CHROMIUM_LAUNCH,
    },
});
