/** Shared by the bench modules: where results go, running commands, and the few statistics the bench needs. */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "../testkit/paths";

export const RESULTS_DIR = path.join(__dirname, "results");

export function median(values: readonly number[]): number {
    if (values.length === 0) throw new Error("median of nothing");
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function msSince(start: bigint): number {
    return Number(process.hrtime.bigint() - start) / 1e6;
}

export interface CommandResult {
    ms: number;
    output: string;
}

/** Runs a command in the repository (no shell), timed; a non-zero exit throws with the command's output. */
export function runTimed(command: string, args: string[]): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
        const start = process.hrtime.bigint();
        const child = spawn(command, args, {
            cwd: REPO_ROOT,
            stdio: ["ignore", "pipe", "pipe"],
            env: { ...process.env, FORCE_COLOR: "0" },
        });
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.on("error", reject);
        child.on("close", (code, signal) => {
            const ms = msSince(start);
            if (code === 0) resolve({ ms, output });
            else
                reject(
                    new Error(`\`${[command, ...args].join(" ")}\` failed (${signal ?? `exit ${code}`}):\n${output}`),
                );
        });
    });
}

export const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
