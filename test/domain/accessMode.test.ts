import {
    AccessMode,
    ChangePlan,
    Check,
    InteractiveMode,
    isInteractiveMode,
    isKnownAccessMode,
    isSameUser,
    isWritableValue,
    lockReason,
    normalizeId,
    notices,
    planChange,
    RecordFacts,
    SeatFigures,
    Situation,
} from "../../AccessModeControl/domain/accessMode";

const facts = (value: Partial<RecordFacts> = {}): Check<RecordFacts> => ({
    state: "done",
    value: { fullName: "Ada Lovelace", isLicensed: true, isApplicationUser: false, ...value },
});
const seats = (inUse: number, limit = 7, extra: Partial<SeatFigures> = {}): Check<SeatFigures> => ({
    state: "done",
    value: { nonInteractiveInUse: inUse, nonInteractiveLimit: limit, limitAssumed: false, activeInUse: 10, activeLimit: 20, ...extra },
});
const failed = { state: "failed", reason: "HTTP 403" } as const;
const pending = { state: "pending" } as const;

function situation(overrides: Partial<Situation> = {}): Situation {
    return {
        value: 0,
        editable: true,
        masked: false,
        isNewRecord: false,
        isOwnRecord: false,
        facts: facts(),
        seats: seats(2),
        restoreTo: 0,
        ...overrides,
    };
}

const kinds = (plan: ChangePlan | null): string[] => plan?.consequences.map((c) => c.kind) ?? [];

describe("value classification", () => {
    it.each([
        [0, true, true, true],
        [1, true, true, true],
        [2, true, true, true],
        [3, true, false, false],
        [4, true, false, true],
        [5, true, false, false],
        [6, false, false, false],
        [-1, false, false, false],
        [0.5, false, false, false],
        [null, false, false, false],
        ["0", false, false, false],
    ])("%p: known %p, interactive %p, writable %p", (value, known, interactive, writable) => {
        expect(isKnownAccessMode(value)).toBe(known);
        expect(isInteractiveMode(value)).toBe(interactive);
        expect(isWritableValue(value)).toBe(writable);
    });
});

describe("lockReason", () => {
    it.each([
        [3, "supportUser"],
        [5, "delegatedAdmin"],
        [6, "unknownValue"],
        [99, "unknownValue"],
        [-1, "unknownValue"],
        [null, "unknownValue"],
    ])("locks value %p as %s", (value, reason) => {
        expect(lockReason(situation({ value }))).toBe(reason);
    });

    it.each([0, 1, 2, 4])("leaves %p unlocked for an editable, readable field", (value) => {
        expect(lockReason(situation({ value }))).toBeNull();
    });

    it("locks a masked field before anything else", () => {
        expect(lockReason(situation({ masked: true, value: 3, editable: false }))).toBe("masked");
    });

    it("locks application users, whatever their value", () => {
        expect(lockReason(situation({ value: 4, facts: facts({ isApplicationUser: true }) }))).toBe("applicationUser");
        expect(lockReason(situation({ value: 0, facts: facts({ isApplicationUser: true }), editable: false }))).toBe("applicationUser");
    });

    it("locks a read-only field with the least specific reason last", () => {
        expect(lockReason(situation({ editable: false }))).toBe("readOnly");
        expect(lockReason(situation({ editable: false, value: 5 }))).toBe("delegatedAdmin");
    });

    it.each([pending, failed, { state: "skipped" } as const])("does not lock when the facts are %p", (check) => {
        expect(lockReason(situation({ facts: check }))).toBeNull();
    });
});

describe("planChange: every value × direction", () => {
    it.each([3, 5, 6, null, -4])("offers no change for locked value %p", (value) => {
        expect(planChange(situation({ value }))).toBeNull();
    });

    it.each([
        ["masked", { masked: true }],
        ["read-only", { editable: false }],
        ["application user", { facts: facts({ isApplicationUser: true }) }],
    ])("offers no change when %s", (_, overrides) => {
        for (const value of [0, 1, 2, 4]) expect(planChange(situation({ value, ...overrides }))).toBeNull();
    });

    it.each([0, 1, 2] as const)("turns %p non-interactive", (value) => {
        const plan = planChange(situation({ value }));
        expect(plan).toMatchObject({ from: value, to: 4, refusal: null, ready: true, needsAcknowledgement: false });
        expect(kinds(plan)).toEqual(expect.arrayContaining(["noUiAccess", "seatsAfterChange", "licencePath"]));
    });

    it.each([0, 1, 2] as const)("turns non-interactive off to the restore target %p", (restoreTo) => {
        const plan = planChange(situation({ value: 4, restoreTo }));
        expect(plan).toMatchObject({ from: 4, to: restoreTo, refusal: null, ready: true });
        expect(plan?.consequences[0]).toEqual({ kind: "regainsUiAccess", mode: restoreTo });
    });
});

