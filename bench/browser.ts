/**
 * The control in Chromium, on the e2e suite's scripted model-driven form (testkit/host) served by its scripted
 * Dataverse (testkit/dataverseServer.ts), with the e2e suite's Chromium flags and no-internet guard:
 *   - first render to interactive toggle, median of several page loads;
 *   - Web API requests during one record's life: init, 50 updateView calls, a toggle → dialog → Cancel; then per detected
 *     save (toggle → Confirm → the form's Save), and per Retry click (a record whose seats could not be read);
 *   - updateView with unchanged inputs: time per call, React component renders, getString calls and DOM mutations.
 * The page is watched by bench/page/instrument.js; nothing of the host page or the control is changed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { CHROMIUM_LAUNCH, PAGE_CONTEXT } from "../testkit/browser";
import { type DataverseServer, startDataverse } from "../testkit/dataverseServer";
import { controlParts } from "../testkit/controlParts";
import { guardContext } from "../testkit/offline";
import { assertChromiumExists } from "../testkit/paths";
import { dataverseError, organizationResources } from "../testkit/dataverseServer";
import { seatsFree } from "../testkit/scenarios";
import { median } from "./common";

const INSTRUMENT = fs.readFileSync(path.join(__dirname, "page", "instrument.js"), "utf8");

export interface UpdateViewFigures {
    calls: number;
    /** Median over the batches of the time per call (updateView + ReactDOM.render of its element). */
    perCallMs: number;
    /** React commits in which a component rendered, per call. */
    renderingCommitsPerCall: number;
    componentRendersPerCall: number;
    /** All React commits per call: ReactDOM.render always commits its root, rendered components or not. */
    rootCommitsPerCall: number;
    getStringCallsPerCall: number;
    mutationsPerCall: number;
}

export interface BrowserFigures {
    chromium: string;
    loads: number;
    /** navigation start → switch in the DOM and enabled, per load (ms). */
    navigationToInteractiveMs: number[];
    /** control init → switch in the DOM and enabled, per load (ms). */
    initToInteractiveMs: number[];
    /** Web API requests (same-origin /api/data/…) during init, 50 updateView calls and a toggle → dialog → Cancel. */
    requests: string[];
    /** …and after the measured updateView calls too. */
    requestsAtEnd: string[];
    /** Requests a detected save sets off (the record and the seats read again). */
    requestsPerSave: string[];
    /** Requests one click of the seats' Retry sets off. */
    requestsPerRetry: string[];
    hostUpdateViewCalls: number;
    unchanged: UpdateViewFigures;
    recreated: UpdateViewFigures;
    /** One updateView with a changed value: what the counters see when the control does render (must not be zero). */
    changed: { componentRenders: number; getStringCalls: number; mutations: number; renderingCommits: number };
    blockedOutsideRequests: string[];
    pageErrors: string[];
}

interface BenchCounters {
    commits: number;
    renderingCommits: number;
    componentRenders: number;
    getStringCalls: number;
    mutations: number;
}
interface MeasuredCalls extends BenchCounters {
    calls: number;
    perCallMs: number[];
}
interface BenchWindow {
    __amcBench: {
        initAt: number | null;
        interactiveAt: number | null;
        hookError: string | null;
        measureUpdateView(o: { batches: number; perBatch: number; recreate: boolean }): Promise<MeasuredCalls>;
        measureChangedUpdate(value: number): Promise<BenchCounters>;
        settle(): Promise<void>;
        hostUpdates(n: number): Promise<number>;
    };
    amcHost: {
        ready: boolean;
        value: number | null;
        updateViewCalls: number;
        errors: string[];
        setValue(value: number | null): void;
    };
}

const API_PATH = "/api/data/";

/** The same-origin Web API requests a page sends from now on, as "METHOD path?query". */
function watchWebApi(page: Page, origin: string): string[] {
    const seen: string[] = [];
    page.on("request", (request) => {
        const url = new URL(request.url());
        if (url.origin === origin && url.pathname.startsWith(API_PATH))
            seen.push(`${request.method()} ${url.pathname}${decodeURIComponent(url.search)}`);
    });
    return seen;
}

export interface BrowserOptions {
    loads?: number;
    batches?: number;
    perBatch?: number;
}

/** A fresh browser context with the no-internet guard and the page instrumentation; closing it keeps what the guard blocked. */
type Opener = (reactHook: boolean) => Promise<{ page: Page; close: () => Promise<void> }>;

