/** `npm run build` and `npm run pack`, timed, and the zips they write, hashed. */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { median, msSince, NPM, REPO_ROOT, runTimed } from "./common";
import { packSolution } from "../tools/pack/pack";

export interface BuildRun {
    ms: number;
    /** Every zip the run wrote (repository-relative path) → sha256. */
    zips: Record<string, string>;
    /** sha256 of the control bundle the run left in out/. */
    bundle: string;
}

export interface BuildFigures {
    runs: BuildRun[];
    /** Both runs wrote the same zips, byte for byte (and the same bundle.js), and so did the pack runs after them. */
    identical: boolean;
    /** `npm run pack` wall time (npm, tsx start-up and packing), median of several runs. */
    packCommandMs: number;
    packCommandRuns: number[];
    /** packSolution() alone, in this process, median of several runs. */
    packInProcessMs: number;
    packInProcessRuns: number[];
}

function sha256(file: string): string {
    return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** The packer prints `wrote <path>` for every zip it writes. */
function writtenZips(output: string): string[] {
    const zips = [...output.matchAll(/^wrote (.+\.zip)\s*$/gm)].map((m) => m[1]);
    if (zips.length === 0) throw new Error(`The build wrote no zip:\n${output}`);
    return zips;
}

export async function fullBuild(): Promise<BuildRun> {
    const started = Date.now();
    const { ms, output } = await runTimed(NPM, ["run", "build"]);
    // pcf-scripts (1.51) exits 0 when the control does not compile, and `npm run build` then packs the previous build:
    // only its own log, and a bundle.js written by this run, say that the control was built.
    const bundlePath = path.join(REPO_ROOT, "out", "controls", "AccessModeControl", "bundle.js");
    const written = fs.existsSync(bundlePath) && fs.statSync(bundlePath).mtimeMs >= started - 1000;
    if (/\[build\] Failed/.test(output) || !/\[build\] Succeeded/.test(output) || !written) {
        throw new Error(`\`npm run build\` did not build the control (pcf-scripts exits 0 on failure):\n${output}`);
    }
    const zips = Object.fromEntries(writtenZips(output).map((zip) => [zip, sha256(path.resolve(REPO_ROOT, zip))]));
    return { ms, zips, bundle: sha256(bundlePath) };
}

export async function measureBuilds(times = 2, packRuns = 3, packInProcessRuns = 5): Promise<BuildFigures> {
    const runs: BuildRun[] = [];
    for (let i = 0; i < times; i++) runs.push(await fullBuild());
    const first = JSON.stringify(runs[0].zips) + runs[0].bundle;
    const identical = runs.every((run) => JSON.stringify(run.zips) + run.bundle === first);

    const packCommandRuns: number[] = [];
    for (let i = 0; i < packRuns; i++) packCommandRuns.push((await runTimed(NPM, ["run", "pack"])).ms);
    const inProcess: number[] = [];
    for (let i = 0; i < packInProcessRuns; i++) {
        const start = process.hrtime.bigint();
        packSolution(REPO_ROOT);
        inProcess.push(msSince(start));
    }
    // The pack runs rewrote the zips: they must still be the same bytes.
    const afterPacks = Object.keys(runs[0].zips).every((zip) => sha256(path.resolve(REPO_ROOT, zip)) === runs[0].zips[zip]);
    return {
        runs,
        identical: identical && afterPacks,
        packCommandMs: median(packCommandRuns),
        packCommandRuns,
        packInProcessMs: median(inProcess),
        packInProcessRuns: inProcess,
    };
}
