/**
 * Runs the official PCF test harness (`pcf-start`, the server behind `npm start`) on the production build.
 * pcf-start is started as its own process group with the hook in pcf-start-hook.cjs (loopback, the port we chose,
 * no browser, no watcher, no outgoing connections) and with telemetry switched off; stop() ends the whole group.
 */
import { ChildProcess, spawn } from "node:child_process";
import { CONTROL_OUT_DIR, PCF_START_BIN, PCF_START_HOOK, REPO_ROOT } from "./paths";
import { freePort, untilAnswering } from "./net";

export interface PcfStartServer {
    readonly url: string;
    readonly pid: number;
    /** Everything pcf-start printed so far. */
    output(): string;
    /** Outgoing connections the hook refused (must stay empty). */
    blockedConnections(): string[];
    stop(): Promise<void>;
}

const READY = /\[e2e\] pcf-start ready on (http:\/\/127\.0\.0\.1:\d+\/)/;
const BLOCKED = /\[e2e-offline\] blocked outgoing connection to (\S+)/g;
const live = new Set<ChildProcess>();

// Last resort if the worker dies without running fixture teardown: never leave a harness behind.
process.once("exit", () => {
    for (const child of live) killGroup(child, "SIGKILL");
});

export async function startPcfStart(): Promise<PcfStartServer> {
    const port = await freePort();
    const child = spawn(process.execPath, ["-r", PCF_START_HOOK, PCF_START_BIN, "--codePath", CONTROL_OUT_DIR], {
        cwd: REPO_ROOT,
        detached: true, // own process group, so stop() reaches anything it starts
        stdio: ["ignore", "pipe", "pipe"],
        env: {
            ...process.env,
            PCF_E2E_PORT: String(port),
            // pcf-start's telemetry opt-out, and the Application Insights SDK's own "statsbeat" (sent even when opted out).
            PP_TOOLS_TELEMETRY_OPTOUT: "true",
            APPLICATION_INSIGHTS_NO_STATSBEAT: "true",
            BROWSER: "none",
        },
    });
    live.add(child);
    let log = "";
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    exited.then(() => live.delete(child));

    const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => fail(new Error("pcf-start did not start within 30 s")), 30_000);
        const onData = (chunk: Buffer): void => {
            log += chunk.toString();
            const ready = READY.exec(log);
            if (ready) {
                clearTimeout(timer);
                resolve(ready[1]);
            }
        };
        const fail = (error: Error): void => {
            clearTimeout(timer);
            killGroup(child, "SIGKILL");
            reject(new Error(`${error.message}\n--- pcf-start output ---\n${log}`));
        };
        child.stdout!.on("data", onData);
        child.stderr!.on("data", onData);
        child.once("exit", (code, signal) =>
            fail(new Error(`pcf-start exited early (code ${code}, signal ${signal})`)),
        );
    });
    // Browsersync reports ready from its init callback; on a loaded machine the first connection can still be refused.
    try {
        await untilAnswering(url, 15_000);
    } catch (error) {
        killGroup(child, "SIGKILL");
        throw new Error(
            `pcf-start said it was ready, but ${(error as Error).message}\n--- pcf-start output ---\n${log}`,
        );
    }

    return {
        url,
        pid: child.pid!,
        output: () => log,
        blockedConnections: () => [...log.matchAll(BLOCKED)].map((m) => m[1]),
        async stop() {
            if (child.exitCode !== null || child.signalCode !== null) return;
            killGroup(child, "SIGTERM");
            const done = await Promise.race([exited.then(() => true), delay(5_000).then(() => false)]);
            if (!done) {
                killGroup(child, "SIGKILL");
                await exited;
            }
        },
    };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
    try {
        if (child.pid) process.kill(-child.pid, signal);
    } catch {
        // already gone
    }
}

function delay(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
