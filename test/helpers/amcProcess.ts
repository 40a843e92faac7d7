/**
 * Runs the real `amc` command as its own process (cli/bin/amc.cjs over the bundle in out/cli), signed in by
 * @azure/identity's real AzureCliCredential through the fake `az` first on PATH, with the loopback-only guard preloaded
 * (NODE_OPTIONS, so `az` and anything else it starts carry it too).
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../../testkit/paths";
import { TOKEN } from "../../testkit/amcEnvironment";

const FAKE_AZ_DIR = path.join(__dirname, "fake-az");
/** Preloaded into a child process (NODE_OPTIONS=--require …): it reaches nothing but loopback either. */
export const GUARD = path.join(__dirname, "..", "..", "testkit", "loopbackOnly.cjs");
const BIN = path.join(REPO_ROOT, "cli", "bin", "amc.cjs");

/** Bundles out/cli/amc.cjs from the current sources (npm run build:cli, about two seconds), so a process test never runs a stale build. */
export function buildCli(): void {
    const result = spawnSync(
        path.join(REPO_ROOT, "node_modules", ".bin", "tsx"),
        [path.join(REPO_ROOT, "tools", "build", "amc.ts")],
        { encoding: "utf8" },
    );
    if (result.status !== 0) throw new Error(`building the CLI failed:\n${result.stdout}${result.stderr}`);
}

export interface ProcessRun {
    code: number | null;
    stdout: string;
    stderr: string;
    /** The arguments of each `az` call. */
    azCalls: string[][];
    /** How long the process ran. */
    ms: number;
}

/** Runs amc with the fake az; it is killed after `killAfterMs` (20 s by default), which leaves its exit code null. */
export function amcProcess(
    args: readonly string[],
    options: { env?: NodeJS.ProcessEnv; input?: string; readFirstLineOnly?: boolean; killAfterMs?: number } = {},
): Promise<ProcessRun> {
    const started = Date.now();
    const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "amc-az-")), "calls.jsonl");
    const child = spawn(process.execPath, [BIN, ...args], {
        cwd: REPO_ROOT,
        stdio: ["pipe", "pipe", "pipe"],
        env: {
            PATH: [FAKE_AZ_DIR, path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter),
            HOME: os.tmpdir(),
            NODE_OPTIONS: `--require ${GUARD}`,
            FAKE_AZ_TOKEN: TOKEN,
            FAKE_AZ_LOG: log,
            ...options.env,
        },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        // Like `amc … | head -1`: the reader goes away after the first line.
        if (options.readFirstLineOnly && stdout.includes("\n")) child.stdout.destroy();
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end(options.input ?? "");
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => child.kill("SIGKILL"), options.killAfterMs ?? 20_000);
        child.on("error", reject);
        child.on("close", (code) => {
            clearTimeout(timer);
            const azCalls = fs.existsSync(log)
                ? fs
                      .readFileSync(log, "utf8")
                      .trim()
                      .split("\n")
                      .filter(Boolean)
                      .map((line) => JSON.parse(line) as string[])
                : [];
            fs.rmSync(path.dirname(log), { recursive: true, force: true });
            resolve({ code, stdout, stderr, azCalls, ms: Date.now() - started });
        });
    });
}
