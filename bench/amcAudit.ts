/**
 * `amc audit` over a scripted environment of many users (the e2e suite's Dataverse on 127.0.0.1, its users made when
 * read) whose audit log holds, besides the reset, the directory sync's updates of other columns of SYNCED_USERS users:
 * the requests it sends, the time it takes, and the heap it keeps alive — against the same audit done by fetching every
 * user first (allAtOnce below, a comparison kept in bench/ only). Live heap is read after a full GC before every request,
 * that is between two pages, where the audit holds only what it keeps.
 * Used by `npm run bench` only (a 100,000-user heap is no unit test); test/cli/commands.test.ts checks the request budget
 * on 1,000 users.
 */
import { PassThrough, Readable } from "node:stream";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { accessModeRows, resetFindings } from "../cli/commands/audit";
import { auditSettings, readSeats, userPages } from "../cli/dataverse";
import { run } from "../cli/program";
import { Finding, mayHaveBeenReset, seatFindings, User, userFindings } from "../cli/rules";
import { DEFAULT_PAGE_SIZE, WebApi } from "../cli/webApi";
import { startDataverse } from "../testkit/dataverseServer";
import { environment, EVERYONE, RESET_HISTORY, staticCredential, syncUpdates, TOKEN } from "../testkit/amcEnvironment";

export type AuditKind = "paged" | "allAtOnce";

export interface AuditFigures {
    kind: AuditKind;
    users: number;
    /** Rows in the audit log: every one is read, only those that may change an access mode are detailed. */
    auditRows: number;
    requests: number;
    findings: number;
    ms: number;
    /** Largest live heap above the start, between two requests; null when not sampled. */
    liveHeapBytes: number | null;
}

/** Users the directory sync updated three times each (title, mobile phone, last name), none of it an access mode change. */
const SYNCED_USERS = 3000;

let collectGarbage: (() => void) | null = null;
/** A full GC, made available at run time (node's --expose-gc, set from inside). */
function gc(): void {
    if (collectGarbage === null) {
        v8.setFlagsFromString("--expose-gc");
        collectGarbage = vm.runInNewContext("gc") as () => void;
    }
    collectGarbage();
}

function liveHeap(): number {
    gc();
    return process.memoryUsage().heapUsed;
}

/** The same findings as `amc audit` (its own reading of the audit log and resets), from every user fetched first: what paging avoids. */
async function allAtOnce(api: WebApi): Promise<Finding[]> {
    const seats = await readSeats(api);
    const rows = (await accessModeRows(api, (await auditSettings(api)).columnNumber)).byUser;
    const users: User[] = [];
    for await (const page of userPages(api)) users.push(...page);
    const candidates = users.filter(mayHaveBeenReset).filter((user) => rows.has(user.id));
    return [
        ...seatFindings(seats),
        ...users.flatMap(userFindings),
        ...(await resetFindings(api, candidates, rows)).findings,
    ];
}

/**
 * One audit. With `sampleHeap`, the live heap is read before every `sampleEvery`-th request (a full GC each time: in a
 * large process such as a jest worker, fewer samples keep the test short).
 */
export async function measureAudit(
    kind: AuditKind,
    users: number,
    options: { sampleHeap: boolean; sampleEvery?: number },
): Promise<AuditFigures> {
    const entries = [...syncUpdates(SYNCED_USERS), ...RESET_HISTORY];
    const server = await startDataverse({
        environment: environment({ generated: users - EVERYONE.length, audit: { enabled: true, entries } }),
    });
    let peak = 0;
    let sent = 0;
    const baseline = options.sampleHeap ? liveHeap() : 0;
    const fetchSampling: typeof fetch = (input, init) => {
        if (options.sampleHeap && sent++ % (options.sampleEvery ?? 1) === 0)
            peak = Math.max(peak, liveHeap() - baseline);
        return globalThis.fetch(input, init);
    };
    try {
        const started = process.hrtime.bigint();
        let findings: number;
        if (kind === "paged") {
            const stdout = new PassThrough();
            let json = "";
            stdout.on("data", (chunk: Buffer) => (json += chunk.toString()));
            const code = await run(["audit", "--json", "--url", server.origin], {
                stdout,
                stderr: new PassThrough(),
                stdin: Readable.from([]),
                env: {},
                credential: () => staticCredential,
                fetch: fetchSampling,
            });
            if (code !== 4) throw new Error(`amc audit exited ${code}: ${json}`);
            findings = (JSON.parse(json) as { findings: unknown[] }).findings.length;
        } else {
            findings = (
                await allAtOnce(
                    new WebApi({ origin: server.origin, token: () => Promise.resolve(TOKEN), fetch: fetchSampling }),
                )
            ).length;
        }
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (options.sampleHeap) peak = Math.max(peak, liveHeap() - baseline);
        return {
            kind,
            users,
            auditRows: entries.length,
            requests: server.requests.length,
            findings,
            ms,
            liveHeapBytes: options.sampleHeap ? peak : null,
        };
    } finally {
        await server.close();
    }
}

export interface AuditBench {
    pageSize: number;
    /** Each kind at each size: one timed run, then one with the heap sampled. */
    runs: AuditFigures[];
}

export const AUDIT_SIZES = [10_000, 100_000] as const;

export async function measureAudits(): Promise<AuditBench> {
    // A first run compiles and warms everything up (its heap would count that); its figures are not kept.
    await measureAudit("paged", AUDIT_SIZES[0], { sampleHeap: true });
    const runs: AuditFigures[] = [];
    for (const users of AUDIT_SIZES) {
        for (const kind of ["paged", "allAtOnce"] as const) {
            const timed = await measureAudit(kind, users, { sampleHeap: false });
            const sampled = await measureAudit(kind, users, { sampleHeap: true });
            runs.push({ ...timed, liveHeapBytes: sampled.liveHeapBytes });
        }
    }
    return { pageSize: DEFAULT_PAGE_SIZE, runs };
}
