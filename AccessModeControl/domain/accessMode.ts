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
/** The modes that sign in to the web interface: those offered when non-interactive is turned off. */
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
    isDisabled: boolean | null;
    /** Null when the answer did not say (no `applicationid` in it): the application-user lock then holds. */
    isApplicationUser: boolean | null;
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
    /** The value Dataverse holds as far as the control knows: the value before an unsaved change, else the value itself. */
    savedValue: number | null;
    editable: boolean;
    masked: boolean;
    isNewRecord: boolean;
    /** Null when it cannot be told: see ownRecord. */
    isOwnRecord: boolean | null;
    facts: Check<RecordFacts>;
    seats: Check<SeatFigures>;
}

export type LockReason =
    | "masked"
    | "unknownValue"
    | "supportUser"
    | "delegatedAdmin"
    | "applicationUser"
    | "applicationUserUnknown"
    | "ownRecordUnknown"
    | "readOnly";

/** Why no change may be asked for, most fundamental reason first; null when the admin may ask for one. */
export function lockReason(
    s: Pick<Situation, "value" | "editable" | "masked" | "facts" | "isOwnRecord">,
): LockReason | null {
    if (s.masked) return "masked";
    if (s.value === AccessMode.SupportUser) return "supportUser";
    if (s.value === AccessMode.DelegatedAdmin) return "delegatedAdmin";
    if (!isKnownAccessMode(s.value)) return "unknownValue";
    if (s.facts.state === "done" && s.facts.value.isApplicationUser !== false)
        return s.facts.value.isApplicationUser ? "applicationUser" : "applicationUserUnknown";
    if (s.isOwnRecord === null) return "ownRecordUnknown";
    if (!s.editable) return "readOnly";
    return null;
}

/**
 * Whether the record is the signed-in user's own. The id comes from the undocumented `context.mode.contextInfo.entityId`:
 * without it, a record that has a Modified On exists, and whose it is cannot be told (null); a create form has neither.
 */
export function ownRecord(
    recordId: string | null,
    modifiedOn: number | null,
    userId: string | null | undefined,
): boolean | null {
    if (recordId === null) return modifiedOn === null ? false : null;
    return isSameUser(recordId, userId);
}

/**
 * Whether a user holding `value` takes a non-interactive seat: an enabled non-interactive user does, a disabled one takes
 * none while disabled and one if enabled again (dataverse-facts §12). Unknown counts as enabled, so no seat is assumed free.
 */
export function takesNonInteractiveSeat(value: number | null, isDisabled: boolean | null): boolean {
    return value === AccessMode.NonInteractive && isDisabled !== true;
}

export type WritableMode = InteractiveMode | typeof AccessMode.NonInteractive;

export type Refusal = { kind: "ownRecord"; to: WritableMode } | { kind: "seatsFull"; inUse: number; limit: number };

/** A risk the rules could not rule out, or know will happen: the admin must say so before the change may be made. */
export type Acknowledgement = "seatsUnchecked" | "unlicensedWillBeDisabled" | "licenceUnchecked";

export type Consequence =
    | { kind: "noUiAccess" }
    /** `change`: +1 the change takes a seat, -1 it frees one. `inUse` is the figure after it. */
    | { kind: "seatsAfterChange"; change: -1 | 1; inUse: number; limit: number; limitAssumed: boolean }
    | { kind: "seatsUnchecked"; reason: string }
    /** The user is disabled: non-interactive, it takes no seat while disabled and one if enabled again. */
    | { kind: "disabledTakesNoSeat" }
    | { kind: "licencePath" }
    | { kind: "fromAdministrative" }
    | { kind: "regainsUiAccess"; mode: InteractiveMode }
    | { kind: "regainsUiAccessWhenEnabled"; mode: InteractiveMode }
    | { kind: "administrativeNeedsNoLicence" }
    | { kind: "needsLicence"; mode: InteractiveMode }
    | { kind: "unlicensedWillBeDisabled"; mode: InteractiveMode }
    | { kind: "licenceUnchecked" }
    | { kind: "activeSeats"; inUse: number; limit: number };

export interface ChangePlan {
    from: WritableMode;
    to: WritableMode;
    refusal: Refusal | null;
    /** False while a check the decision depends on is still running. */
    ready: boolean;
    /** The risk the admin must acknowledge before confirming; null when there is none (or the change is refused). */
    acknowledgement: Acknowledgement | null;
    consequences: Consequence[];
}

/** What changing the field to `to` would do, or null when it is locked or already holds `to`. */
export function planChange(s: Situation, to: WritableMode): ChangePlan | null {
    if (lockReason(s) !== null || !isWritableValue(s.value) || s.value === to) return null;
    const plan =
        to === AccessMode.NonInteractive
            ? planToNonInteractive(s, s.value as InteractiveMode)
            : planToInteractive(s, s.value, to);
    const refusal = s.isOwnRecord ? { kind: "ownRecord" as const, to } : plan.refusal;
    const checksPending = factsPending(s) || (to === AccessMode.NonInteractive && s.seats.state === "pending");
    return {
        from: s.value,
        to,
        refusal,
        ready: refusal !== null || !checksPending,
        acknowledgement: refusal === null ? plan.acknowledgement : null,
        consequences: plan.consequences,
    };
}

type PartialPlan = Pick<ChangePlan, "refusal" | "acknowledgement" | "consequences">;

/** The record's facts are still being read; a create form has none to wait for. */
function factsPending(s: Situation): boolean {
    return !s.isNewRecord && s.facts.state === "pending";
}

/** Whether the user is disabled, as far as the record's facts tell. */
function disabled(s: Pick<Situation, "facts">): boolean | null {
    return s.facts.state === "done" ? s.facts.value.isDisabled : null;
}

