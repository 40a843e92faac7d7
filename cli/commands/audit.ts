/**
 * `amc audit`: what an admin should act on, read page by page so that memory does not grow with the number of users —
 * only the audit rows of users and the findings are kept. Exit code 4 when there is anything to act on.
 */
import { CheckFailure } from "../../AccessModeControl/dataverse/responses";
import { describeFailure } from "../../AccessModeControl/presentation/viewModel";
import { accessModeChange, AuditRow, auditingEnabled, readSeats, userPages, userUpdateAudits } from "../dataverse";
import { ExitCode } from "../errors";
import { Finding, mayHaveBeenReset, resetFinding, seatFindings, User, userFindings } from "../rules";
import { label, texts } from "../texts";
import { Session } from "./session";
import { seatLines, seatsJson } from "./status";

/** Whether the access mode history could be read; when not, why — never taken for "no change". */
export type History = { available: true } | { available: false; reason: string };

/** What a finding says, and what to do about it. */
export function findingText(finding: Finding): string {
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
            return `Was ${label(change.from)} until ${change.on}${change.by ? ` (changed by ${change.by})` : ""}, now ${label(change.to)}: the directory sync may have reset it. Make it non-interactive again (amc set ${user.id} non-interactive) and check after the next sync that it stays so.`;
        }
        case "disabledNonInteractive":
            return "Non-interactive but disabled: it takes no seat and cannot sign in to the API. Enable it if an integration still needs it; otherwise remove it from the integration's configuration.";
    }
}

function findingUser(finding: Finding): User | null {
    return "user" in finding ? finding.user : null;
}

async function historyAvailability(session: Session, error: unknown): Promise<History> {
    const t = texts();
    if (error instanceof CheckFailure) {
        const why = error.status === 403 ? "reading the audit log needs the View Audit Summary and View Audit History privileges" : "the audit log could not be read";
        return { available: false, reason: `${why} (${describeFailure(error, t)})` };
    }
    const enabled = await auditingEnabled(session.api);
    return {
        available: false,
        reason:
            enabled === false
                ? "auditing is off for the organization"
                : "the audit log returned no update of any user (auditing may be off for the User table or its Access Mode column)",
    };
}

export async function audit(session: Session): Promise<number> {
    const { api, out } = session;
    const seats = await readSeats(api);
    const findings: Finding[] = [...seatFindings(seats)];

    // The audited updates of users, newest first, by user: few next to the users themselves.
    const updates = new Map<string, AuditRow[]>();
    let history: History = { available: true };
    try {
        for await (const page of userUpdateAudits(api)) {
            for (const row of page) {
                const rows = updates.get(row.userId);
                if (rows) rows.push(row);
                else updates.set(row.userId, [row]);
            }
        }
        if (updates.size === 0) history = await historyAvailability(session, null);
    } catch (error) {
        if (!(error instanceof CheckFailure)) throw error;
        history = await historyAvailability(session, error);
    }

    const candidates: User[] = [];
    let read = 0;
    for await (const page of userPages(api)) {
        for (const user of page) {
            findings.push(...userFindings(user));
            if (updates.has(user.id) && mayHaveBeenReset(user)) candidates.push(user);
        }
        read += page.length;
        out.progress(`Reading users… ${read}`);
    }

    for (const user of candidates) {
        if (!history.available) break;
        try {
            for (const row of updates.get(user.id) ?? []) {
                const change = await accessModeChange(api, row);
                if (change === null) continue;
                const finding = resetFinding(user, change);
                if (finding) findings.push(finding);
                break;
            }
        } catch (error) {
            if (!(error instanceof CheckFailure)) throw error;
            history = await historyAvailability(session, error);
        }
    }
    out.clearProgress();

    out.result({
        url: session.origin,
        usersRead: read,
        seats: seatsJson(seats),
        history,
        findings: findings.map((f) => ({ kind: f.kind, user: findingUser(f)?.id ?? null, name: findingUser(f)?.fullName ?? null, text: findingText(f) })),
    });
    for (const line of seatLines(seats)) out.line(line);
    out.line(`Users read: ${read}.`);
    out.line(history.available ? "Access mode history: read from the audit log." : `Access mode history not available: ${history.reason}. Resets by the directory sync cannot be seen.`);
    out.line();
    if (findings.length === 0) {
        out.line("No findings.");
        return ExitCode.Done;
    }
    out.line(`Findings: ${findings.length}`);
    out.table(
        ["FINDING", "USER", "USER NAME", "ID", "WHAT TO DO"],
        findings.map((f) => [f.kind, findingUser(f)?.fullName ?? "", findingUser(f)?.userName ?? "", findingUser(f)?.id ?? "", findingText(f)]),
    );
    return ExitCode.Findings;
}
