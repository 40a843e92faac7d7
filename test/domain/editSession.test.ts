import {
    canUndo,
    EditEvent,
    EditSession,
    editSessionReducer,
    startSession,
} from "../../AccessModeControl/domain/editSession";
import { WritableMode } from "../../AccessModeControl/domain/accessMode";

const RECORD = "5f0e9c1a-1111-4222-8333-444455556666";
/** The record's Modified On when the form loaded it, and after a save. */
const LOADED = Date.UTC(2026, 10, 30, 9, 0);
const SAVED = Date.UTC(2026, 11, 1, 10, 15);

function run(session: EditSession, ...events: EditEvent[]): EditSession {
    return events.reduce(editSessionReducer, session);
}

const openDialog = (from: WritableMode, to: WritableMode) => ({ type: "requested", change: { from, to } }) as const;
/** What the form passes on each updateView: the value, the record, and Modified On (LOADED unless given). */
const observed = (
    value: number | null,
    modifiedOn: number | null = LOADED,
    recordId: string | null = RECORD,
): EditEvent => ({ type: "observed", value, recordId, modifiedOn });
const start = (value: number | null, modifiedOn: number | null = LOADED): EditSession =>
    startSession(value, RECORD, modifiedOn);

describe("startSession", () => {
    it("remembers an interactive starting value and Modified On", () => {
        expect(start(2)).toEqual({
            recordId: RECORD,
            value: 2,
            modifiedOn: LOADED,
            dialog: null,
            pending: null,
            lastInteractive: 2,
            announcement: null,
            savesDetected: 0,
        });
    });

    it.each([4, 3, 5, null, 9])("remembers no earlier mode for %p", (value) => {
        expect(start(value).lastInteractive).toBeNull();
    });
});

describe("the dialog", () => {
    it("opens unacknowledged and clears the last announcement", () => {
        const s = run({ ...start(0), announcement: { kind: "cancelled" } }, openDialog(0, 4));
        expect(s.dialog).toEqual({ from: 0, to: 4, acknowledged: false });
        expect(s.announcement).toBeNull();
    });

    it("records the acknowledgement, and ignores it with no dialog", () => {
        expect(run(start(0), openDialog(0, 4), { type: "acknowledged", value: true }).dialog?.acknowledged).toBe(true);
        const s = start(0);
        expect(run(s, { type: "acknowledged", value: true })).toBe(s);
    });

    it("closes on dismiss without a pending change", () => {
        expect(run(start(0), openDialog(0, 4), { type: "dismissed" })).toMatchObject({
            dialog: null,
            pending: null,
            announcement: { kind: "cancelled" },
        });
    });

    it("turns a confirm into a pending change", () => {
        const s = run(start(0), openDialog(0, 4), { type: "confirmed" });
        expect(s).toMatchObject({
            dialog: null,
            pending: { from: 0, to: 4 },
            announcement: { kind: "confirmed", mode: 4 },
            lastInteractive: 0,
        });
    });

    it("keeps the original value as the pending change's origin across several confirms", () => {
        expect(
            run(start(1), openDialog(1, 4), { type: "confirmed" }, observed(4), openDialog(4, 1), { type: "confirmed" })
                .pending,
        ).toBeNull();
        expect(
            run(start(0), openDialog(0, 4), { type: "confirmed" }, observed(4), openDialog(4, 2), { type: "confirmed" })
                .pending,
        ).toEqual({ from: 0, to: 2 });
    });

    it("closes without writing when the value changes under it", () => {
        expect(run(start(0), openDialog(0, 4), observed(2))).toMatchObject({
            dialog: null,
            pending: null,
            announcement: { kind: "premiseChanged" },
        });
    });

    it("stays open when the same value is observed again", () => {
        const s = run(start(0), openDialog(0, 4));
        expect(run(s, observed(0))).toBe(s);
    });

    it("closes on a lost premise, once", () => {
        const s = run(start(0), openDialog(0, 4), { type: "premiseLost" });
        expect(s).toMatchObject({ dialog: null, announcement: { kind: "premiseChanged" } });
        expect(run(s, { type: "premiseLost" })).toBe(s);
    });

    it.each(["confirmed", "dismissed"] as const)("ignores %s with no dialog open", (type) => {
        const s = start(0);
        expect(run(s, { type })).toBe(s);
    });
});

describe("the way back: the mode chosen in the dialog", () => {
    const back = run(start(4), openDialog(4, 0));

    it("changes the target and asks for the acknowledgement again", () => {
        const s = run(back, { type: "acknowledged", value: true }, { type: "targetChosen", to: 1 });
        expect(s.dialog).toEqual({ from: 4, to: 1, acknowledged: false });
    });

    it("is what Confirm writes", () => {
        expect(run(back, { type: "targetChosen", to: 2 }, { type: "confirmed" })).toMatchObject({
            pending: { from: 4, to: 2 },
            announcement: { kind: "confirmed", mode: 2 },
        });
    });

    it.each([4, 3, 5, 9])("ignores a choice of %p, which is no interactive mode", (to) => {
        expect(run(back, { type: "targetChosen", to })).toBe(back);
    });

    it("ignores a choice with no dialog open, of the same target, or in a dialog that turns non-interactive on", () => {
        const closed = start(4);
        expect(run(closed, { type: "targetChosen", to: 1 })).toBe(closed);
        expect(run(back, { type: "targetChosen", to: 0 })).toBe(back);
        const on = run(start(0), openDialog(0, 4));
        expect(run(on, { type: "targetChosen", to: 1 })).toBe(on);
    });
});

