/**
 * Pure rules for systemuser.accessmode: which values exist, which are locked, what a change means and when it is refused.
 * No React, no I/O: every function here maps facts to a decision.
 */

export const AccessMode = {
    ReadWrite: 0,
    Administrative: 1,
    Read: 2,
    SupportUser: 3,
    NonInteractive: 4,
    DelegatedAdmin: 5,
} as const;

export type KnownAccessMode = (typeof AccessMode)[keyof typeof AccessMode];
/** Modes the control may restore when non-interactive is turned off. */
export type InteractiveMode = typeof AccessMode.ReadWrite | typeof AccessMode.Administrative | typeof AccessMode.Read;

export const KNOWN_ACCESS_MODES: readonly KnownAccessMode[] = [0, 1, 2, 3, 4, 5];

export function isKnownAccessMode(value: unknown): value is KnownAccessMode {
    return typeof value === "number" && (KNOWN_ACCESS_MODES as readonly number[]).includes(value);
}

export function isInteractiveMode(value: unknown): value is InteractiveMode {
    return value === AccessMode.ReadWrite || value === AccessMode.Administrative || value === AccessMode.Read;
}

/** Facts read from the user record (Web API). */
export interface RecordFacts {
    fullName: string | null;
    isLicensed: boolean | null;
    isApplicationUser: boolean;
}

/** Environment-wide seat figures. */
export interface SeatFigures {
    nonInteractiveInUse: number;
    nonInteractiveLimit: number;
    /** True when the limit could not be read and the documented default was assumed. */
    limitAssumed: boolean;
    activeInUse: number | null;
    activeLimit: number | null;
}

/** The state of one asynchronous check. */
export type Check<T> =
    | { readonly state: "pending" }
    | { readonly state: "done"; readonly value: T }
    | { readonly state: "failed"; readonly reason: string }
    | { readonly state: "skipped" };

/** Everything the rules need to judge the field at one moment. */
export interface Situation {
    value: number | null;
    editable: boolean;
    masked: boolean;
    isNewRecord: boolean;
    isOwnRecord: boolean;
    facts: Check<RecordFacts>;
    seats: Check<SeatFigures>;
    /** The interactive mode to restore when turning non-interactive off. */
    restoreTo: InteractiveMode;
}

export type LockReason = "masked" | "unknownValue" | "supportUser" | "delegatedAdmin" | "applicationUser" | "readOnly";

/** Why the toggle is disabled, most fundamental reason first; null when the admin may ask for a change. */
export function lockReason(s: Pick<Situation, "value" | "editable" | "masked" | "facts">): LockReason | null {
    if (s.masked) return "masked";
    if (s.value === AccessMode.SupportUser) return "supportUser";
    if (s.value === AccessMode.DelegatedAdmin) return "delegatedAdmin";
    if (!isKnownAccessMode(s.value)) return "unknownValue";
    if (s.facts.state === "done" && s.facts.value.isApplicationUser) return "applicationUser";
    if (!s.editable) return "readOnly";
    return null;
}

export type Refusal = { kind: "ownRecord" } | { kind: "seatsFull"; inUse: number; limit: number };

export type Consequence =
    | { kind: "noUiAccess" }
    | { kind: "seatsAfterChange"; inUse: number; limit: number; limitAssumed: boolean }
    | { kind: "seatsUnchecked"; reason: string }
    | { kind: "licencePath" }
    | { kind: "fromAdministrative" }
    | { kind: "regainsUiAccess"; mode: InteractiveMode }
    | { kind: "administrativeNeedsNoLicence" }
    | { kind: "readWriteNeedsLicence" }
    | { kind: "unlicensedWillBeDisabled" }
    | { kind: "licenceUnchecked" }
    | { kind: "activeSeats"; inUse: number; limit: number };

export interface ChangePlan {
    from: InteractiveMode | typeof AccessMode.NonInteractive;
    to: InteractiveMode | typeof AccessMode.NonInteractive;
    refusal: Refusal | null;
    /** False while a check the decision depends on is still running. */
    ready: boolean;
    /** True when the change is allowed only after the admin acknowledges an unverified risk. */
    needsAcknowledgement: boolean;
    consequences: Consequence[];
}

