import * as fs from "node:fs";
import * as path from "node:path";

/** Repository root (testkit → ..). */
export const REPO_ROOT = path.resolve(__dirname, "..");
export const NODE_MODULES = path.join(REPO_ROOT, "node_modules");
/** The production build of the control, exactly as `npm run build` leaves it (E2E_CONTROL_DIR tests another build). */
export const CONTROL_OUT_DIR = path.resolve(
    process.env.E2E_CONTROL_DIR || path.join(REPO_ROOT, "out", "controls", "AccessModeControl"),
);
export const BUNDLE_PATH = path.join(CONTROL_OUT_DIR, "bundle.js");
export const HOST_DIR = path.join(__dirname, "host");
export const PCF_START_BIN = path.join(NODE_MODULES, "pcf-start", "bin", "pcf-start.js");
export const PCF_START_HOOK = path.join(__dirname, "pcf-start-hook.cjs");

/** Screenshots of every run go here (git-ignored); UPDATE_SCREENSHOTS=1 also refreshes the committed ones. */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, "test-results", "e2e-screenshots");
export const DOCS_SCREENSHOT_DIR = path.join(REPO_ROOT, "docs", "screenshots");

/** Debian's Chromium; nothing in these tests downloads a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** The production build is there (and not a development one): the browser tests, the budgets and the bench all need it. */
export function assertBuildExists(): void {
    const where = path.relative(REPO_ROOT, BUNDLE_PATH);
    if (!fs.existsSync(BUNDLE_PATH)) {
        throw new Error(`The production build is missing (${where}). Run \`npm run build\` first.`);
    }
    // `npm start` (pcf-scripts start watch) leaves a development build in the same place: the tests and the bench measure production.
    if (fs.readFileSync(BUNDLE_PATH, "utf8").includes('The "eval" devtool has been used')) {
        throw new Error(`${where} is a development build (left by \`npm start\`?). Run \`npm run build\` first.`);
    }
}

export function assertChromiumExists(): void {
    if (!fs.existsSync(CHROMIUM_PATH)) {
        throw new Error(
            `Chromium not found at ${CHROMIUM_PATH}. Install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.`,
        );
    }
}