function opener(browser: Browser, blockedOutsideRequests: string[], pageErrors: string[]): Opener {
    return async (reactHook) => {
        const context = await browser.newContext(PAGE_CONTEXT);
        const guard = await guardContext(context);
        await context.addInitScript({
            content: `window.__amcBenchOptions = ${JSON.stringify({ reactHook })};\n${INSTRUMENT}`,
        });
        const page = await context.newPage();
        page.on("pageerror", (error) => pageErrors.push(error.stack ?? error.message));
        return {
            page,
            close: async () => {
                blockedOutsideRequests.push(...guard.blocked);
                await context.close();
            },
        };
    };
}

export async function measureInBrowser({
    loads = 7,
    batches = 20,
    perBatch = 25,
}: BrowserOptions = {}): Promise<BrowserFigures> {
    assertChromiumExists();
    const browser = await chromium.launch(CHROMIUM_LAUNCH);
    const blockedOutsideRequests: string[] = [];
    const pageErrors: string[] = [];
    const server = await startDataverse(seatsFree());
    try {
        const open = opener(browser, blockedOutsideRequests, pageErrors);
        const firstRenders = await measureFirstRenders(open, server, loads);
        const life = await measureRecordLife(open, server, batches, perBatch, pageErrors);
        const requestsPerSave = await measureRequestsPerSave(open, server);
        const requestsPerRetry = await measureRequestsPerRetry(open);
        return {
            chromium: browser.version(),
            loads,
            ...firstRenders,
            ...life,
            requestsPerSave,
            requestsPerRetry,
            blockedOutsideRequests: [
                ...blockedOutsideRequests,
                ...server.unexpected.map((u) => `unexpected at the scripted Dataverse: ${u}`),
            ],
            pageErrors,
        };
    } finally {
        await server.close();
        await browser.close();
    }
}

/** First render to interactive: one warm-up load, then `loads` measured ones, each in a fresh browser context. */
async function measureFirstRenders(
    open: Opener,
    server: DataverseServer,
    loads: number,
): Promise<Pick<BrowserFigures, "navigationToInteractiveMs" | "initToInteractiveMs">> {
    const navigationToInteractiveMs: number[] = [];
    const initToInteractiveMs: number[] = [];
    for (let i = 0; i <= loads; i++) {
        const { page, close } = await open(false);
        await page.goto(server.hostUrl);
        await page.waitForFunction(() => (window as unknown as BenchWindow).__amcBench.interactiveAt !== null);
        const { initAt, interactiveAt } = await page.evaluate(() => {
            const bench = (window as unknown as BenchWindow).__amcBench;
            return { initAt: bench.initAt, interactiveAt: bench.interactiveAt };
        });
        await close();
        if (i === 0) continue;
        navigationToInteractiveMs.push(interactiveAt!);
        initToInteractiveMs.push(interactiveAt! - initAt!);
    }
    return { navigationToInteractiveMs, initToInteractiveMs };
}

type RecordLife = Pick<
    BrowserFigures,
    "requests" | "requestsAtEnd" | "hostUpdateViewCalls" | "unchanged" | "recreated" | "changed"
>;

/** One record's life, then the updateView measurements on the same page. */
async function measureRecordLife(
    open: Opener,
    server: DataverseServer,
    batches: number,
    perBatch: number,
    pageErrors: string[],
): Promise<RecordLife> {
    const { page, close } = await open(true);
    const requests = watchWebApi(page, server.origin);
    await page.goto(server.hostUrl);
    await page.waitForFunction(() => (window as unknown as BenchWindow).amcHost.ready);
    await page.waitForLoadState("networkidle");
    // 50 updateView calls the way the host (the form) makes them: a new, equal context every time.
    await page.evaluate(() => (window as unknown as BenchWindow).__amcBench.hostUpdates(50));
    const parts = controlParts(page);
    await parts.toggle.click();
    await parts.dialogTitle.waitFor({ state: "visible" });
    await parts.cancel.click();
    await parts.dialogTitle.waitFor({ state: "detached" });
    // Requests are counted when the browser sends them: anything the Cancel set off has been sent by the end of a settle.
    await page.evaluate(() => (window as unknown as BenchWindow).__amcBench.settle());
    const requestsAfterLife = [...requests];
    const hostUpdateViewCalls = await page.evaluate(() => (window as unknown as BenchWindow).amcHost.updateViewCalls);

    const unchanged = await measureUpdateView(page, { batches, perBatch, recreate: false });
    const recreated = await measureUpdateView(page, { batches, perBatch, recreate: true });
    const changed = await page.evaluate(() => (window as unknown as BenchWindow).__amcBench.measureChangedUpdate(2));
    const hookError = await page.evaluate(() => (window as unknown as BenchWindow).__amcBench.hookError);
    if (hookError) throw new Error(`React commit counter: ${hookError}`);
    const requestsAtEnd = [...requests];
    const hostErrors = await page.evaluate(() => (window as unknown as BenchWindow).amcHost.errors);
    pageErrors.push(...hostErrors);
    await close();
    return {
        requests: requestsAfterLife,
        requestsAtEnd,
        hostUpdateViewCalls,
        unchanged,
        recreated,
        changed: {
            componentRenders: changed.componentRenders,
            getStringCalls: changed.getStringCalls,
            mutations: changed.mutations,
            renderingCommits: changed.renderingCommits,
        },
    };
}

