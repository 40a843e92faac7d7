/**
 * Real-browser tests of the production build (out/controls/AccessModeControl) in Debian's Chromium.
 * Run: npm run build && npm run test:e2e   (CHROMIUM_PATH overrides /usr/bin/chromium)
 */
import { defineConfig } from "@playwright/test";
import * as path from "node:path";
import { onCi } from "../helpers/ci";
import { CHROMIUM_PATH, REPO_ROOT } from "./support/paths";

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
    reporter: onCi() ? [["list"]] : [["list"], ["html", { open: "never", outputFolder: path.join(REPO_ROOT, "test-results", "e2e-report") }]],
    use: {
        browserName: "chromium",
        headless: true,
        viewport: { width: 1100, height: 760 },
        locale: "en-US",
        timezoneId: "UTC",
        serviceWorkers: "block",
        trace: "retain-on-failure",
        screenshot: "only-on-failure",
        launchOptions: {
            executablePath: CHROMIUM_PATH,
            args: [
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                // Second line of defence behind the request routing: no host name but loopback resolves.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
            ],
        },
    },
});
