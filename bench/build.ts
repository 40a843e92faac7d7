/** `npm run build` and `npm run pack`, timed, and the zips they write, hashed. */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { BUNDLE_PATH, REPO_ROOT } from "../testkit/paths";
import { packSolution } from "../tools/pack/pack";
import { median, msSince, NPM, runTimed } from "./common";

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

/** One `npm run build`, which fails when the control does not build (tools/build/pcfScripts.ts). */
export async function fullBuild(): Promise<BuildRun> {
    const { ms, output } = await runTimed(NPM, ["run", "build"]);
    const zips = Object.fromEntries(writtenZips(output).map((zip) => [zip, sha256(path.resolve(REPO_ROOT, zip))]));
    return { ms, zips, bundle: sha256(BUNDLE_PATH) };
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
    const afterPacks = Object.keys(runs[0].zips).every(
        (zip) => sha256(path.resolve(REPO_ROOT, zip)) === runs[0].zips[zip],
    );
    return {
        runs,
        identical: identical && afterPacks,
        packCommandMs: median(packCommandRuns),
        packCommandRuns,
        packInProcessMs: median(inProcess),
        packInProcessRuns: inProcess,
    };
}
