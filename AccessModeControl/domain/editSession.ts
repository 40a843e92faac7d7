/**
 * The admin's editing session on one field, as a pure reducer: the open confirmation dialog (and the mode chosen in it),
 * the confirmed change the form has not saved yet, the interactive mode seen earlier, the saves detected through the record's
 * Modified On, and the last announcement for screen readers.
 */
import { InteractiveMode, isInteractiveMode, WritableMode } from "./accessMode";

/** A change between modes the control may write: only those are ever proposed, confirmed or taken back. */
export interface ProposedChange {
    from: WritableMode;
    to: WritableMode;
}

export interface OpenDialog extends ProposedChange {
    /** The admin ticked the acknowledgement of the risk the dialog names. */
    acknowledged: boolean;
}

/** What the live region last said happened; a confirmation names the value written, which the host may not have echoed yet. */
export type Announcement =
    | { kind: "cancelled" }
    | { kind: "confirmed"; mode: WritableMode }
    | { kind: "undone" }
    | { kind: "premiseChanged" }
    | { kind: "saved"; mode: WritableMode };

export interface EditSession {
    recordId: string | null;
    /** The field's value as last observed. */
    value: number | null;
    /**
     * The record's Modified On as last seen (ms since 1970), or null when the form passes none: the control is not bound to
     * it, or the record is new. Only while it is known can the control tell a saved change from an unsaved one.
     */
    modifiedOn: number | null;
    /** The value the form showed when the dialog opened; the dialog is only valid while the field still holds it. */
    dialog: OpenDialog | null;
    /** A confirmed change not known to be saved: `from` is the value before the first confirmed change. */
    pending: ProposedChange | null;
    lastInteractive: InteractiveMode | null;
    announcement: Announcement | null;
    /** Saves of a confirmed change detected so far: each one makes the control read the record and the seats again. */
    savesDetected: number;
}

export type EditEvent =
    | { type: "observed"; value: number | null; recordId: string | null; modifiedOn: number | null }
    | { type: "requested"; change: ProposedChange }
    | { type: "targetChosen"; to: number }
    | { type: "acknowledged"; value: boolean }
    | { type: "dismissed" }
    | { type: "confirmed" }
    | { type: "undone" }
    | { type: "premiseLost" };

export function startSession(value: number | null, recordId: string | null, modifiedOn: number | null): EditSession {
    return {
        recordId,
        value,
        modifiedOn,
        dialog: null,
        pending: null,
        lastInteractive: isInteractiveMode(value) ? value : null,
        announcement: null,
        savesDetected: 0,
    };
}

export function editSessionReducer(session: EditSession, event: EditEvent): EditSession {
    switch (event.type) {
        case "observed":
            return observe(session, event.value, event.recordId, event.modifiedOn);
        case "requested":
            return { ...session, dialog: { ...event.change, acknowledged: false }, announcement: null };
        case "targetChosen":
            // Only the way back from non-interactive offers a choice, and only of interactive modes.
            if (
                !session.dialog ||
                session.dialog.to === event.to ||
                !isInteractiveMode(session.dialog.to) ||
                !isInteractiveMode(event.to)
            )
                return session;
            return { ...session, dialog: { ...session.dialog, to: event.to, acknowledged: false } };
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
                announcement: { kind: "confirmed", mode: to },
            };
        }
        case "undone":
            return canUndo(session) ? { ...session, pending: null, announcement: { kind: "undone" } } : session;
        case "premiseLost":
            return session.dialog ? { ...session, dialog: null, announcement: { kind: "premiseChanged" } } : session;
    }
}

/** One click may take a change back only while it is known to be unsaved: the form passes Modified On, and it has not moved. */
export function canUndo(session: EditSession): boolean {
    return session.pending !== null && session.modifiedOn !== null;
}

function observe(
    session: EditSession,
    value: number | null,
    recordId: string | null,
    modifiedOn: number | null,
): EditSession {
    if (recordId !== session.recordId) return startSession(value, recordId, modifiedOn);
    // A confirmed change stays pending until the field takes another value than the confirmed one (the form may pass the
    // confirmed value back only on a later update).
    const valueChanged = !Object.is(value, session.value);
    const held = session.pending !== null && (!valueChanged || session.pending.to === value) ? session.pending : null;
    // A new Modified On while the field holds the confirmed value: the form saved it (a refused save leaves Modified On as it was).
    const moved = modifiedOn !== null && session.modifiedOn !== null && modifiedOn !== session.modifiedOn;
    const saved = held !== null && held.to === value && moved ? held : null;
    const pending = saved ? null : held;
    const premiseLost = session.dialog !== null && session.dialog.from !== value;
    const lastInteractive = isInteractiveMode(value) ? value : session.lastInteractive;
    if (!valueChanged && pending === session.pending && !premiseLost && modifiedOn === session.modifiedOn)
        return session;
    return {
        ...session,
        value,
        modifiedOn,
        pending,
        dialog: premiseLost ? null : session.dialog,
        lastInteractive,
        announcement: premiseLost
            ? { kind: "premiseChanged" }
            : saved
              ? { kind: "saved", mode: saved.to }
              : session.announcement,
        savesDetected: saved ? session.savesDetected + 1 : session.savesDetected,
    };
}
