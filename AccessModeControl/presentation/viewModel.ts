/**
 * Turns inputs, the edit session and the check results into the texts and flags the components render.
 * Pure: no React, no I/O.
 */
import {
    Check,
    ChangePlan,
    Consequence,
    InteractiveMode,
    isKnownAccessMode,
    KNOWN_ACCESS_MODES,
    lockReason,
    LockReason,
    Notice,
    Refusal,
    notices,
    planChange,
    RecordFacts,
    SeatFigures,
    Situation,
} from "../domain/accessMode";
import { Announcement, EditSession, restoreTarget } from "../domain/editSession";
import { CheckFailure } from "../dataverse/DataverseClient";
import { StringKey, Translate } from "./strings";

/** What the PCF context tells the control, reduced to plain values. */
export interface ControlInputs {
    value: number | null;
    /** Labels from the column's metadata; empty in the test harness. */
    options: readonly { value: number; label: string }[];
    editable: boolean;
    masked: boolean;
    /** Normalised record id; null on a create form. */
    recordId: string | null;
    isOwnRecord: boolean;
    defaultInteractiveMode: InteractiveMode;
}

export interface Checks {
    facts: Check<RecordFacts>;
    seats: Check<SeatFigures>;
}

export type Severity = "info" | "warning" | "error";

export interface Message {
    id: string;
    text: string;
    severity: Severity;
}

export interface DialogView {
    title: string;
    summary: string;
    consequences: Message[];
    refusal: string | null;
    checking: string | null;
    acknowledgement: { label: string; checked: boolean } | null;
    canConfirm: boolean;
    confirmLabel: string;
    cancelLabel: string;
    closeLabel: string;
}

export interface ControlView {
    caption: string;
    modeLabel: string;
    toggleLabel: string;
    toggleOnText: string;
    toggleOffText: string;
    toggleChecked: boolean;
    toggleDisabled: boolean;
    lockMessage: string | null;
    seatsText: string | null;
    messages: Message[];
    pending: { text: string; undoLabel: string } | null;
    announcement: string;
    dialog: DialogView | null;
}

/** The rules' verdict on one moment: computed once per render, used both to present and to guard the handlers. */
export interface Assessment {
    situation: Situation;
    lock: LockReason | null;
    plan: ChangePlan | null;
    /** The open dialog, only while its premise holds: the field still has the value it was opened on, and is unlocked. */
    dialog: EditSession["dialog"];
}

export function assess(inputs: ControlInputs, session: EditSession, checks: Checks): Assessment {
    const situation: Situation = {
        value: inputs.value,
        editable: inputs.editable,
        masked: inputs.masked,
        isNewRecord: inputs.recordId === null,
        isOwnRecord: inputs.isOwnRecord,
        facts: checks.facts,
        seats: checks.seats,
        restoreTo: restoreTarget(session, inputs.defaultInteractiveMode),
    };
    const plan = planChange(situation);
    const dialog = session.dialog && plan && plan.from === session.dialog.from && plan.to === session.dialog.to ? session.dialog : null;
    return { situation, lock: lockReason(situation), plan, dialog };
}

/** True when Confirm may write the dialog's value. */
export function mayConfirm({ plan, dialog }: Pick<Assessment, "plan" | "dialog">): boolean {
    return !!plan && !!dialog && plan.ready && plan.refusal === null && (!plan.needsAcknowledgement || dialog.acknowledged);
}

export function presentControl(inputs: ControlInputs, session: EditSession, checks: Checks, assessment: Assessment, t: Translate): ControlView {
    const { situation, lock, plan, dialog } = assessment;
    const label = (value: number | null): string => modeLabel(value, inputs.options, t);
    const pending = !inputs.masked && session.pending && session.pending.to === inputs.value ? session.pending : null;
    return {
        caption: t("Caption_CurrentMode"),
        modeLabel: inputs.masked ? t("Masked_Value") : label(inputs.value),
        toggleLabel: t("Toggle_Label"),
        toggleOnText: t("Toggle_On"),
        toggleOffText: t("Toggle_Off"),
        toggleChecked: !inputs.masked && inputs.value === 4,
        toggleDisabled: lock !== null,
        lockMessage: lock === null ? null : t(LOCK_MESSAGES[lock]),
        seatsText: inputs.masked || lock !== null ? null : seatsText(checks.seats, t),
        messages: inputs.masked ? [] : [...factsMessages(checks.facts, t), ...notices(situation).map((n) => noticeMessage(n, t))],
        pending: pending && { text: t("Pending_Text", label(pending.from), label(pending.to)), undoLabel: t("Pending_Undo") },
        announcement: inputs.masked ? "" : announcementText(session.announcement, label, t),
        dialog: plan && dialog && presentDialog(assessment, plan, dialog, checks.facts, inputs.recordId === null, label, t),
    };
}

/**
 * The column's own (localized, possibly renamed) labels when its metadata is real — it then lists every known value —
 * else the built-in table; the test harness invents three placeholder options, which must not be shown.
 */
export function modeLabel(value: number | null, options: ControlInputs["options"], t: Translate): string {
    if (value === null) return t("Mode_Empty");
    const metadataIsReal = KNOWN_ACCESS_MODES.every((known) => options.some((option) => option.value === known && option.label));
    const fromMetadata = metadataIsReal ? options.find((option) => option.value === value)?.label : undefined;
    if (fromMetadata) return fromMetadata;
    return isKnownAccessMode(value) ? t(`Mode_${value}`) : t("Mode_Unknown", value);
}

