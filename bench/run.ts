/**
 * npm run bench — every performance figure of the control, measured in one run, each against its budget:
 *   1. `npm run build` twice (timed; the zips' sha256 compared), `npm run pack` and packSolution() timed;
 *   2. bundle bytes: the production bundle.js and pcf-scripts' configuration built with and without the platform libraries;
 *   3. in Chromium: first render to interactive toggle, Web API requests in one record's life, updateView re-render work;
 *   4. `amc audit` over 10,000 and 100,000 scripted users, paged and (for comparison) all at once: requests, live heap, time.
 * Prints one table (stdout), writes bench/results/latest.json, and exits 1 when a figure is over its budget.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { assertChromiumExists } from "../testkit/paths";
import { AUDIT_SIZES, AuditBench, measureAudits } from "./amcAudit";
import { BrowserFigures, measureInBrowser } from "./browser";
import { BuildFigures, measureBuilds } from "./build";
import { BundleFigures, measureBundles } from "./bundle";
import { median, msSince, RESULTS_DIR } from "./common";
import {
    BUNDLE_BUDGET_BYTES,
    BUNDLE_GZIP_BUDGET_BYTES,
    BUNDLED_LIBRARY_MARKERS,
    requestBudget,
} from "../testkit/budgets";
import { bytes, count, failures, formatTable, grouped, mebibytes, ms, ratio, Section, seconds } from "./table";

/** Budgets. The issues set the bundle (24 KB raw, 8.5 KB gzip), the requests (≤ 2), re-renders (0) and the run (< 2 min); the rest are ours. */
const BUDGET = {
    bundleRaw: BUNDLE_BUDGET_BYTES,
    bundleGzip: BUNDLE_GZIP_BUDGET_BYTES,
    savingGzip: 10,
    requests: 2,
    requestsPerSave: 2,
    requestsPerRetry: 1,
    updateViewUs: 20,
    navigationToInteractiveMs: 2000,
    initToInteractiveMs: 100,
    buildMs: 30_000,
    packCommandMs: 5_000,
    packInProcessMs: 500,
    /** amc audit of 100,000 users: requests ≤ ⌈users ÷ page size⌉ + ⌈audit rows ÷ page size⌉ + 5, live heap and time (a few times today's). */
    auditLiveHeapBytes: 8 * 1024 * 1024,
    auditMs: 5_000,
    benchMs: 120_000,
};

const LOADS = 7;
const BATCHES = 25;
const PER_BATCH = 1000;

let stepStarted = process.hrtime.bigint();
/** Progress on stderr, with the time the previous step took. */
function step(message: string): void {
    process.stderr.write(`bench: ${message}\n`);
    stepStarted = process.hrtime.bigint();
}
function stepDone(): void {
    process.stderr.write(`bench:   … ${seconds(msSince(stepStarted))}\n`);
}

type Figures = {
    build: BuildFigures;
    bundle: BundleFigures;
    browser: BrowserFigures;
    audit: AuditBench;
    totalMs: number;
};

/** Every measurement, one step after another, with progress on stderr. */
async function measureAll(): Promise<Figures> {
    const started = process.hrtime.bigint();
    assertChromiumExists(); // before a minute of building
    step("npm run build, twice; npm run pack …");
    const build = await measureBuilds();
    stepDone();
    step("bundle sizes; pcf-scripts' webpack configuration with and without the platform libraries …");
    const bundle = await measureBundles();
    stepDone();
    step("Chromium: page loads, one record's life, updateView …");
    const browser = await measureInBrowser({ loads: LOADS, batches: BATCHES, perBatch: PER_BATCH });
    stepDone();
    step(`amc audit: ${AUDIT_SIZES.map(grouped).join(" and ")} scripted users, paged and all at once …`);
    const audit = await measureAudits();
    stepDone();
    return { build, bundle, browser, audit, totalMs: msSince(started) };
}

async function main(): Promise<number> {
    const figures = await measureAll();
    const { build, bundle, browser, audit, totalMs } = figures;
    const sections: Section[] = [
        bundleSection(bundle),
        networkSection(browser),
        updateViewSection(browser),
        firstRenderSection(browser),
        auditSection(audit),
        buildSection(build, totalMs),
    ];
    const latest = writeResults(figures, sections);
    const over = failures(sections);
    if (over.length > 0) {
        reportOverBudget(over, bundle, browser);
        return 1;
    }
    console.log(`\nAll within budget. Details: ${path.relative(process.cwd(), latest)}`);
    return 0;
}

