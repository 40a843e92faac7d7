import * as fs from "node:fs";

/** Fails the run if a process started by this run (marked with E2E_RUN_ID in its environment) is still alive. */
export default function globalTeardown(): void {
    const runId = process.env.E2E_RUN_ID;
    if (!runId || !fs.existsSync("/proc")) return;
    const marker = `E2E_RUN_ID=${runId}`;
    const survivors: string[] = [];
    for (const pid of fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
        if (Number(pid) === process.pid) continue;
        try {
            const environ = fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
            if (!environ.includes(marker)) continue;
            const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim();
            // Playwright's own workers and browsers are ending with the runner; only servers we spawned count.
            if (cmdline.includes("pcf-start")) survivors.push(`${pid}: ${cmdline}`);
        } catch {
            // gone meanwhile, or not readable
        }
    }
    if (survivors.length > 0) throw new Error(`Processes left behind by the e2e run:\n${survivors.join("\n")}`);
}
