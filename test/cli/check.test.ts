/**
 * `amc check <user>` in process, against the scripted Dataverse: what it says of one user, its exit codes (0 as expected,
 * 4 not, 1 cannot tell), and `--wait`, whose waits the helper records instead of sleeping.
 */
import { dataverseError } from "../../testkit/dataverseServer";
import { amc } from "../helpers/amc";
import {
    APP,
    environment,
    INTEGRATION,
    JANE,
    RESET,
    RESET_HISTORY,
    RETIRED,
    SERVICE,
} from "../../testkit/amcEnvironment";

interface CheckJson {
    user: { id: string; accessMode: number };
    takesSeat: boolean | null;
    seats: { nonInteractiveInUse: number; nonInteractiveLimit: number };
    history: {
        available: boolean | "partly";
        reason?: string;
        latestChange: { from: number; to: number; by: string } | null;
        resetFromNonInteractive: boolean;
    };
    expected: string | null;
    asExpected: boolean | null;
    reads: number;
    changedWhileWaiting: { from: number; to: number } | null;
}

describe("amc check", () => {
    it("shows one user's access mode, state, licence, seat, the seats and its latest change; exit 0 without --expect", async () => {
        const run = await amc(["check", INTEGRATION.domainname], { environment: environment() });
        expect(run.code).toBe(0);
        expect(run.stdout).toBe(
            [
                `Integration Account (${INTEGRATION.domainname}), id ${INTEGRATION.systemuserid}`,
                "Access Mode: Non-interactive",
                "Enabled: yes. Licensed: yes. Application user: no.",
                "Takes a non-interactive seat: yes.",
                "Non-interactive seats: 2 of 7 in use",
                "Licensed (active) users in this environment: 41 of 50.",
                "Latest access mode change: none in the audit log.",
                "",
                "",
            ].join("\n"),
        );
        expect(run.writes).toEqual([]);
        expect(run.unexpected).toEqual([]);
    });

    it.each([
        [RETIRED, false],
        [APP, false],
        [SERVICE, true],
        [JANE, false],
    ])("says whether a user takes a seat: a disabled or application user takes none (%#)", async (user, takesSeat) => {
        const run = await amc(["check", user.systemuserid, "--json"], { environment: environment() });
        expect((run.json() as CheckJson).takesSeat).toBe(takesSeat);
    });

    it("flags a reset from Non-interactive in the user's history, and exits 4 when Non-interactive was expected", async () => {
        const run = await amc(["check", RESET.domainname, "--expect", "non-interactive"], {
            environment: environment(),
        });
        expect(run.code).toBe(4);
        expect(run.stdout).toContain(
            "Latest access mode change: Non-interactive → Administrative on 2026-11-20T09:14:00Z by CDSUserManagement — a reset from Non-interactive: the directory sync may have done it.",
        );
        expect(run.stdout).toContain(
            `Not as expected: Reset By Sync is Administrative, not Non-interactive. To change it: amc set ${RESET.systemuserid} non-interactive`,
        );
        // Only this user's audit rows, in a unique order.
        const audits = run.requests.find((r) => r.resource === "audits");
        expect(audits?.query).toContain(`_objectid_value eq ${RESET.systemuserid}`);
        expect(new URLSearchParams(audits?.query).get("$orderby")).toBe("createdon desc,auditid desc");
        const json = await amc(["check", RESET.domainname, "--expect", "non-interactive", "--json"], {
            environment: environment(),
        });
        expect(json.json()).toMatchObject({
            expected: "non-interactive",
            asExpected: false,
            history: {
                available: true,
                latestChange: { from: 4, to: 1, by: "CDSUserManagement" },
                resetFromNonInteractive: true,
            },
        });
    });

    it("exits 0 when the user is as expected, and says a non-interactive user still holding a licence should lose it", async () => {
        const reset = await amc(["check", RESET.systemuserid, "--expect", "administrative"], {
            environment: environment(),
        });
        expect(reset.code).toBe(0);
        expect(reset.stdout).toContain("As expected: Reset By Sync is Administrative.");
        const licensed = await amc(["check", INTEGRATION.systemuserid, "--expect", "non-interactive"], {
            environment: environment(),
        });
        expect(licensed.code).toBe(0);
        expect(licensed.stdout).toContain(
            "As expected: Integration Account is Non-interactive. It still has a licence: remove it in the Microsoft 365 admin center",
        );
    });

    it("says why the history cannot be read — auditing off for the column — beside the mode, which still decides the exit code", async () => {
        const run = await amc(["check", RESET.systemuserid, "--expect", "administrative"], {
            environment: environment({ audit: { enabled: true, column: false, entries: RESET_HISTORY } }),
        });
        expect(run.code).toBe(0);
        expect(run.stdout).toContain(
            "Access mode history not available: auditing is off for its Access Mode column; switch it on: Power Apps → Tables → User → Columns → Access Mode → Advanced options → Enable auditing.",
        );
        expect(run.requests.map((r) => r.resource)).not.toContain("audits");
    });

    it("says the history cannot be read when the details of its latest change are refused", async () => {
        const run = await amc(["check", RESET.systemuserid], {
            environment: environment(),
            faults: {
                auditDetails: dataverseError(
                    403,
                    "0x80040220",
                    "Principal user is missing prvReadRecordAuditHistory privilege.",
                ),
            },
        });
        expect(run.code).toBe(0);
        expect(run.stdout).toContain(
            "Access mode history not available: reading the audit log needs the View Audit Summary and View Audit History privileges",
        );
    });

    it("exits 1 when it cannot tell (the user cannot be read), and 2 for a user that does not exist", async () => {
        const failed = await amc(["check", JANE.systemuserid, "--expect", "read-write"], {
            environment: environment(),
            faults: { user: dataverseError(500, "0x80040216", "An unexpected error occurred.") },
        });
        expect(failed.code).toBe(1);
        expect(failed.stderr).toMatch(
            /^amc: Dataverse failed to answer \(the server answered HTTP 500: An unexpected error occurred\)/,
        );
        const missing = await amc(["check", "nobody@contoso.example"], { environment: environment() });
        expect(missing.code).toBe(2);
    });

    it.each([
        [["--wait", "10m"], "--wait needs --expect <mode>"],
        [
            ["--expect", "non-interactive", "--wait", "soon"],
            '--wait must be a duration from 1s to 24h, like 90s, 15m or 2h, not "soon"',
        ],
        [["--expect", "non-interactive", "--wait", "25h"], "--wait must be a duration from 1s to 24h"],
        [
            ["--expect", "support-user"],
            '--expect must be one of non-interactive, read-write, administrative, read, not "support-user"',
        ],
    ])("refuses %j with one sentence (exit 2)", async (options, message) => {
        const run = await amc(["check", JANE.systemuserid, ...options], { environment: environment() });
        expect(run.code).toBe(2);
        expect(run.stderr).toContain(message);
        expect(run.writes).toEqual([]);
    });
});

