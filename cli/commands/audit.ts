/**
 * `amc audit`: what an admin should act on, read page by page so that memory does not grow with the number of users —
 * only the audit rows that may change an access mode and the findings are kept. Exit code 4 when there is anything to act on.
 */
import { CheckFailure } from "../../AccessModeControl/dataverse/responses";
import { describeFailure } from "../../AccessModeControl/presentation/viewModel";
import {
    accessModeChange,
    AuditLevel,
    AuditRow,
    auditSettings,
    AuditSettings,
    readSeats,
    userPages,
    userUpdateAudits,
} from "../dataverse";
import { ExitCode } from "../errors";
import {
    Finding,
    mayHaveBeenReset,
    ModeChange,
    ResetCandidate,
    resetFinding,
    seatFindings,
    User,
    userFindings,
} from "../rules";
import { label, texts } from "../texts";
import { shellCommand } from "../output";
import { WebApi } from "../webApi";
import { Session } from "./session";
import { seatLines, seatsJson } from "./status";

/**
 * Whether the access mode history could be read: wholly, partly (the latest change of some users was read, then a request
 * failed), or not at all; and why not. Never taken for "no change".
 */
export type History = { available: true } | { available: false | "partly"; reason: string };

/** What a finding says, and what to do about it; a reset's advice starts with freeing a seat when none is left. */
function findingText(finding: Finding, seatsFull: boolean): string {
    const t = texts();
    switch (finding.kind) {
        case "licenceToFree":
            return t("Notice_LicenceStillAssigned");
        case "seatsFull":
            return `Every non-interactive seat is taken (${finding.seats.nonInteractiveInUse} of ${finding.seats.nonInteractiveLimit}${finding.seats.limitAssumed ? ", limit assumed" : ""}): no user can be made non-interactive until one is freed. Make a non-interactive user interactive again, or disable one that is no longer used.`;
        case "oneSeatLeft":
            return `One non-interactive seat is left (${finding.seats.nonInteractiveInUse} of ${finding.seats.nonInteractiveLimit} in use${finding.seats.limitAssumed ? ", limit assumed" : ""}): plan which account takes it before making another user non-interactive.`;
        case "resetFromNonInteractive": {
            const { change, user } = finding;
            const firstFreeASeat = seatsFull
                ? "Every non-interactive seat is taken, so first free one (make a non-interactive user interactive again, or disable one that is no longer used); then make"
                : "Make";
            return `Was ${label(change.from)} until ${change.on}${change.by ? ` (changed by ${change.by})` : ""}, now ${label(change.to)}: the directory sync may have reset it. ${firstFreeASeat} it non-interactive again (${shellCommand("amc", "set", user.id, "non-interactive")}) and check after the next sync that it stays so (${shellCommand("amc", "check", user.id, "--expect", "non-interactive")}).`;
        }
        case "disabledNonInteractive":
            return `${t("Consequence_DisabledTakesNoSeat")} Enable it if an integration still needs it; otherwise remove it from the integration's configuration.`;
        case "historyUnavailable":
            return finding.reason;
    }
}

function findingUser(finding: Finding): User | null {
    return "user" in finding ? finding.user : null;
}

/**
 * The audited updates that may have changed a user's access mode, by user, newest first: those whose attributemask lists
 * the column, and those without a readable mask (only their details can tell). A user's rows end at the newest one whose
 * mask lists the column — its latest access mode change; older rows cannot change a finding. The mask only lets rows be
 * skipped: Learn says not to use it for the change itself, so a finding is decided by RetrieveAuditDetails alone.
 */
interface AccessModeRows {
    /** The audit rows read, kept or not. */
    read: number;
    byUser: Map<string, AuditRow[]>;
}

export async function accessModeRows(api: WebApi, column: number, userId?: string): Promise<AccessModeRows> {
    const byUser = new Map<string, AuditRow[]>();
    let read = 0;
    const listsColumn = (row: AuditRow | undefined): boolean => row?.changedColumns?.includes(column) === true;
    for await (const page of userUpdateAudits(api, userId)) {
        read += page.length;
        for (const row of page) {
            if (row.changedColumns !== null && !listsColumn(row)) continue;
            const rows = byUser.get(row.userId);
            if (rows === undefined) byUser.set(row.userId, [row]);
            else if (!listsColumn(rows[rows.length - 1])) rows.push(row);
        }
    }
    return { read, byUser };
}

/** The first access mode change the details of these rows show, newest first. */
export async function latestChange(api: WebApi, rows: readonly AuditRow[]): Promise<ModeChange | null> {
    for (const row of rows) {
        const change = await accessModeChange(api, row);
        if (change !== null) return change;
    }
    return null;
}

/** The resets among the candidates, each decided by its latest access mode change; stops at the first request that fails. */
export async function resetFindings(
    api: WebApi,
    candidates: readonly ResetCandidate[],
    rows: AccessModeRows["byUser"],
): Promise<{ findings: Finding[]; checked: number; failure: CheckFailure | null }> {
    const findings: Finding[] = [];
    for (const [checked, user] of candidates.entries()) {
        try {
            const change = await latestChange(api, rows.get(user.id) ?? []);
            const finding = change && resetFinding(user, change);
            if (finding) findings.push(finding);
        } catch (error) {
            if (!(error instanceof CheckFailure)) throw error;
            return { findings, checked, failure: error };
        }
    }
    return { findings, checked: candidates.length, failure: null };
}

