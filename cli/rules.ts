/**
 * The command line's own pure rules, built from the control's (AccessModeControl/domain): how a user record and the seats
 * become the control's Situation, the access mode names the commands take, and what `amc audit` reports. No I/O.
 * What could move into the domain later: the audit findings (seats full or one left, a disabled non-interactive account,
 * a mode reset from non-interactive) — see docs/amc.md.
 */
import {
    AccessMode,
    Check,
    notices,
    SeatFigures,
    seatsLeft,
    Situation,
    takesNonInteractiveSeat,
    WritableMode,
} from "../AccessModeControl/domain/accessMode";

/** A user as amc reads it (systemusers, with the columns of dataverse.ts). */
export interface User {
    id: string;
    fullName: string | null;
    userName: string | null;
    email: string | null;
    accessMode: number | null;
    isLicensed: boolean | null;
    isDisabled: boolean | null;
    /** Null when Dataverse's answer did not say: see RecordFacts. */
    isApplicationUser: boolean | null;
}

/** The names `amc set` takes, and the modes they write: only the four the control may write. */
export const MODE_NAMES: Readonly<Record<string, WritableMode>> = {
    "non-interactive": AccessMode.NonInteractive,
    "read-write": AccessMode.ReadWrite,
    administrative: AccessMode.Administrative,
    read: AccessMode.Read,
};

export function parseModeName(name: string): WritableMode | null {
    return Object.prototype.hasOwnProperty.call(MODE_NAMES, name.toLowerCase()) ? MODE_NAMES[name.toLowerCase()] : null;
}

/** The user as the control would see it on its form, with the facts read and the seats as checked. */
export function situationFor(user: User, isOwnRecord: boolean, seats: Check<SeatFigures>): Situation {
    return {
        value: user.accessMode,
        savedValue: user.accessMode,
        editable: true,
        masked: false,
        isNewRecord: false,
        isOwnRecord,
        facts: {
            state: "done",
            value: {
                fullName: user.fullName,
                isLicensed: user.isLicensed,
                isDisabled: user.isDisabled,
                isApplicationUser: user.isApplicationUser,
            },
        },
        seats,
    };
}

/** A user about to be created, as the control sees a create form: the column's default (Read-Write) and no record facts. */
export function creationSituation(seats: Check<SeatFigures>): Situation {
    return {
        value: AccessMode.ReadWrite,
        savedValue: AccessMode.ReadWrite,
        editable: true,
        masked: false,
        isNewRecord: true,
        isOwnRecord: false,
        facts: { state: "skipped" },
        seats,
    };
}

/** A recorded change of a user's access mode: from the audit log. */
export interface ModeChange {
    from: number;
    to: number;
    /** When (ISO) and by whom, as Dataverse formats the name. */
    on: string;
    by: string | null;
}

export type Finding =
    | { kind: "licenceToFree"; user: User }
    | { kind: "seatsFull" | "oneSeatLeft"; seats: SeatFigures }
    | { kind: "resetFromNonInteractive"; user: User; change: ModeChange }
    | { kind: "disabledNonInteractive"; user: User }
    /** The reset check could not run, or not for every user: why, and what to switch on. */
    | { kind: "historyUnavailable"; reason: string };

/**
 * Whether this user takes a non-interactive seat, by the domain's rule (a disabled user takes none); an application user
 * is not counted among the seats (NON_INTERACTIVE_SEAT_FILTER); null when an enabled state that decides it is not known.
 */
export function userTakesSeat(user: User): boolean | null {
    if (user.isApplicationUser === true) return false;
    if (user.accessMode === AccessMode.NonInteractive && user.isDisabled === null) return null;
    return takesNonInteractiveSeat(user.accessMode, user.isDisabled);
}

/** What one user record shows: a licence a non-interactive user still holds (the control's notice), a non-interactive account that takes no seat as it is disabled. */
export function userFindings(user: User): Finding[] {
    const findings: Finding[] = [];
    if (notices(situationFor(user, false, { state: "skipped" })).includes("licenceStillAssigned"))
        findings.push({ kind: "licenceToFree", user });
    const disabledNonInteractive =
        user.accessMode === AccessMode.NonInteractive && !takesNonInteractiveSeat(user.accessMode, user.isDisabled);
    if (disabledNonInteractive && user.isApplicationUser === false)
        findings.push({ kind: "disabledNonInteractive", user });
    return findings;
}

export function seatFindings(seats: Check<SeatFigures>): Finding[] {
    if (seats.state !== "done") return [];
    const left = seatsLeft(seats.value);
    return left === 0
        ? [{ kind: "seatsFull", seats: seats.value }]
        : left === 1
          ? [{ kind: "oneSeatLeft", seats: seats.value }]
          : [];
}

/** A user whose history is worth reading: now Administrative or Read-Write (what the sync resets to), not an application user (always non-interactive). */
export type ResetCandidate = User & {
    accessMode: typeof AccessMode.Administrative | typeof AccessMode.ReadWrite;
    isApplicationUser: false | null;
};

export function mayHaveBeenReset(user: User): user is ResetCandidate {
    return (
        (user.accessMode === AccessMode.Administrative || user.accessMode === AccessMode.ReadWrite) &&
        user.isApplicationUser !== true
    );
}

/** The candidate's latest access mode change took it from non-interactive to the mode it has now: what a directory-sync reset looks like. */
export function resetFinding(user: ResetCandidate, latest: ModeChange): Finding | null {
    return latest.from === AccessMode.NonInteractive && latest.to === user.accessMode
        ? { kind: "resetFromNonInteractive", user, change: latest }
        : null;
}
