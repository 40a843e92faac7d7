/**
 * Turns inputs, the edit session and the check results into the texts and flags the components render.
 * Pure: no React, no I/O.
 */
import {
    AccessMode,
    Acknowledgement,
    Check,
    ChangePlan,
    Consequence,
    InteractiveMode,
    isKnownAccessMode,
    KNOWN_ACCESS_MODES,
    lockReason,
    LockReason,
    Notice,
    notices,
    planChange,
    preselectedReturn,
    RecordFacts,
    Refusal,
    returnChoices,
    SeatFigures,
    seatsAfterChange,
    Situation,
    WritableMode,
} from "../domain/accessMode";
import { Announcement, canUndo, EditSession, OpenDialog, ProposedChange } from "../domain/editSession";
import { CheckFailure } from "../dataverse/responses";
import { kindKey, Translate } from "./strings";

/** What the PCF context tells the control, reduced to plain values. */
export interface ControlInputs {
    value: number | null;
    /** Labels from the column's metadata; empty in the test harness. */
    options: readonly { value: number; label: string }[];
    editable: boolean;
    masked: boolean;
    /** Normalised record id; null on a create form, or when the form did not pass it. */
    recordId: string | null;
    /** Null when it cannot be told (domain: ownRecord). */
    isOwnRecord: boolean | null;
    defaultInteractiveMode: InteractiveMode;
    /** The record's Modified On (ms since 1970) when the form binds and loads it; null otherwise. */
    modifiedOn: number | null;
    /** The host can open the Non-interactive Users view (`context.navigation.openUrl`). */
    canOpenSeatsView: boolean;
    /** The user's language is written right to left. */
    rtl: boolean;
}

export interface Checks {
    facts: Check<RecordFacts>;
    seats: Check<SeatFigures>;
}

/** Named as Fluent's MessageBarType members, which the message list shows them as. */
export type Severity = "info" | "warning" | "error";

/** What a button or link beside a message does. */
export type ActionKind = "retryFacts" | "retrySeats" | "openSeatsView" | "undo";

export interface Action {
    kind: ActionKind;
    label: string;
}

export interface Message {
    id: string;
    text: string;
    severity: Severity;
    action?: Action;
}

/** The view's parts are named as the Fluent props they become, so the components pass them on whole. */
export interface ChoiceView {
    label: string;
    options: { key: string; text: string }[];
    selectedKey: string;
}

export interface DialogView {
    title: string;
    summary: string;
    /** Why the change is refused and what to do instead; a refused dialog offers nothing to confirm. */
    refusal: Message | null;
    checking: string | null;
    choices: ChoiceView | null;
    consequences: Message[];
    acknowledgement: { label: string; checked: boolean } | null;
    /** The Confirm button, disabled until the change may be written; null when the change is refused: the dialog then only closes. */
    confirm: { text: string; disabled: boolean } | null;
    cancelLabel: string;
    closeLabel: string;
}

export interface SeatsView {
    text: string;
    actions: Action[];
}

export interface ToggleView {
    label: string;
    onText: string;
    offText: string;
    checked: boolean;
    disabled: boolean;
}

export interface ControlView {
    caption: string;
    modeLabel: string;
    toggle: ToggleView;
    lockMessage: string | null;
    seats: SeatsView | null;
    /** The facts that could not be read, standing notices, and last the confirmed change (with Undo while known to be unsaved). */
    messages: Message[];
    announcement: string;
    dialog: DialogView | null;
}

/** The rules' verdict on one moment: computed once per render, used both to present and to guard the handlers. */
export interface Assessment {
    situation: Situation;
    lock: LockReason | null;
    /** The confirmed change while the field still holds it. */
    pending: ProposedChange | null;
    /** Undo may write back with one click: the change is known to be unsaved (Modified On is bound and has not moved since). */
    undoable: boolean;
    /** The open dialog, only while its premise holds: the field still has the value it was opened on, and the change is possible. */
    dialog: OpenDialog | null;
    /** The plan of the open dialog's change, else of the change the toggle would ask for; null when locked. */
    plan: ChangePlan | null;
}

export function assess(inputs: ControlInputs, session: EditSession, checks: Checks): Assessment {
    const pending = session.pending && session.pending.to === inputs.value ? session.pending : null;
    const situation: Situation = {
        value: inputs.value,
        savedValue: pending ? pending.from : inputs.value,
        editable: inputs.editable,
        masked: inputs.masked,
        isNewRecord: inputs.recordId === null && inputs.modifiedOn === null,
        isOwnRecord: inputs.isOwnRecord,
        facts: checks.facts,
        seats: checks.seats,
    };
    const dialogPlan =
        session.dialog && session.dialog.from === inputs.value ? planChange(situation, session.dialog.to) : null;
    const dialog = dialogPlan ? session.dialog : null;
    const undoable = pending !== null && canUndo(session) && inputs.modifiedOn === session.modifiedOn;
    return {
        situation,
        lock: lockReason(situation),
        pending,
        undoable,
        dialog,
        plan: dialogPlan ?? toggledPlan(situation, session, inputs.defaultInteractiveMode),
    };
}