/** What flipping the toggle would do, or null when the toggle is locked. */
export function planChange(s: Situation): ChangePlan | null {
    if (lockReason(s) !== null) return null;
    const factsPending = !s.isNewRecord && s.facts.state === "pending";
    if (s.value === AccessMode.NonInteractive) return planToInteractive(s, factsPending);
    if (isInteractiveMode(s.value)) return planToNonInteractive(s, s.value, factsPending);
    return null;
}

function planToNonInteractive(s: Situation, from: InteractiveMode, factsPending: boolean): ChangePlan {
    const consequences: Consequence[] = [{ kind: "noUiAccess" }];
    let refusal: Refusal | null = s.isOwnRecord ? { kind: "ownRecord" } : null;
    let needsAcknowledgement = false;
    if (s.seats.state === "done") {
        const { nonInteractiveInUse, nonInteractiveLimit, limitAssumed } = s.seats.value;
        if (nonInteractiveInUse >= nonInteractiveLimit) refusal ??= { kind: "seatsFull", inUse: nonInteractiveInUse, limit: nonInteractiveLimit };
        else consequences.push({ kind: "seatsAfterChange", inUse: nonInteractiveInUse + 1, limit: nonInteractiveLimit, limitAssumed });
    } else if (s.seats.state === "failed") {
        consequences.push({ kind: "seatsUnchecked", reason: s.seats.reason });
        needsAcknowledgement = true;
    }
    if (from === AccessMode.Administrative) consequences.push({ kind: "fromAdministrative" });
    consequences.push({ kind: "licencePath" });
    return {
        from,
        to: AccessMode.NonInteractive,
        refusal,
        ready: refusal !== null || (!factsPending && s.seats.state !== "pending"),
        needsAcknowledgement: refusal === null && needsAcknowledgement,
        consequences,
    };
}

function planToInteractive(s: Situation, factsPending: boolean): ChangePlan {
    const to = s.restoreTo;
    const consequences: Consequence[] = [{ kind: "regainsUiAccess", mode: to }];
    if (to === AccessMode.Administrative) {
        consequences.push({ kind: "administrativeNeedsNoLicence" });
    } else {
        consequences.push({ kind: "readWriteNeedsLicence" });
        const licensed = s.facts.state === "done" ? s.facts.value.isLicensed : null;
        if (licensed === false) consequences.push({ kind: "unlicensedWillBeDisabled" });
        else if (licensed === null && !factsPending) consequences.push({ kind: "licenceUnchecked" });
    }
    if (s.seats.state === "done" && s.seats.value.activeInUse !== null && s.seats.value.activeLimit !== null) {
        consequences.push({ kind: "activeSeats", inUse: s.seats.value.activeInUse, limit: s.seats.value.activeLimit });
    }
    return { from: AccessMode.NonInteractive, to, refusal: null, ready: !factsPending, needsAcknowledgement: false, consequences };
}

export type Notice = "administrativeExplained" | "licenceStillAssigned";

/** Standing explanations shown beside the toggle (not tied to a change). */
export function notices(s: Situation): Notice[] {
    if (s.masked) return [];
    const result: Notice[] = [];
    if (s.value === AccessMode.Administrative) result.push("administrativeExplained");
    if (s.value === AccessMode.NonInteractive && s.facts.state === "done" && s.facts.value.isLicensed === true && !s.facts.value.isApplicationUser) {
        result.push("licenceStillAssigned");
    }
    return result;
}

/** Only these values may ever be written by the control. */
export function isWritableValue(value: unknown): value is InteractiveMode | typeof AccessMode.NonInteractive {
    return isInteractiveMode(value) || value === AccessMode.NonInteractive;
}

/** Dataverse returns ids in different shapes (braces, upper case); compare them normalised. */
export function normalizeId(id: string | null | undefined): string | null {
    const trimmed = (id ?? "").trim().replace(/^\{/, "").replace(/\}$/, "").toLowerCase();
    return trimmed === "" ? null : trimmed;
}

export function isSameUser(recordId: string | null | undefined, userId: string | null | undefined): boolean {
    const a = normalizeId(recordId);
    return a !== null && a === normalizeId(userId);
}