describe("amc check --wait", () => {
    it("re-reads every 30 s until the mode has held for 3 reads in a row (licence gone), then exits 0", async () => {
        const run = await amc(["check", SERVICE.domainname, "--expect", "non-interactive", "--wait", "1h", "--json"], {
            environment: environment(),
        });
        expect(run.code).toBe(0);
        expect(run.waits).toEqual([30_000, 30_000]);
        expect(run.json()).toMatchObject({ asExpected: true, reads: 3, changedWhileWaiting: null });
    });

    it("stops at a reset between two checks, says what changed and what the audit log says, and exits 4", async () => {
        const scenario = () => ({
            environment: environment({ directorySync: { userId: SERVICE.systemuserid, afterReads: 1, resetTo: 1 } }),
        });
        const run = await amc(["check", SERVICE.domainname, "--expect", "non-interactive", "--wait", "2h"], scenario());
        expect(run.code).toBe(4);
        expect(run.waits).toEqual([30_000, 30_000]);
        expect(run.stdout).toContain(
            "While waiting, Access Mode changed from Non-interactive to Administrative (read 3 times).",
        );
        expect(run.stdout).toContain(
            "Latest access mode change: Non-interactive → Administrative on 2026-12-01T08:30:00Z by CDSUserManagement — a reset from Non-interactive",
        );
        expect(run.stdout).toContain(
            `Not as expected: Service Account is Administrative, not Non-interactive. To change it: amc set ${SERVICE.systemuserid} non-interactive`,
        );
        const json = await amc(
            ["check", SERVICE.domainname, "--expect", "non-interactive", "--wait", "2h", "--json"],
            scenario(),
        );
        expect(json.json()).toMatchObject({
            asExpected: false,
            changedWhileWaiting: { from: 4, to: 1 },
            history: { resetFromNonInteractive: true },
        });
    });

    it("keeps checking while the licence is still assigned, until the time is up, with a progress line on a terminal", async () => {
        const run = await amc(
            ["check", INTEGRATION.domainname, "--expect", "non-interactive", "--wait", "2m"],
            { environment: environment() },
            { tty: { stderr: true } },
        );
        expect(run.code).toBe(0);
        expect(run.waits).toEqual([30_000, 30_000, 30_000, 30_000]);
        expect(run.stdout).toContain("Read 5 times, 30 s apart.");
        expect(run.stderr).toContain(
            "Non-interactive (0 of 3 reads in a row; the licence is not removed yet); next check in 30 s, 2 min left…",
        );
        expect(run.stderr.endsWith("\r\u001b[2K")).toBe(true);
        const piped = await amc(["check", INTEGRATION.domainname, "--expect", "non-interactive", "--wait", "2m"], {
            environment: environment(),
        });
        expect(piped.stderr).toBe("");
    });

    it("does not wait for a mode that is not there at the first read", async () => {
        const run = await amc(["check", RESET.domainname, "--expect", "non-interactive", "--wait", "1h"], {
            environment: environment(),
        });
        expect([run.code, run.waits]).toEqual([4, []]);
    });
});