describe("turning non-interactive on: guards", () => {
    it("counts the seat the change takes", () => {
        const plan = planChange(situation({ seats: seats(3, 7) }));
        expect(plan?.consequences).toContainEqual({ kind: "seatsAfterChange", inUse: 4, limit: 7, limitAssumed: false });
    });

    it("says when the limit is assumed", () => {
        const plan = planChange(situation({ seats: seats(1, 7, { limitAssumed: true }) }));
        expect(plan?.consequences).toContainEqual({ kind: "seatsAfterChange", inUse: 2, limit: 7, limitAssumed: true });
    });

    it.each([
        [7, 7],
        [8, 7],
        [0, 0],
        [5, 5],
    ])("refuses when %p of %p seats are in use", (inUse, limit) => {
        const plan = planChange(situation({ seats: seats(inUse, limit) }));
        expect(plan?.refusal).toEqual({ kind: "seatsFull", inUse, limit });
        expect(kinds(plan)).not.toContain("seatsAfterChange");
    });

    it("allows the last free seat", () => {
        expect(planChange(situation({ seats: seats(6, 7) }))?.refusal).toBeNull();
    });

    it.each([0, 1, 2])("refuses the admin's own record from %p", (value) => {
        expect(planChange(situation({ value, isOwnRecord: true }))?.refusal).toEqual({ kind: "ownRecord" });
    });

    it("reports the own record before full seats, and is ready even while checks run", () => {
        const plan = planChange(situation({ isOwnRecord: true, seats: seats(7, 7) }));
        expect(plan?.refusal).toEqual({ kind: "ownRecord" });
        expect(planChange(situation({ isOwnRecord: true, seats: pending, facts: pending }))?.ready).toBe(true);
    });

    it("allows the change after an acknowledgement when seats could not be checked", () => {
        const plan = planChange(situation({ seats: failed }));
        expect(plan).toMatchObject({ refusal: null, ready: true, needsAcknowledgement: true });
        expect(plan?.consequences).toContainEqual({ kind: "seatsUnchecked", reason: "HTTP 403" });
    });

    it("needs no acknowledgement when the change is refused anyway", () => {
        expect(planChange(situation({ seats: failed, isOwnRecord: true }))?.needsAcknowledgement).toBe(false);
    });

    it("is not ready while seats or the record's facts are being checked", () => {
        expect(planChange(situation({ seats: pending }))?.ready).toBe(false);
        expect(planChange(situation({ facts: pending }))?.ready).toBe(false);
    });

    it("does not wait for record facts on a create form", () => {
        expect(planChange(situation({ isNewRecord: true, facts: { state: "skipped" } }))?.ready).toBe(true);
        expect(planChange(situation({ isNewRecord: true, facts: pending }))?.ready).toBe(true);
    });

    it("warns that directory sync may reset an Administrative user", () => {
        expect(kinds(planChange(situation({ value: 1 })))).toContain("fromAdministrative");
        expect(kinds(planChange(situation({ value: 0 })))).not.toContain("fromAdministrative");
    });

    it("always explains the licence path", () => {
        for (const value of [0, 1, 2]) expect(kinds(planChange(situation({ value })))).toContain("licencePath");
    });
});