/** Prints the table (stdout) and writes it with every figure to bench/results/latest.json; the file's path. */
function writeResults(figures: Figures, sections: Section[]): string {
    const cpus = os.cpus();
    const environment = {
        date: new Date().toISOString(),
        node: process.version,
        chromium: figures.browser.chromium,
        cpus: `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown"}`,
        loadAverage: os.loadavg().map((n) => Number(n.toFixed(2))),
    };
    const table = formatTable(sections);
    console.log(
        `AccessModeControl bench — ${environment.date} — Node ${environment.node}, Chromium ${environment.chromium}, ${environment.cpus}`,
    );
    console.log(table);

    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const latest = path.join(RESULTS_DIR, "latest.json");
    const { build, bundle, browser, audit, totalMs } = figures;
    fs.writeFileSync(
        latest,
        `${JSON.stringify({ environment, budgets: BUDGET, table, sections, build, bundle, browser, audit, totalMs }, null, 2)}\n`,
    );
    return latest;
}

/** What is over budget, and the details that tell why. */
function reportOverBudget(over: ReturnType<typeof failures>, bundle: BundleFigures, browser: BrowserFigures): void {
    console.log(`\nOver budget: ${over.map((r) => r.figure).join("; ")}`);
    if (bundle.productionMarkers.length > 0)
        console.log(
            `bundle.js carries: ${bundle.productionMarkers.map((m) => `${m.library} (${m.marker})`).join(", ")}`,
        );
    if (bundle.productionMissingGlobals.length > 0)
        console.log(`bundle.js does not read: ${bundle.productionMissingGlobals.join(", ")}`);
    if (bundle.markersMissingFromBundled.length > 0)
        console.log(
            `markers not found in the bundled build: ${bundle.markersMissingFromBundled.map((m) => m.marker).join(", ")}`,
        );
    if (browser.requestsAtEnd.length > BUDGET.requests) console.log(`requests: ${browser.requestsAtEnd.join("; ")}`);
    if (browser.pageErrors.length > 0) console.log(`page errors: ${browser.pageErrors.join("\n")}`);
    if (browser.blockedOutsideRequests.length > 0)
        console.log(`off the machine: ${browser.blockedOutsideRequests.join("; ")}`);
}

function bundleSection(bundle: BundleFigures): Section {
    const found = BUNDLED_LIBRARY_MARKERS.length - bundle.markersMissingFromBundled.length;
    return {
        title: "Bundle",
        rows: [
            {
                figure: "bundle.js (production, platform React and Fluent), raw",
                value: bytes(bundle.production.raw),
                budget: `≤ ${bytes(BUDGET.bundleRaw)}`,
                ok: bundle.production.raw <= BUDGET.bundleRaw,
            },
            {
                figure: "bundle.js, gzip -9",
                value: bytes(bundle.production.gzip),
                budget: `≤ ${bytes(BUDGET.bundleGzip)}`,
                ok: bundle.production.gzip <= BUDGET.bundleGzip,
            },
            {
                figure: "same control bundling React, ReactDOM and Fluent, raw",
                value: bytes(bundle.bundledBuild.raw),
                budget: "reference",
                ok: null,
            },
            {
                figure: "same control bundling React, ReactDOM and Fluent, gzip -9",
                value: bytes(bundle.bundledBuild.gzip),
                budget: "reference",
                ok: null,
            },
            {
                figure: "saving by the platform libraries (bundled ÷ bundle.js), raw / gzip",
                value: `${ratio(bundle.ratio.raw)} / ${ratio(bundle.ratio.gzip)}`,
                budget: `gzip ≥ ${BUDGET.savingGzip}×`,
                ok: bundle.ratio.gzip >= BUDGET.savingGzip,
            },
            {
                figure: `React/Fluent code markers in bundle.js (bundled build: ${found} of ${BUNDLED_LIBRARY_MARKERS.length} found)`,
                value: String(bundle.productionMarkers.length),
                budget: "0, all found in bundled",
                ok:
                    bundle.productionMarkers.length === 0 &&
                    bundle.productionMissingGlobals.length === 0 &&
                    bundle.markersMissingFromBundled.length === 0,
            },
            {
                figure: "pcf-scripts' configuration, rebuilt here, gives bundle.js",
                value: bundle.platformBuild.identicalToProduction ? "identical" : "different",
                budget: "identical",
                ok: bundle.platformBuild.identicalToProduction,
            },
        ],
    };
}