/** The toggle turns non-interactive on, or off to the mode preselected for the way back. */
function toggledPlan(
    situation: Situation,
    session: EditSession,
    configuredDefault: InteractiveMode,
): ChangePlan | null {
    const to: WritableMode =
        situation.value === AccessMode.NonInteractive
            ? preselectedReturn(session.lastInteractive, configuredDefault)
            : AccessMode.NonInteractive;
    return planChange(situation, to);
}

/** True when Confirm may write the dialog's value. */
export function mayConfirm({ plan, dialog }: Pick<Assessment, "plan" | "dialog">): boolean {
    return (
        !!plan &&
        !!dialog &&
        plan.ready &&
        plan.refusal === null &&
        (plan.acknowledgement === null || dialog.acknowledged)
    );
}

export function presentControl(
    inputs: ControlInputs,
    session: EditSession,
    assessment: Assessment,
    t: Translate,
): ControlView {
    const { situation, lock, plan, dialog, pending, undoable } = assessment;
    const label = (value: number | null): string => modeLabel(value, inputs.options, t);
    return {
        caption: t("Caption_CurrentMode"),
        modeLabel: inputs.masked ? t("Masked_Value") : label(inputs.value),
        toggle: {
            label: t("Toggle_Label"),
            onText: t("Toggle_On"),
            offText: t("Toggle_Off"),
            checked: !inputs.masked && inputs.value === AccessMode.NonInteractive,
            disabled: lock !== null,
        },
        lockMessage: lock === null ? null : t(kindKey("Lock", lock)),
        seats: inputs.masked || lock !== null ? null : seatsView(situation, inputs.canOpenSeatsView, t),
        messages: inputs.masked
            ? []
            : [
                  ...factsMessages(situation.facts, t),
                  ...notices(situation).map((n) => noticeMessage(n, t)),
                  ...(pending ? [pendingMessage(pending, undoable, label, t)] : []),
              ],
        announcement: inputs.masked ? "" : announcementText(session.announcement, label, t),
        dialog: plan && dialog && presentDialog(assessment, plan, dialog, session, inputs, label, t),
    };
}

/**
 * The column's own (localized, possibly renamed) labels when its metadata is real — it then lists every known value —
 * else the built-in table; the test harness invents three placeholder options, which must not be shown.
 */
export function modeLabel(value: number | null, options: ControlInputs["options"], t: Translate): string {
    if (value === null) return t("Mode_Empty");
    const metadataIsReal = KNOWN_ACCESS_MODES.every((known) =>
        options.some((option) => option.value === known && option.label),
    );
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
        case "http":
            return detail === null
                ? t("Error_Http", error.status ?? "")
                : t("Error_HttpWithMessage", error.status ?? "", detail);
        case "timeout":
        case "badResponse":
            return t(kindKey("Error", error.kind), detail ?? "");
        default:
            // A network or server failure without a message says no more than an aborted request.
            return detail !== null && (error.kind === "network" || error.kind === "server")
                ? t(kindKey("Error", error.kind), detail)
                : t("Error_Unavailable");
    }
}

function seatsView(situation: Situation, canOpenSeatsView: boolean, t: Translate): SeatsView | null {
    const { seats } = situation;
    switch (seats.state) {
        case "pending":
            return { text: t("Seats_Checking"), actions: [] };
        case "failed":
            return {
                text: t("Seats_Unavailable", seats.reason),
                actions: [{ kind: "retrySeats", label: t("Action_Retry") }],
            };
        case "skipped":
            return null;
        case "done": {
            const { nonInteractiveInUse, nonInteractiveLimit, limitAssumed } = seats.value;
            const onceSaved = seatsAfterChange(situation, situation.value)?.inUse;
            const text = t(
                `Seats_InUse${onceSaved === undefined ? "" : "OnceSaved"}${limitAssumed ? "Assumed" : ""}`,
                nonInteractiveInUse,
                nonInteractiveLimit,
                onceSaved ?? "",
            );
            return { text, actions: canOpenSeatsView ? [{ kind: "openSeatsView", label: t("Seats_ShowUsers") }] : [] };
        }
    }
}

function factsMessages(facts: Check<RecordFacts>, t: Translate): Message[] {
    if (facts.state !== "failed") return [];
    return [
        {
            id: "factsUnavailable",
            text: t("Facts_Unavailable", facts.reason),
            severity: "warning",
            action: { kind: "retryFacts", label: t("Action_Retry") },
        },
    ];
}

function pendingMessage(
    pending: ProposedChange,
    undoable: boolean,
    label: (v: number | null) => string,
    t: Translate,
): Message {
    const text = t(undoable ? "Pending_Text" : "Pending_TextUnknownSave", label(pending.from), label(pending.to));
    return {
        id: "pending",
        text,
        severity: "warning",
        action: undoable ? { kind: "undo", label: t("Pending_Undo") } : undefined,
    };
}