export function unreadable(error: CheckFailure): string {
    const why =
        error.status === 403
            ? "reading the audit log needs the View Audit Summary and View Audit History privileges: give the signed-in account a security role that has them (System Administrator has)"
            : "the audit log could not be read";
    return `${why} (${describeFailure(error, texts())})`;
}

/** Where auditing is off, and where to switch it on (Learn, "Manage Dataverse auditing"). */
const SWITCH_ON: Record<AuditLevel, { where: string; how: string }> = {
    organization: {
        where: "for the organization",
        how: "Power Platform admin center → the environment → Settings → Audit and logs → Audit settings → Start Auditing",
    },
    table: {
        where: "for the User table",
        how: "Power Apps → Tables → User → Properties → Advanced options → Audit changes to its data",
    },
    column: {
        where: "for its Access Mode column",
        how: "Power Apps → Tables → User → Columns → Access Mode → Advanced options → Enable auditing",
    },
};

function auditingOff(off: readonly AuditLevel[]): string {
    return `auditing is off ${off.map((level) => SWITCH_ON[level].where).join(" and ")}; switch it on: ${off.map((level) => SWITCH_ON[level].how).join("; ")}`;
}

/**
 * The history (of every user, or of one), with the rows to read changes from. Not available when auditing is off at any
 * level the Access Mode changes need, or the settings or the audit log cannot be read; an empty log with auditing on is
 * a history without changes.
 */
export async function readHistory(
    api: WebApi,
    userId?: string,
): Promise<{ history: History; rows: AccessModeRows["byUser"] }> {
    const none = (reason: string): { history: History; rows: AccessModeRows["byUser"] } => ({
        history: { available: false, reason },
        rows: new Map(),
    });
    let settings: AuditSettings;
    try {
        settings = await auditSettings(api);
    } catch (error) {
        if (!(error instanceof CheckFailure)) throw error;
        return none(`whether auditing is on could not be read (${describeFailure(error, texts())})`);
    }
    if (settings.off.length > 0) return none(auditingOff(settings.off));
    try {
        return {
            history: { available: true },
            rows: (await accessModeRows(api, settings.columnNumber, userId)).byUser,
        };
    } catch (error) {
        if (!(error instanceof CheckFailure)) throw error;
        return none(unreadable(error));
    }
}

export function historyLine(history: History): string {
    if (history.available === true) return "Access mode history: read from the audit log.";
    if (history.available === "partly")
        return `Access mode history partly read: ${history.reason}. Resets by the directory sync of the users not checked cannot be seen.`;
    return `Access mode history not available: ${history.reason}. Resets by the directory sync cannot be seen.`;
}

export async function audit(session: Session): Promise<number> {
    const { api, out } = session;
    const seats = await readSeats(api);
    const findings: Finding[] = [...seatFindings(seats)];
    const read = await readHistory(api);
    let history = read.history;

    const candidates: ResetCandidate[] = [];
    let usersRead = 0;
    for await (const page of userPages(api)) {
        for (const user of page) {
            findings.push(...userFindings(user));
            if (read.rows.has(user.id) && mayHaveBeenReset(user)) candidates.push(user);
        }
        usersRead += page.length;
        out.progress(`Reading users… ${usersRead}`);
    }

    const resets = await resetFindings(api, candidates, read.rows);
    findings.push(...resets.findings);
    if (resets.failure !== null) {
        history =
            resets.checked === 0
                ? { available: false, reason: unreadable(resets.failure) }
                : {
                      available: "partly",
                      reason: `${unreadable(resets.failure)} after ${resets.checked} of the ${candidates.length} users with an access mode change were checked`,
                  };
    }
    if (history.available !== true) findings.push({ kind: "historyUnavailable", reason: historyLine(history) });
    out.clearProgress();

    const seatsFull = findings.some((f) => f.kind === "seatsFull");
    out.result({
        url: session.origin,
        usersRead,
        seats: seatsJson(seats),
        history,
        findings: findings.map((f) => ({
            kind: f.kind,
            user: findingUser(f)?.id ?? null,
            name: findingUser(f)?.fullName ?? null,
            text: findingText(f, seatsFull),
        })),
    });
    for (const line of seatLines(seats)) out.line(line);
    out.line(`Users read: ${usersRead}.`);
    out.line(historyLine(history));
    out.line();
    if (findings.length === 0) {
        out.line("No findings.");
        return ExitCode.Done;
    }
    out.line(`Findings: ${findings.length}`);
    out.table(
        ["FINDING", "USER", "USER NAME", "ID", "WHAT TO DO"],
        findings.map((f) => [
            f.kind,
            findingUser(f)?.fullName ?? "",
            findingUser(f)?.userName ?? "",
            findingUser(f)?.id ?? "",
            findingText(f, seatsFull),
        ]),
    );
    return ExitCode.Findings;
}