describe("turning non-interactive off: warnings", () => {
    const off = (overrides: Partial<Situation>): ChangePlan | null => planChange(situation({ value: 4, ...overrides }));

    it("warns that Read-Write needs a licence", () => {
        expect(kinds(off({ restoreTo: 0 }))).toContain("readWriteNeedsLicence");
    });

    it("warns that an unlicensed user switched to Read-Write gets disabled", () => {
        expect(kinds(off({ facts: facts({ isLicensed: false }) }))).toContain("unlicensedWillBeDisabled");
        expect(kinds(off({ facts: facts({ isLicensed: true }) }))).not.toContain("unlicensedWillBeDisabled");
    });

    it.each<InteractiveMode>([0, 2])("applies the licence warnings to restore target %p", (restoreTo) => {
        expect(kinds(off({ restoreTo, facts: facts({ isLicensed: false }) }))).toEqual(
            expect.arrayContaining(["readWriteNeedsLicence", "unlicensedWillBeDisabled"]),
        );
    });

    it("says the licence could not be checked when the facts failed or are unknown", () => {
        expect(kinds(off({ facts: failed }))).toContain("licenceUnchecked");
        expect(kinds(off({ facts: facts({ isLicensed: null }) }))).toContain("licenceUnchecked");
        expect(kinds(off({ facts: pending }))).not.toContain("licenceUnchecked");
    });

    it("restoring Administrative needs no licence", () => {
        const k = kinds(off({ restoreTo: 1, facts: facts({ isLicensed: false }) }));
        expect(k).toContain("administrativeNeedsNoLicence");
        expect(k).not.toContain("readWriteNeedsLicence");
        expect(k).not.toContain("unlicensedWillBeDisabled");
    });

    it("shows active seats when known", () => {
        expect(off({})?.consequences).toContainEqual({ kind: "activeSeats", inUse: 10, limit: 20 });
        expect(kinds(off({ seats: seats(2, 7, { activeInUse: null, activeLimit: null }) }))).not.toContain("activeSeats");
        expect(kinds(off({ seats: failed }))).not.toContain("activeSeats");
    });

    it("never refuses turning off, even on the admin's own record or with full seats", () => {
        expect(off({ isOwnRecord: true, seats: seats(7, 7) })?.refusal).toBeNull();
    });

    it("waits for the record's facts before it is ready", () => {
        expect(off({ facts: pending })?.ready).toBe(false);
        expect(off({ seats: pending })?.ready).toBe(true);
    });
});

describe("notices", () => {
    it("explains Administrative", () => {
        expect(notices(situation({ value: 1 }))).toEqual(["administrativeExplained"]);
    });

    it("reminds that a non-interactive user still holds a licence", () => {
        expect(notices(situation({ value: 4, facts: facts({ isLicensed: true }) }))).toEqual(["licenceStillAssigned"]);
        expect(notices(situation({ value: 4, facts: facts({ isLicensed: false }) }))).toEqual([]);
        expect(notices(situation({ value: 4, facts: pending }))).toEqual([]);
        expect(notices(situation({ value: 4, facts: facts({ isApplicationUser: true }) }))).toEqual([]);
    });

    it("says nothing about a masked field", () => {
        expect(notices(situation({ value: 1, masked: true }))).toEqual([]);
    });

    it.each([0, 2, 3, 5])("has no notice for %p", (value) => {
        expect(notices(situation({ value }))).toEqual([]);
    });
});

describe("user ids", () => {
    it.each([
        ["{6A1B2C3D-0000-4000-8000-00000000AD01}", "6a1b2c3d-0000-4000-8000-00000000ad01"],
        [" 6a1b2c3d-0000-4000-8000-00000000ad01 ", "6a1b2c3d-0000-4000-8000-00000000ad01"],
        ["", null],
        ["{}", null],
        [null, null],
        [undefined, null],
    ])("normalizes %p to %p", (input, expected) => {
        expect(normalizeId(input)).toBe(expected);
    });

    it("matches the same user whatever braces and case", () => {
        expect(isSameUser("6a1b2c3d-0000-4000-8000-00000000ad01", "{6A1B2C3D-0000-4000-8000-00000000AD01}")).toBe(true);
        expect(isSameUser("6a1b2c3d-0000-4000-8000-00000000ad02", "{6A1B2C3D-0000-4000-8000-00000000AD01}")).toBe(false);
    });

    it("never treats a missing record id as the admin's own record", () => {
        expect(isSameUser(null, null)).toBe(false);
        expect(isSameUser("", "")).toBe(false);
    });
});

it("exposes the documented values", () => {
    expect(AccessMode).toEqual({ ReadWrite: 0, Administrative: 1, Read: 2, SupportUser: 3, NonInteractive: 4, DelegatedAdmin: 5 });
});