function networkSection(browser: BrowserFigures): Section {
    const unchangedCalls = browser.unchanged.calls + browser.recreated.calls;
    return {
        title: "Network (Chromium, scripted Dataverse)",
        rows: [
            {
                figure: "Web API requests: init, 50 updateView, toggle → dialog → Cancel",
                value: String(browser.requests.length),
                budget: `≤ ${BUDGET.requests}`,
                ok: browser.requests.length <= BUDGET.requests,
            },
            {
                figure: `… and after ${grouped(unchangedCalls)} more updateView calls`,
                value: String(browser.requestsAtEnd.length),
                budget: `≤ ${BUDGET.requests}`,
                ok: browser.requestsAtEnd.length <= BUDGET.requests,
            },
            {
                figure: "Web API requests per detected save (toggle → Confirm → Save)",
                value: String(browser.requestsPerSave.length),
                budget: `≤ ${BUDGET.requestsPerSave}`,
                ok: browser.requestsPerSave.length <= BUDGET.requestsPerSave,
            },
            {
                figure: "Web API requests per Retry click (seats unreadable)",
                value: String(browser.requestsPerRetry.length),
                budget: `${BUDGET.requestsPerRetry}`,
                ok: browser.requestsPerRetry.length === BUDGET.requestsPerRetry,
            },
        ],
    };
}

const us = (msValue: number) => `${(msValue * 1000).toFixed(1)} µs`;

function updateViewSection(browser: BrowserFigures): Section {
    const worst = (pick: (f: typeof browser.unchanged) => number) =>
        Math.max(pick(browser.unchanged), pick(browser.recreated));
    return {
        title: `updateView with unchanged inputs (Chromium, median of ${BATCHES} batches × ${PER_BATCH} calls)`,
        rows: [
            {
                figure: "time per call (updateView + ReactDOM.render), same context",
                value: us(browser.unchanged.perCallMs),
                budget: `≤ ${BUDGET.updateViewUs} µs`,
                ok: browser.unchanged.perCallMs * 1000 <= BUDGET.updateViewUs,
            },
            {
                figure: "time per call, equal context of new objects",
                value: us(browser.recreated.perCallMs),
                budget: `≤ ${BUDGET.updateViewUs} µs`,
                ok: browser.recreated.perCallMs * 1000 <= BUDGET.updateViewUs,
            },
            {
                figure: "React commits that render a component, per call",
                value: count(worst((f) => f.renderingCommitsPerCall)),
                budget: "0",
                ok: worst((f) => f.renderingCommitsPerCall) === 0,
            },
            {
                figure: "components rendered / getString calls / DOM mutations, per call",
                value: [
                    worst((f) => f.componentRendersPerCall),
                    worst((f) => f.getStringCallsPerCall),
                    worst((f) => f.mutationsPerCall),
                ]
                    .map(count)
                    .join(" / "),
                budget: "0 / 0 / 0",
                ok:
                    worst((f) => f.componentRendersPerCall) === 0 &&
                    worst((f) => f.getStringCallsPerCall) === 0 &&
                    worst((f) => f.mutationsPerCall) === 0,
            },
            {
                figure: "root commits per call (ReactDOM.render's own, nothing rendered)",
                value: count(worst((f) => f.rootCommitsPerCall)),
                budget: "reference",
                ok: null,
            },
            {
                figure: "counter check: one changed value → components / getString / mutations",
                value: [browser.changed.componentRenders, browser.changed.getStringCalls, browser.changed.mutations]
                    .map(count)
                    .join(" / "),
                budget: "each > 0",
                ok:
                    browser.changed.componentRenders > 0 &&
                    browser.changed.getStringCalls > 0 &&
                    browser.changed.mutations > 0,
            },
        ],
    };
}