function planToNonInteractive(s: Situation, from: InteractiveMode): PartialPlan {
    const consequences: Consequence[] = [{ kind: "noUiAccess" }];
    let refusal: Refusal | null = null;
    let acknowledgement: Acknowledgement | null = null;
    // None when the saved value is non-interactive already: the user holds its seat (an unsaved change away is taken back).
    const seats = seatsAfterChange(s, AccessMode.NonInteractive);
    // Not before the facts tell whether the user is disabled: a disabled user is never refused for full seats.
    if (seats && seats.inUse > seats.limit) {
        if (!factsPending(s)) refusal = { kind: "seatsFull", inUse: seats.inUse - 1, limit: seats.limit };
    } else if (seats) consequences.push(seats);
    if (disabled(s) === true) {
        consequences.push({ kind: "disabledTakesNoSeat" });
    } else if (s.seats.state === "failed") {
        consequences.push({ kind: "seatsUnchecked", reason: s.seats.reason });
        acknowledgement = "seatsUnchecked";
    }
    if (from === AccessMode.Administrative) consequences.push({ kind: "fromAdministrative" });
    consequences.push({ kind: "licencePath" });
    return { refusal, acknowledgement, consequences };
}

function planToInteractive(s: Situation, from: WritableMode, to: InteractiveMode): PartialPlan {
    const consequences: Consequence[] = [];
    let acknowledgement: Acknowledgement | null = null;
    if (from === AccessMode.NonInteractive) {
        consequences.push({ kind: disabled(s) === true ? "regainsUiAccessWhenEnabled" : "regainsUiAccess", mode: to });
        const seats = seatsAfterChange(s, to);
        if (seats) consequences.push(seats);
    }
    if (to === AccessMode.Administrative) {
        consequences.push({ kind: "administrativeNeedsNoLicence" });
    } else {
        consequences.push({ kind: "needsLicence", mode: to });
        const licensed = s.facts.state === "done" ? s.facts.value.isLicensed : null;
        if (licensed === false) {
            consequences.push({ kind: "unlicensedWillBeDisabled", mode: to });
            acknowledgement = "unlicensedWillBeDisabled";
        } else if (licensed === null && !factsPending(s)) {
            consequences.push({ kind: "licenceUnchecked" });
            acknowledgement = "licenceUnchecked";
        }
        if (s.seats.state === "done" && s.seats.value.activeInUse !== null && s.seats.value.activeLimit !== null) {
            consequences.push({
                kind: "activeSeats",
                inUse: s.seats.value.activeInUse,
                limit: s.seats.value.activeLimit,
            });
        }
    }
    return { refusal: null, acknowledgement, consequences };
}

type SeatsAfterChange = Extract<Consequence, { kind: "seatsAfterChange" }>;

/**
 * How saving `to` moves the count of non-interactive seats in use; null when it does not (a disabled user's change never
 * does) or the count is unknown. The count was taken of what Dataverse holds, so it is measured from the saved value.
 */
export function seatsAfterChange(
    s: Pick<Situation, "savedValue" | "seats" | "facts">,
    to: number | null,
): SeatsAfterChange | null {
    if (s.seats.state !== "done") return null;
    const counted = (value: number | null): number => (takesNonInteractiveSeat(value, disabled(s)) ? 1 : 0);
    const change = counted(to) - counted(s.savedValue);
    if (change !== 1 && change !== -1) return null;
    const { nonInteractiveInUse, nonInteractiveLimit, limitAssumed } = s.seats.value;
    return {
        kind: "seatsAfterChange",
        change,
        inUse: Math.max(0, nonInteractiveInUse + change),
        limit: nonInteractiveLimit,
        limitAssumed,
    };
}

/** Seats still free: 0 when every seat is taken (or more are in use than the limit allows). */
export function seatsLeft(seats: SeatFigures): number {
    return Math.max(0, seats.nonInteractiveLimit - seats.nonInteractiveInUse);
}

/**
 * The interactive modes offered when non-interactive is turned off, in order: the mode the user had earlier (when known),
 * then Read-Write and Administrative. Read is a legacy mode, offered only when it was the earlier one.
 */
export function returnChoices(earlier: InteractiveMode | null): InteractiveMode[] {
    const choices: InteractiveMode[] = earlier === null ? [] : [earlier];
    for (const mode of [AccessMode.ReadWrite, AccessMode.Administrative] as const)
        if (!choices.includes(mode)) choices.push(mode);
    return choices;
}

/** The return choice preselected: the earlier mode when known, else the configured default. */
export function preselectedReturn(
    earlier: InteractiveMode | null,
    configuredDefault: InteractiveMode,
): InteractiveMode {
    return earlier ?? configuredDefault;
}

export type Notice = "administrativeExplained" | "licenceStillAssigned";

/** Standing explanations shown beside the toggle (not tied to a change). */
export function notices(s: Situation): Notice[] {
    if (s.masked) return [];
    const result: Notice[] = [];
    if (s.value === AccessMode.Administrative) result.push("administrativeExplained");
    // Only once Dataverse holds non-interactive too: before the save, the licence path of the dialog tells what to do.
    const nonInteractive = s.value === AccessMode.NonInteractive && s.savedValue === AccessMode.NonInteractive;
    if (
        nonInteractive &&
        s.facts.state === "done" &&
        s.facts.value.isLicensed === true &&
        s.facts.value.isApplicationUser === false
    ) {
        result.push("licenceStillAssigned");
    }
    return result;
}

/** Only these values may ever be written by the control. */
export function isWritableValue(value: unknown): value is WritableMode {
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