function noticeMessage(notice: Notice, t: Translate): Message {
    return { id: notice, text: t(kindKey("Notice", notice)), severity: "info" };
}

function announcementText(
    announcement: Announcement | null,
    label: (v: number | null) => string,
    t: Translate,
): string {
    if (announcement === null) return "";
    return t(kindKey("Announce", announcement.kind), "mode" in announcement ? label(announcement.mode) : "");
}

function presentDialog(
    assessment: Assessment,
    plan: ChangePlan,
    dialog: OpenDialog,
    session: EditSession,
    inputs: ControlInputs,
    label: (v: number | null) => string,
    t: Translate,
): DialogView {
    const facts = assessment.situation.facts;
    const fullName = facts.state === "done" ? facts.value.fullName : null;
    const who = fullName ?? t(inputs.recordId === null ? "Dialog_NewUser" : "Dialog_ThisUser");
    const refused: DialogView = {
        title: t(plan.refusal?.kind === "ownRecord" ? "Dialog_TitleRefusedOwnRecord" : "Dialog_TitleRefusedSeatsFull"),
        summary: t("Dialog_SummaryRefused", label(dialog.from)),
        refusal: plan.refusal && refusalMessage(plan.refusal, inputs.canOpenSeatsView, t),
        checking: plan.ready ? null : t("Dialog_Checking"),
        choices: null,
        consequences: [],
        acknowledgement: null,
        confirm: null,
        cancelLabel: t("Dialog_Close"),
        closeLabel: t("Dialog_Close"),
    };
    if (plan.refusal !== null) return refused;
    const earlier = session.lastInteractive;
    return {
        ...refused,
        title: t(
            plan.to === AccessMode.NonInteractive ? "Dialog_TitleToNonInteractive" : "Dialog_TitleToInteractive",
            who,
        ),
        summary: t("Dialog_Summary", label(dialog.from), label(dialog.to)),
        choices:
            dialog.from === AccessMode.NonInteractive
                ? {
                      label: t("Dialog_ChoiceLabel"),
                      options: returnChoices(earlier).map((mode) => ({
                          key: String(mode),
                          text: mode === earlier ? t("Choice_Earlier", label(mode)) : label(mode),
                      })),
                      selectedKey: String(dialog.to),
                  }
                : null,
        consequences: plan.consequences.map((c) => consequenceMessage(c, label, t)),
        acknowledgement:
            plan.acknowledgement === null
                ? null
                : { label: acknowledgementText(plan.acknowledgement, who, t), checked: dialog.acknowledged },
        confirm: { text: t("Dialog_Confirm"), disabled: !mayConfirm(assessment) },
        cancelLabel: t("Dialog_Cancel"),
    };
}

/** Why a change is refused and what to do instead; a full seat count leads to the accounts that hold the seats. */
export function refusalMessage(refusal: Refusal, canOpenSeatsView: boolean, t: Translate): Message {
    if (refusal.kind === "ownRecord") {
        return {
            id: "ownRecord",
            text: t(refusal.to === AccessMode.NonInteractive ? "Refusal_OwnRecord" : "Refusal_OwnRecordInteractive"),
            severity: "error",
        };
    }
    const message: Message = {
        id: "seatsFull",
        text: t("Refusal_SeatsFull", refusal.inUse, refusal.limit),
        severity: "error",
    };
    return canOpenSeatsView ? { ...message, action: { kind: "openSeatsView", label: t("Seats_ShowUsers") } } : message;
}

/** What the admin acknowledges, naming the user where the risk is the user's own. */
export function acknowledgementText(acknowledgement: Acknowledgement, who: string, t: Translate): string {
    return t(kindKey("Ack", acknowledgement), who);
}

/** The consequences that put the user's access or the save at risk; the others inform. */
const WARNINGS: ReadonlySet<Consequence["kind"]> = new Set<Consequence["kind"]>([
    "noUiAccess",
    "seatsUnchecked",
    "fromAdministrative",
    "unlicensedWillBeDisabled",
    "licenceUnchecked",
]);

export function consequenceMessage(c: Consequence, label: (v: number | null) => string, t: Translate): Message {
    const severity: Severity = WARNINGS.has(c.kind) ? "warning" : "info";
    if (c.kind === "seatsAfterChange") {
        return {
            id: c.kind,
            text: t(
                `Consequence_Seat${c.change > 0 ? "Taken" : "Freed"}${c.limitAssumed ? "Assumed" : ""}`,
                c.inUse,
                c.limit,
            ),
            severity,
        };
    }
    const args = "mode" in c ? [label(c.mode)] : "reason" in c ? [c.reason] : "inUse" in c ? [c.inUse, c.limit] : [];
    const message: Message = { id: c.kind, text: t(kindKey("Consequence", c.kind), ...args), severity };
    return c.kind === "seatsUnchecked"
        ? { ...message, action: { kind: "retrySeats", label: t("Action_Retry") } }
        : message;
}
