/** How the e2e tests and the bench start Debian's Chromium and the pages they open: one definition for both. */
import { CHROMIUM_PATH } from "./paths";

export const PAGE_CONTEXT = {
    viewport: { width: 1100, height: 760 },
    locale: "en-US",
    timezoneId: "UTC",
    serviceWorkers: "block",
} as const;

export const CHROMIUM_LAUNCH = {
    executablePath: CHROMIUM_PATH,
    headless: true,
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
};
