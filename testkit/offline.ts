/**
 * Keeps the browser off the internet. Every request that does not go to 127.0.0.1 is routed here:
 *   - the harness's React 16.14.0 / ReactDOM from unpkg.com is answered from node_modules (same version, checked);
 *   - Fluent UI's icon font files, which Fluent requests from Microsoft's CDN, are answered from
 *     node_modules/@fluentui/font-icons-mdl2/fonts when a file of that name is there;
 *   - anything else is aborted and recorded, and the test fails at teardown with the list.
 * Fluent's Segoe UI web fonts are not on npm: the init script sets Fluent's documented `window.FabricConfig.fontBaseUrl`
 * to "" so that no font face is registered and nothing is requested (text falls back to a local sans-serif).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { BrowserContext, Route } from "@playwright/test";
import { NODE_MODULES } from "./paths";

export interface OfflineGuard {
    /** Outside requests that were refused (the test fails if any). */
    readonly blocked: string[];
    /** Outside requests answered from node_modules. */
    readonly servedLocally: string[];
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);
const UNPKG = /^\/(react|react-dom)@(16\.14\.0)\/umd\/([\w.-]+\.js)$/;
const FABRIC_ICON_HOSTS = new Set([
    "spoprod-a.akamaihd.net",
    "static2.sharepointonline.com",
    "res.cdn.office.net",
    "res-1.cdn.office.net",
]);
const FABRIC_ICON = /\/assets\/icons\/(fabric-icons(?:-\d+)?-[0-9a-f]{8}\.woff2?)$/;
const ICON_DIR = path.join(NODE_MODULES, "@fluentui", "font-icons-mdl2", "fonts");

function installedVersion(pkg: string): string {
    return (JSON.parse(fs.readFileSync(path.join(NODE_MODULES, pkg, "package.json"), "utf8")) as { version: string })
        .version;
}

/** The local file that stands in for an outside URL, or null when the URL must not be requested at all. */
export function localStandIn(rawUrl: string): { file: string; contentType: string } | null {
    const url = new URL(rawUrl);
    if (url.protocol !== "https:") return null;
    if (url.hostname === "unpkg.com") {
        const m = UNPKG.exec(url.pathname);
        if (!m || installedVersion(m[1]) !== m[2]) return null;
        const file = path.join(NODE_MODULES, m[1], "umd", m[3]);
        return fs.existsSync(file) ? { file, contentType: "application/javascript; charset=utf-8" } : null;
    }
    if (FABRIC_ICON_HOSTS.has(url.hostname)) {
        const m = FABRIC_ICON.exec(url.pathname);
        const file = m && path.join(ICON_DIR, m[1]);
        return file && fs.existsSync(file) ? { file, contentType: "font/woff" } : null;
    }
    return null;
}

export async function guardContext(context: BrowserContext): Promise<OfflineGuard> {
    const guard = { blocked: [] as string[], servedLocally: [] as string[] };
    await context.addInitScript(() => {
        (window as unknown as { FabricConfig?: object }).FabricConfig = { fontBaseUrl: "" };
    });
    await context.route("**/*", async (route: Route) => {
        const url = route.request().url();
        const { protocol, hostname } = new URL(url);
        if ((protocol === "http:" || protocol === "ws:") && LOOPBACK_HOSTS.has(hostname)) return route.fallback();
        const standIn = localStandIn(url);
        if (standIn) {
            guard.servedLocally.push(url);
            return route.fulfill({
                status: 200,
                path: standIn.file,
                contentType: standIn.contentType,
                headers: { "Access-Control-Allow-Origin": "*" },
            });
        }
        guard.blocked.push(`${route.request().method()} ${url}`);
        return route.abort("blockedbyclient");
    });
    return guard;
}
