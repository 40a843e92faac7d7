/**
 * `amc check <user>`: is this user what it should be — its access mode, whether it is enabled, licensed, an application
 * user, whether it takes a seat, the seats, and its latest access mode change from the audit log (a reset from
 * Non-interactive flagged). With --wait it re-reads the user until the expected mode has held steadily, or a read shows
 * it changed, or the time is up: step 5 of making an account non-interactive, "wait for the directory sync".
 */
import { AccessMode, WritableMode } from "../../AccessModeControl/domain/accessMode";
import { CheckFailure } from "../../AccessModeControl/dataverse/responses";
import { findUser, readSeats, readUser } from "../dataverse";
import { ExitCode } from "../errors";
import { MODE_NAMES, ModeChange, mayHaveBeenReset, resetFinding, userTakesSeat, User } from "../rules";
import { label } from "../texts";
import { History, historyLine, latestChange, readHistory, unreadable } from "./audit";
import { Session } from "./session";
import { seatLines, seatsJson, userJson } from "./status";

/** How often --wait reads the user again, and how many reads in a row make "holds steadily". */
export const CHECK_INTERVAL_MS = 30_000;
export const STEADY_READS = 3;

export interface CheckOptions {
    expect: WritableMode | null;
    /** --wait: how long to keep re-checking, in ms; null without it. */
    waitMs: number | null;
    sleep: (ms: number) => Promise<void>;
}

const yesNo = (value: boolean | null): string => (value === null ? "unknown" : value ? "yes" : "no");

const modeName = (mode: WritableMode): string => Object.keys(MODE_NAMES).find((name) => MODE_NAMES[name] === mode)!;

/**
 * A read counts towards "holds steadily" when the mode is the expected one — and, for Non-interactive, once the licence is
 * gone: the directory sync that brings the licence removal is the one that may reset the mode (dataverse-facts §2).
 */
function steadyRead(user: User, expect: WritableMode): boolean {
    return user.accessMode === expect && (expect !== AccessMode.NonInteractive || user.isLicensed === false);
}

interface Watch {
    user: User;
    reads: number;
    /** The mode read before the last read, when the last read found it changed. */
    changedFrom: number | null;
}

/** Reads the user every CHECK_INTERVAL_MS until it holds steadily, it changes away from the expected mode, or the time is up. */
async function watch(
    session: Session,
    first: User,
    expect: WritableMode,
    waitMs: number,
    sleep: CheckOptions["sleep"],
): Promise<Watch> {
    const { api, out } = session;
    let user = first;
    let reads = 1;
    let steady = steadyRead(user, expect) ? 1 : 0;
    for (
        let waited = 0;
        user.accessMode === expect && steady < STEADY_READS && waited + CHECK_INTERVAL_MS <= waitMs;
        waited += CHECK_INTERVAL_MS
    ) {
        const left = Math.ceil((waitMs - waited) / 60_000);
        const licence =
            expect === AccessMode.NonInteractive && user.isLicensed !== false ? "; the licence is not removed yet" : "";
        out.progress(
            `${label(user.accessMode)} (${steady} of ${STEADY_READS} reads in a row${licence}); next check in ${CHECK_INTERVAL_MS / 1000} s, ${left} min left…`,
        );
        await sleep(CHECK_INTERVAL_MS);
        const before = user.accessMode;
        user = await readUser(api, user.id);
        reads++;
        if (user.accessMode !== before) {
            out.clearProgress();
            return { user, reads, changedFrom: before };
        }
        steady = steadyRead(user, expect) ? steady + 1 : 0;
    }
    out.clearProgress();
    return { user, reads, changedFrom: null };
}

/** The latest access mode change of the user, and whether it looks like a reset by the directory sync. */
async function userHistory(
    session: Session,
    user: User,
): Promise<{ history: History; change: ModeChange | null; reset: boolean }> {
    const { history, rows } = await readHistory(session.api, user.id);
    if (history.available !== true) return { history, change: null, reset: false };
    try {
        const change = await latestChange(session.api, rows.get(user.id) ?? []);
        return {
            history,
            change,
            reset: change !== null && mayHaveBeenReset(user) && resetFinding(user, change) !== null,
        };
    } catch (error) {
        if (!(error instanceof CheckFailure)) throw error;
        return { history: { available: false, reason: unreadable(error) }, change: null, reset: false };
    }
}

function changeLine(change: ModeChange | null, reset: boolean): string {
    if (change === null) return "Latest access mode change: none in the audit log.";
    const line = `Latest access mode change: ${label(change.from)} → ${label(change.to)} on ${change.on}${change.by ? ` by ${change.by}` : ""}`;
    return reset ? `${line} — a reset from Non-interactive: the directory sync may have done it.` : `${line}.`;
}

export async function check(session: Session, reference: string, options: CheckOptions): Promise<number> {
    const { api, out } = session;
    const found = await findUser(api, reference);
    const { expect } = options;
    const watched =
        expect !== null && options.waitMs !== null
            ? await watch(session, found, expect, options.waitMs, options.sleep)
            : { user: found, reads: 1, changedFrom: null };
    const { user } = watched;
    const [seats, history] = await Promise.all([readSeats(api), userHistory(session, user)]);
    const asExpected = expect === null ? null : user.accessMode === expect;
    const who = user.fullName ?? user.userName ?? user.id;

    out.result({
        url: session.origin,
        user: userJson(user),
        takesSeat: userTakesSeat(user),
        seats: seatsJson(seats),
        history: { ...history.history, latestChange: history.change, resetFromNonInteractive: history.reset },
        expected: expect === null ? null : modeName(expect),
        asExpected,
        reads: watched.reads,
        changedWhileWaiting: watched.changedFrom === null ? null : { from: watched.changedFrom, to: user.accessMode },
    });
    out.line(`${who} (${user.userName ?? user.email ?? "no user name"}), id ${user.id}`);
    out.line(`Access Mode: ${label(user.accessMode)}`);
    out.line(
        `Enabled: ${yesNo(user.isDisabled === null ? null : !user.isDisabled)}. Licensed: ${yesNo(user.isLicensed)}. Application user: ${yesNo(user.isApplicationUser)}.`,
    );
    out.line(`Takes a non-interactive seat: ${yesNo(userTakesSeat(user))}.`);
    for (const line of seatLines(seats)) out.line(line);
    out.line(
        history.history.available === true ? changeLine(history.change, history.reset) : historyLine(history.history),
    );
    if (watched.changedFrom !== null)
        out.line(
            `While waiting, Access Mode changed from ${label(watched.changedFrom)} to ${label(user.accessMode)} (read ${watched.reads} times).`,
        );
    else if (options.waitMs !== null) out.line(`Read ${watched.reads} times, ${CHECK_INTERVAL_MS / 1000} s apart.`);
    out.line();
    if (expect === null) return ExitCode.Done;
    if (asExpected) {
        const licence =
            expect === AccessMode.NonInteractive && user.isLicensed !== false
                ? " It still has a licence: remove it in the Microsoft 365 admin center, then check again after the directory sync (--wait)."
                : "";
        out.line(`As expected: ${who} is ${label(expect)}.${licence}`);
        return ExitCode.Done;
    }
    out.line(
        `Not as expected: ${who} is ${label(user.accessMode)}, not ${label(expect)}. To change it: amc set ${user.id} ${modeName(expect)}`,
    );
    return ExitCode.Findings;
}