describe("the pending change", () => {
    const confirmed = run(start(0), openDialog(0, 4), { type: "confirmed" });

    it("survives the platform's echo of the new value", () => {
        expect(run(confirmed, observed(4)).pending).toEqual({ from: 0, to: 4 });
    });

    it("is dropped when the value is changed from outside", () => {
        expect(run(confirmed, observed(4), observed(1)).pending).toBeNull();
    });

    it("is undone with one click while it is known to be unsaved", () => {
        const s = run(confirmed, observed(4), { type: "undone" });
        expect(s).toMatchObject({ pending: null, announcement: { kind: "undone" } });
        expect(run(s, { type: "undone" })).toBe(s);
    });

    it("is not undone with one click when the form passes no Modified On: the control cannot know it is unsaved", () => {
        const unbound = run(start(0, null), openDialog(0, 4), { type: "confirmed" }, observed(4, null));
        expect(canUndo(unbound)).toBe(false);
        expect(run(unbound, { type: "undone" })).toBe(unbound);
        expect(canUndo(run(confirmed, observed(4)))).toBe(true);
    });
});

describe("save detection through Modified On", () => {
    const pending = run(start(0), openDialog(0, 4), { type: "confirmed" }, observed(4));

    it("a new Modified On while the field holds the confirmed value is a save: the change is no longer pending, and it is announced", () => {
        const s = run(pending, observed(4, SAVED));
        expect(s).toMatchObject({
            pending: null,
            modifiedOn: SAVED,
            savesDetected: 1,
            announcement: { kind: "saved", mode: 4 },
        });
        expect(canUndo(s)).toBe(false);
    });

    it("a failed save leaves Modified On as it was, and the change pending", () => {
        expect(run(pending, observed(4, LOADED))).toBe(pending);
    });

    it("a save of other columns, with no confirmed change, only moves Modified On", () => {
        const s = run(start(0), observed(0, SAVED));
        expect(s).toMatchObject({ modifiedOn: SAVED, savesDetected: 0, announcement: null, pending: null });
    });

    it("a new Modified On with another value than the confirmed one is no save of it", () => {
        expect(run(pending, observed(1, SAVED))).toMatchObject({
            pending: null,
            savesDetected: 0,
            announcement: { kind: "confirmed", mode: 4 },
        });
    });

    it("counts every detected save, so that each one reads the record again", () => {
        const again = run(
            pending,
            observed(4, SAVED),
            openDialog(4, 0),
            { type: "confirmed" },
            observed(0, SAVED),
            observed(0, SAVED + 60_000),
        );
        expect(again).toMatchObject({ savesDetected: 2, pending: null, announcement: { kind: "saved", mode: 0 } });
    });

    it("detects nothing while the form passes no Modified On (the binding is missing, or the record is new)", () => {
        const unbound = run(start(0, null), openDialog(0, 4), { type: "confirmed" }, observed(4, null));
        expect(run(unbound, observed(4, null))).toBe(unbound);
        expect(run(unbound, observed(4, SAVED))).toMatchObject({ savesDetected: 0, pending: { from: 0, to: 4 } });
    });

    it("keeps an open dialog through a save while its premise holds", () => {
        const s = run(pending, observed(4, SAVED), openDialog(4, 0), observed(4, SAVED + 1));
        expect(s.dialog).toEqual({ from: 4, to: 0, acknowledged: false });
    });
});

describe("record changes and the earlier mode", () => {
    it("starts over when the record changes (a saved create form gets its id)", () => {
        expect(run(start(1), openDialog(1, 4), observed(4, SAVED, "other"))).toEqual(startSession(4, "other", SAVED));
    });

    it("remembers the interactive mode seen earlier", () => {
        expect(run(start(4), observed(2), observed(4)).lastInteractive).toBe(2);
        expect(start(4).lastInteractive).toBeNull();
    });
});

describe("a confirmed value the form passes back only later", () => {
    it("stays pending while the field still shows the old value, so a save in between saves nothing of it", () => {
        const s = run(start(0), openDialog(0, 4), { type: "confirmed" }, observed(0, SAVED));
        expect(s).toMatchObject({ pending: { from: 0, to: 4 }, savesDetected: 0, modifiedOn: SAVED });
        expect(run(s, observed(4, SAVED)).pending).toEqual({ from: 0, to: 4 });
    });
});