/** updateView with unchanged inputs: a short warm-up so the JIT has seen the path, then the measured batches. */
async function measureUpdateView(
    page: Page,
    { batches, perBatch, recreate }: { batches: number; perBatch: number; recreate: boolean },
): Promise<UpdateViewFigures> {
    await page.evaluate((o) => (window as unknown as BenchWindow).__amcBench.measureUpdateView(o), {
        batches: 2,
        perBatch,
        recreate,
    });
    const m = await page.evaluate((o) => (window as unknown as BenchWindow).__amcBench.measureUpdateView(o), {
        batches,
        perBatch,
        recreate,
    });
    return {
        calls: m.calls,
        perCallMs: median(m.perCallMs),
        renderingCommitsPerCall: m.renderingCommits / m.calls,
        componentRendersPerCall: m.componentRenders / m.calls,
        rootCommitsPerCall: m.commits / m.calls,
        getStringCallsPerCall: m.getStringCalls / m.calls,
        mutationsPerCall: m.mutations / m.calls,
    };
}

/** The requests seen once the page has settled and the network is idle. */
async function settled(watched: Page, seen: string[]): Promise<string[]> {
    await watched.evaluate(() => (window as unknown as BenchWindow).__amcBench.settle());
    await watched.waitForLoadState("networkidle");
    return [...seen];
}

/** A detected save: toggle → Confirm → the form's Save, on a freshly loaded record. */
async function measureRequestsPerSave(open: Opener, server: DataverseServer): Promise<string[]> {
    const saving = await open(false);
    const savingRequests = watchWebApi(saving.page, server.origin);
    await saving.page.goto(server.hostUrl);
    await saving.page.waitForFunction(() => (window as unknown as BenchWindow).amcHost.ready);
    const beforeSave = (await settled(saving.page, savingRequests)).length;
    const savingParts = controlParts(saving.page);
    await savingParts.toggle.click();
    await savingParts.confirm.click();
    await saving.page.getByRole("button", { name: "Save", exact: true }).click();
    await savingParts.status.filter({ hasText: /^Saved:/ }).waitFor();
    const requestsPerSave = (await settled(saving.page, savingRequests)).slice(beforeSave);
    await saving.close();
    return requestsPerSave;
}

/** One Retry click, where the seats could not be read (the function fails once, the count fails). */
async function measureRequestsPerRetry(open: Opener): Promise<string[]> {
    const failing = await startDataverse(
        seatsFree({
            organizationResources: [
                dataverseError(500, "0x80040216", "An unexpected error occurred"),
                organizationResources(3, 7),
            ],
            nonInteractiveUsers: dataverseError(500, "0x80040216", "An unexpected error occurred"),
        }),
    );
    const retrying = await open(false);
    const retryRequests = watchWebApi(retrying.page, failing.origin);
    try {
        await retrying.page.goto(failing.hostUrl);
        await retrying.page.getByRole("button", { name: "Retry", exact: true }).waitFor();
        const beforeRetry = (await settled(retrying.page, retryRequests)).length;
        await retrying.page.getByRole("button", { name: "Retry", exact: true }).click();
        await retrying.page.getByText(/^Non-interactive seats: 3 of 7 in use/).waitFor();
        return (await settled(retrying.page, retryRequests)).slice(beforeRetry);
    } finally {
        await retrying.close();
        await failing.close();
    }
}
