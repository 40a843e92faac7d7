import { EditSession, editSessionReducer, restoreTarget, startSession } from "../../AccessModeControl/domain/editSession";

const RECORD = "5f0e9c1a-1111-4222-8333-444455556666";

function run(session: EditSession, ...events: Parameters<typeof editSessionReducer>[1][]): EditSession {
    return events.reduce(editSessionReducer, session);
}

const openDialog = (from: number, to: number) => ({ type: "requested", change: { from, to } }) as const;

describe("startSession", () => {
    it("remembers an interactive starting value", () => {
        expect(startSession(2, RECORD)).toEqual({ recordId: RECORD, dialog: null, pending: null, lastInteractive: 2, announcement: null });
    });

    it.each([4, 3, 5, null, 9])("remembers nothing for %p", (value) => {
        expect(startSession(value, RECORD).lastInteractive).toBeNull();
    });
});

describe("the dialog", () => {
    it("opens unacknowledged and clears the last announcement", () => {
        const s = run({ ...startSession(0, RECORD), announcement: { kind: "cancelled" } }, openDialog(0, 4));
        expect(s.dialog).toEqual({ from: 0, to: 4, acknowledged: false });
        expect(s.announcement).toBeNull();
    });

    it("records the acknowledgement, and ignores it with no dialog", () => {
        const start = startSession(0, RECORD);
        expect(run(start, openDialog(0, 4), { type: "acknowledged", value: true }).dialog?.acknowledged).toBe(true);
        expect(run(start, { type: "acknowledged", value: true })).toBe(start);
    });

    it("closes on dismiss without a pending change", () => {
        const s = run(startSession(0, RECORD), openDialog(0, 4), { type: "dismissed" });
        expect(s).toMatchObject({ dialog: null, pending: null, announcement: { kind: "cancelled" } });
    });

    it("turns a confirm into a pending change", () => {
        const s = run(startSession(0, RECORD), openDialog(0, 4), { type: "confirmed" });
        expect(s).toMatchObject({ dialog: null, pending: { from: 0, to: 4 }, announcement: { kind: "confirmed", to: 4 }, lastInteractive: 0 });
    });

    it("keeps the original value as the pending change's origin across several confirms", () => {
        const s = run(startSession(1, RECORD), openDialog(1, 4), { type: "confirmed" }, { type: "observed", value: 4, recordId: RECORD }, openDialog(4, 1), {
            type: "confirmed",
        });
        expect(s.pending).toBeNull();
        const t = run(startSession(0, RECORD), openDialog(0, 4), { type: "confirmed" }, { type: "observed", value: 4, recordId: RECORD }, openDialog(4, 2), {
            type: "confirmed",
        });
        expect(t.pending).toEqual({ from: 0, to: 2 });
    });

    it("closes without writing when the value changes under it", () => {
        const s = run(startSession(0, RECORD), openDialog(0, 4), { type: "observed", value: 2, recordId: RECORD });
        expect(s).toMatchObject({ dialog: null, pending: null, announcement: { kind: "premiseChanged" } });
    });

    it("stays open when the same value is observed again", () => {
        const s = run(startSession(0, RECORD), openDialog(0, 4));
        expect(run(s, { type: "observed", value: 0, recordId: RECORD })).toBe(s);
    });

    it("closes on a lost premise, once", () => {
        const s = run(startSession(0, RECORD), openDialog(0, 4), { type: "premiseLost" });
        expect(s).toMatchObject({ dialog: null, announcement: { kind: "premiseChanged" } });
        expect(run(s, { type: "premiseLost" })).toBe(s);
    });

    it.each(["confirmed", "dismissed"] as const)("ignores %s with no dialog open", (type) => {
        const s = startSession(0, RECORD);
        expect(run(s, { type })).toBe(s);
    });
});

describe("the pending change", () => {
    const confirmed = run(startSession(0, RECORD), openDialog(0, 4), { type: "confirmed" });

    it("survives the platform's echo of the new value", () => {
        expect(run(confirmed, { type: "observed", value: 4, recordId: RECORD }).pending).toEqual({ from: 0, to: 4 });
    });

    it("is dropped when the value is changed from outside", () => {
        expect(run(confirmed, { type: "observed", value: 4, recordId: RECORD }, { type: "observed", value: 1, recordId: RECORD }).pending).toBeNull();
    });

    it("is undone", () => {
        const s = run(confirmed, { type: "undone" });
        expect(s).toMatchObject({ pending: null, announcement: { kind: "undone" } });
        expect(run(s, { type: "undone" })).toBe(s);
    });
});

describe("record changes and the restore target", () => {
    it("starts over when the record changes", () => {
        const s = run(startSession(1, RECORD), openDialog(1, 4), { type: "observed", value: 4, recordId: "other" });
        expect(s).toEqual(startSession(4, "other"));
    });

    it("restores the interactive mode seen earlier, else the configured default", () => {
        const seen = run(startSession(4, RECORD), { type: "observed", value: 2, recordId: RECORD }, { type: "observed", value: 4, recordId: RECORD });
        expect(restoreTarget(seen, 0)).toBe(2);
        expect(restoreTarget(startSession(4, RECORD), 1)).toBe(1);
        expect(restoreTarget(startSession(4, RECORD), 0)).toBe(0);
    });
});