function firstRenderSection(browser: BrowserFigures): Section {
    const navigation = median(browser.navigationToInteractiveMs);
    const init = median(browser.initToInteractiveMs);
    return {
        title: `First render (Chromium, production bundle, median of ${LOADS} page loads)`,
        rows: [
            {
                figure: "navigation start → toggle present and enabled",
                value: ms(navigation),
                budget: `≤ ${grouped(BUDGET.navigationToInteractiveMs)} ms`,
                ok: navigation <= BUDGET.navigationToInteractiveMs,
            },
            {
                figure: "control init → toggle present and enabled",
                value: ms(init, 1),
                budget: `≤ ${BUDGET.initToInteractiveMs} ms`,
                ok: init <= BUDGET.initToInteractiveMs,
            },
            {
                figure: "page errors / requests off the machine",
                value: `${browser.pageErrors.length} / ${browser.blockedOutsideRequests.length}`,
                budget: "0 / 0",
                ok: browser.pageErrors.length === 0 && browser.blockedOutsideRequests.length === 0,
            },
        ],
    };
}

function buildSection(build: BuildFigures, totalMs: number): Section {
    return {
        title: "Build",
        rows: [
            {
                figure: "npm run build (control, both zips, amc), each run",
                value: build.runs.map((r) => seconds(r.ms)).join(" / "),
                budget: `≤ ${seconds(BUDGET.buildMs)}`,
                ok: build.runs.every((r) => r.ms <= BUDGET.buildMs),
            },
            {
                figure: `npm run pack, wall time (median of ${build.packCommandRuns.length})`,
                value: seconds(build.packCommandMs),
                budget: `≤ ${seconds(BUDGET.packCommandMs)}`,
                ok: build.packCommandMs <= BUDGET.packCommandMs,
            },
            {
                figure: `packSolution() in process (median of ${build.packInProcessRuns.length})`,
                value: ms(build.packInProcessMs),
                budget: `≤ ${BUDGET.packInProcessMs} ms`,
                ok: build.packInProcessMs <= BUDGET.packInProcessMs,
            },
            {
                figure: "zips (sha256) and bundle.js across the two builds",
                value: build.identical ? "identical" : "different",
                budget: "identical",
                ok: build.identical,
            },
            {
                figure: "this bench, start to table",
                value: seconds(totalMs),
                budget: `< ${seconds(BUDGET.benchMs)}`,
                ok: totalMs < BUDGET.benchMs,
            },
        ],
    };
}

function auditSection(audit: AuditBench): Section {
    const figures = (kind: "paged" | "allAtOnce", users: number) =>
        audit.runs.find((r) => r.kind === kind && r.users === users)!;
    const [small, large] = AUDIT_SIZES;
    const paged = figures("paged", large);
    const all = figures("allAtOnce", large);
    const heap = (kind: "paged" | "allAtOnce") =>
        `${mebibytes(figures(kind, small).liveHeapBytes ?? 0)} / ${mebibytes(figures(kind, large).liveHeapBytes ?? 0)}`;
    const requests = requestBudget(large, paged.auditRows, audit.pageSize);
    return {
        title: `amc audit (scripted Dataverse on 127.0.0.1, pages of ${grouped(audit.pageSize)})`,
        rows: [
            {
                figure: `requests, ${grouped(large)} users`,
                value: String(paged.requests),
                budget: `≤ ${requests} (⌈users ÷ page⌉ + ⌈audit rows ÷ page⌉ + 5)`,
                ok: paged.requests <= requests,
            },
            {
                figure: `findings, ${grouped(large)} users (paged / all at once)`,
                value: `${paged.findings} / ${all.findings}`,
                budget: "equal",
                ok: paged.findings === all.findings,
            },
            {
                figure: `live heap between pages, ${grouped(small)} / ${grouped(large)} users`,
                value: heap("paged"),
                budget: `≤ ${mebibytes(BUDGET.auditLiveHeapBytes)} at ${grouped(large)}`,
                ok: (paged.liveHeapBytes ?? Infinity) <= BUDGET.auditLiveHeapBytes,
            },
            // Fetching every user first keeps several times as much alive: the measure would see a leak.
            {
                figure: `… the same audit fetching every user first`,
                value: heap("allAtOnce"),
                budget: `> 3× paged at ${grouped(large)}`,
                ok: (all.liveHeapBytes ?? 0) > 3 * (paged.liveHeapBytes ?? Infinity),
            },
            {
                figure: `time, ${grouped(large)} users, paged / all at once`,
                value: `${ms(paged.ms)} / ${ms(all.ms)}`,
                budget: `≤ ${grouped(BUDGET.auditMs)} ms`,
                ok: paged.ms <= BUDGET.auditMs,
            },
        ],
    };
}

main().then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
        console.error(error instanceof Error ? (error.stack ?? error.message) : error);
        process.exitCode = 2;
    },
);
