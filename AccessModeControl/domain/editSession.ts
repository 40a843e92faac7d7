/**
 * The admin's editing session on one field, as a pure reducer: the open confirmation dialog, the confirmed but unsaved change,
 * the interactive mode seen earlier (to restore it), and the last announcement for screen readers.
 */
import { InteractiveMode, isInteractiveMode } from "./accessMode";

export interface ProposedChange {
    from: number;
    to: number;
}

export interface OpenDialog extends ProposedChange {
    /** The admin ticked the acknowledgement that some risk could not be checked. */
    acknowledged: boolean;
}

/** What the live region last said happened; a confirmation names the value written, which the host may not have echoed yet. */
export type Announcement = { kind: "cancelled" } | { kind: "confirmed"; to: number } | { kind: "undone" } | { kind: "premiseChanged" };

export interface EditSession {
    recordId: string | null;
    /** The value the form showed when the dialog opened; the dialog is only valid while the field still holds it. */
    dialog: OpenDialog | null;
    /** A confirmed change the form has not saved yet: `from` is the value before the first confirmed change. */
    pending: ProposedChange | null;
    lastInteractive: InteractiveMode | null;
    announcement: Announcement | null;
}

export type EditEvent =
    | { type: "observed"; value: number | null; recordId: string | null }
    | { type: "requested"; change: ProposedChange }
    | { type: "acknowledged"; value: boolean }
    | { type: "dismissed" }
    | { type: "confirmed" }
    | { type: "undone" }
    | { type: "premiseLost" };

export function startSession(value: number | null, recordId: string | null): EditSession {
    return { recordId, dialog: null, pending: null, lastInteractive: isInteractiveMode(value) ? value : null, announcement: null };
}

export function editSessionReducer(session: EditSession, event: EditEvent): EditSession {
    switch (event.type) {
        case "observed":
            return observe(session, event.value, event.recordId);
        case "requested":
            return { ...session, dialog: { ...event.change, acknowledged: false }, announcement: null };
        case "acknowledged":
            return session.dialog ? { ...session, dialog: { ...session.dialog, acknowledged: event.value } } : session;
        case "dismissed":
            return session.dialog ? { ...session, dialog: null, announcement: { kind: "cancelled" } } : session;
        case "confirmed": {
            if (!session.dialog) return session;
            const from = session.pending?.from ?? session.dialog.from;
            const to = session.dialog.to;
            return {
                ...session,
                dialog: null,
                pending: from === to ? null : { from, to },
                lastInteractive: isInteractiveMode(session.dialog.from) ? session.dialog.from : session.lastInteractive,
                announcement: { kind: "confirmed", to },
            };
        }
        case "undone":
            return session.pending ? { ...session, pending: null, announcement: { kind: "undone" } } : session;
        case "premiseLost":
            return session.dialog ? { ...session, dialog: null, announcement: { kind: "premiseChanged" } } : session;
    }
}

function observe(session: EditSession, value: number | null, recordId: string | null): EditSession {
    if (recordId !== session.recordId) return startSession(value, recordId);
    const pending = session.pending && session.pending.to === value ? session.pending : null;
    const premiseLost = session.dialog !== null && session.dialog.from !== value;
    const lastInteractive = isInteractiveMode(value) ? value : session.lastInteractive;
    if (pending === session.pending && !premiseLost && lastInteractive === session.lastInteractive) return session;
    return {
        ...session,
        pending,
        dialog: premiseLost ? null : session.dialog,
        lastInteractive,
        announcement: premiseLost ? { kind: "premiseChanged" } : session.announcement,
    };
}

/** The mode to restore when turning non-interactive off: the one seen earlier in this session, else the configured default. */
export function restoreTarget(session: EditSession, configuredDefault: InteractiveMode): InteractiveMode {
    return session.lastInteractive ?? configuredDefault;
}