/** Turns any failure of a check into one readable sentence part; server text is kept as plain text. */
export function describeFailure(error: unknown, t: Translate): string {
    if (!(error instanceof CheckFailure)) return t("Error_Unavailable");
    // Server messages usually end a sentence themselves; ours add the full stop.
    const detail = error.detail?.replace(/[\s.]+$/, "") || null;
    switch (error.kind) {
        case "timeout":
            return t("Error_Timeout", detail ?? "");
        case "http":
            return detail === null ? t("Error_Http", error.status ?? "") : t("Error_HttpWithMessage", error.status ?? "", detail);
        case "server":
            return detail === null ? t("Error_Unavailable") : t("Error_Server", detail);
        case "badResponse":
            return t("Error_BadResponse");
        case "network":
            return t("Error_Network", detail ?? "");
        case "aborted":
            return t("Error_Unavailable");
    }
}

const LOCK_MESSAGES: Record<LockReason, StringKey> = {
    masked: "Lock_Masked",
    unknownValue: "Lock_UnknownValue",
    supportUser: "Lock_SupportUser",
    delegatedAdmin: "Lock_DelegatedAdmin",
    applicationUser: "Lock_ApplicationUser",
    readOnly: "Lock_ReadOnly",
};

function seatsText(seats: Check<SeatFigures>, t: Translate): string | null {
    switch (seats.state) {
        case "pending":
            return t("Seats_Checking");
        case "failed":
            return t("Seats_Unavailable", seats.reason);
        case "skipped":
            return null;
        case "done": {
            const { nonInteractiveInUse, nonInteractiveLimit, limitAssumed } = seats.value;
            return t(limitAssumed ? "Seats_InUseAssumed" : "Seats_InUse", nonInteractiveInUse, nonInteractiveLimit);
        }
    }
}

function factsMessages(facts: Check<RecordFacts>, t: Translate): Message[] {
    return facts.state === "failed" ? [{ id: "factsUnavailable", text: t("Facts_Unavailable", facts.reason), severity: "warning" }] : [];
}

function noticeMessage(notice: Notice, t: Translate): Message {
    return notice === "administrativeExplained"
        ? { id: notice, text: t("Notice_Administrative"), severity: "info" }
        : { id: notice, text: t("Notice_LicenceStillAssigned"), severity: "info" };
}

function announcementText(announcement: Announcement | null, label: (v: number | null) => string, t: Translate): string {
    if (announcement === null) return "";
    switch (announcement.kind) {
        case "cancelled":
            return t("Announce_Cancelled");
        case "confirmed":
            return t("Announce_Confirmed", label(announcement.to));
        case "undone":
            return t("Announce_Undone");
        case "premiseChanged":
            return t("Announce_PremiseChanged");
    }
}

function presentDialog(
    assessment: Assessment,
    plan: ChangePlan,
    dialog: NonNullable<EditSession["dialog"]>,
    facts: Check<RecordFacts>,
    isNewRecord: boolean,
    label: (v: number | null) => string,
    t: Translate,
): DialogView {
    const fullName = facts.state === "done" ? facts.value.fullName : null;
    const who = fullName ?? t(isNewRecord ? "Dialog_NewUser" : "Dialog_ThisUser");
    return {
        title: t(plan.to === 4 ? "Dialog_TitleToNonInteractive" : "Dialog_TitleToInteractive", who),
        summary: t("Dialog_Summary", label(dialog.from), label(dialog.to)),
        consequences: plan.consequences.map((c) => consequenceMessage(c, label, t)),
        refusal: refusalText(plan.refusal, t),
        checking: plan.ready ? null : t("Dialog_Checking"),
        acknowledgement: plan.needsAcknowledgement ? { label: t("Dialog_Acknowledge"), checked: dialog.acknowledged } : null,
        canConfirm: mayConfirm(assessment),
        confirmLabel: t("Dialog_Confirm"),
        cancelLabel: t("Dialog_Cancel"),
        closeLabel: t("Dialog_Close"),
    };
}

function refusalText(refusal: Refusal | null, t: Translate): string | null {
    if (refusal === null) return null;
    return refusal.kind === "ownRecord" ? t("Refusal_OwnRecord") : t("Refusal_SeatsFull", refusal.inUse, refusal.limit);
}

function consequenceMessage(c: Consequence, label: (v: number | null) => string, t: Translate): Message {
    const info = (text: string): Message => ({ id: c.kind, text, severity: "info" });
    const warning = (text: string): Message => ({ id: c.kind, text, severity: "warning" });
    switch (c.kind) {
        case "noUiAccess":
            return warning(t("Consequence_NoUiAccess"));
        case "seatsAfterChange":
            return info(t(c.limitAssumed ? "Consequence_SeatsAfterChangeAssumed" : "Consequence_SeatsAfterChange", c.inUse, c.limit));
        case "seatsUnchecked":
            return warning(t("Consequence_SeatsUnchecked", c.reason));
        case "licencePath":
            return info(t("Consequence_LicencePath"));
        case "fromAdministrative":
            return warning(t("Consequence_FromAdministrative"));
        case "regainsUiAccess":
            return info(t("Consequence_RegainsUiAccess", label(c.mode)));
        case "administrativeNeedsNoLicence":
            return info(t("Consequence_AdministrativeNeedsNoLicence"));
        case "readWriteNeedsLicence":
            return info(t("Consequence_ReadWriteNeedsLicence"));
        case "unlicensedWillBeDisabled":
            return warning(t("Consequence_UnlicensedWillBeDisabled"));
        case "licenceUnchecked":
            return warning(t("Consequence_LicenceUnchecked"));
        case "activeSeats":
            return info(t("Consequence_ActiveSeats", c.inUse, c.limit));
    }
}
