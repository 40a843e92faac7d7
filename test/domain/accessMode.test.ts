import {
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
    ownRecord,
    planChange,
    preselectedReturn,
    RecordFacts,
    returnChoices,
    SeatFigures,
    seatsAfterChange,
    seatsLeft,
    Situation,
    takesNonInteractiveSeat,
    WritableMode,
} from "../../AccessModeControl/domain/accessMode";

const facts = (value: Partial<RecordFacts> = {}): Check<RecordFacts> => ({
    state: "done",
    value: { fullName: "Ada Lovelace", isLicensed: true, isDisabled: false, isApplicationUser: false, ...value },
});
const seats = (inUse: number, limit = 7, extra: Partial<SeatFigures> = {}): Check<SeatFigures> => ({
    state: "done",
    value: {
        nonInteractiveInUse: inUse,
        nonInteractiveLimit: limit,
        limitAssumed: false,
        activeInUse: 10,
        activeLimit: 20,
        ...extra,
    },
});
const failed = { state: "failed", reason: "HTTP 403" } as const;
const pending = { state: "pending" } as const;

/** A situation with no unsaved change (the saved value is the value) unless `savedValue` says otherwise. */
function situation(overrides: Partial<Situation> = {}): Situation {
    const value = overrides.value === undefined ? 0 : overrides.value;
    return {
        value,
        savedValue: value,
        editable: true,
        masked: false,
        isNewRecord: false,
        isOwnRecord: false,
        facts: facts(),
        seats: seats(2),
        ...overrides,
    };
}

/** What the toggle asks for: non-interactive on, or off to Read-Write unless another target is given. */
const toggled = (s: Situation, back: WritableMode = 0): WritableMode => (s.value === 4 ? back : 4);
const plan = (overrides: Partial<Situation> = {}, to?: WritableMode): ChangePlan | null => {
    const s = situation(overrides);
    return planChange(s, to ?? toggled(s));
};

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
        expect(lockReason(situation({ value: 0, facts: facts({ isApplicationUser: true }), editable: false }))).toBe(
            "applicationUser",
        );
    });

    it("keeps the application-user lock while the answer does not say (no applicationid in it)", () => {
        expect(lockReason(situation({ value: 4, facts: facts({ isApplicationUser: null }) }))).toBe(
            "applicationUserUnknown",
        );
        expect(lockReason(situation({ value: 0, facts: facts({ isApplicationUser: null }), editable: false }))).toBe(
            "applicationUserUnknown",
        );
    });

    it("locks an existing record whose id the form did not pass: whose record it is cannot be told", () => {
        expect(lockReason(situation({ isOwnRecord: null }))).toBe("ownRecordUnknown");
        expect(lockReason(situation({ value: 4, isOwnRecord: null, facts: { state: "skipped" } }))).toBe(
            "ownRecordUnknown",
        );
        expect(lockReason(situation({ isOwnRecord: null, editable: false }))).toBe("ownRecordUnknown");
    });

    it("locks a read-only field with the least specific reason last", () => {
        expect(lockReason(situation({ editable: false }))).toBe("readOnly");
        expect(lockReason(situation({ editable: false, value: 5 }))).toBe("delegatedAdmin");
    });

    it.each([pending, failed, { state: "skipped" } as const])("does not lock when the facts are %p", (check) => {
        expect(lockReason(situation({ facts: check }))).toBeNull();
    });
});

describe("planChange: every value × target", () => {
    it.each([3, 5, 6, null, -4])("offers no change for locked value %p", (value) => {
        for (const to of [0, 1, 2, 4] as const) expect(plan({ value }, to)).toBeNull();
    });

    it.each([
        ["masked", { masked: true }],
        ["read-only", { editable: false }],
        ["application user", { facts: facts({ isApplicationUser: true }) }],
        ["perhaps an application user", { facts: facts({ isApplicationUser: null }) }],
        ["perhaps the admin's own record", { isOwnRecord: null }],
    ])("offers no change when %s", (_, overrides) => {
        for (const value of [0, 1, 2, 4])
            for (const to of [0, 1, 2, 4] as const) expect(plan({ value, ...overrides }, to)).toBeNull();
    });

    it.each([0, 1, 2, 4] as const)("offers no change to the value the field holds (%p)", (value) => {
        expect(plan({ value }, value)).toBeNull();
    });

    it.each([0, 1, 2] as const)("turns %p non-interactive", (value) => {
        const p = plan({ value }, 4);
        expect(p).toMatchObject({ from: value, to: 4, refusal: null, ready: true, acknowledgement: null });
        expect(kinds(p)).toEqual(expect.arrayContaining(["noUiAccess", "seatsAfterChange", "licencePath"]));
    });

    it.each([0, 1, 2] as const)("turns non-interactive off to %p", (to) => {
        const p = plan({ value: 4 }, to);
        expect(p).toMatchObject({ from: 4, to, refusal: null, ready: true });
        expect(p?.consequences[0]).toEqual({ kind: "regainsUiAccess", mode: to });
    });

    it.each([
        [0, 1],
        [1, 0],
        [0, 2],
        [2, 1],
    ] as const)(
        "changes one interactive mode to another (%p → %p) with the target's licence rules, without the non-interactive ones",
        (value, to) => {
            const k = kinds(plan({ value }, to));
            expect(k).not.toContain("regainsUiAccess");
            expect(k).not.toContain("noUiAccess");
            expect(k).toContain(to === 1 ? "administrativeNeedsNoLicence" : "needsLicence");
        },
    );
});

describe("turning non-interactive on: guards", () => {
    it("counts the seat the change takes", () => {
        expect(plan({ seats: seats(3, 7) })?.consequences).toContainEqual({
            kind: "seatsAfterChange",
            change: 1,
            inUse: 4,
            limit: 7,
            limitAssumed: false,
        });
    });

    it("says when the limit is assumed", () => {
        expect(plan({ seats: seats(1, 7, { limitAssumed: true }) })?.consequences).toContainEqual({
            kind: "seatsAfterChange",
            change: 1,
            inUse: 2,
            limit: 7,
            limitAssumed: true,
        });
    });

    it.each([
        [7, 7],
        [8, 7],
        [0, 0],
        [5, 5],
    ])("refuses when %p of %p seats are in use", (inUse, limit) => {
        const p = plan({ seats: seats(inUse, limit) });
        expect(p?.refusal).toEqual({ kind: "seatsFull", inUse, limit });
        expect(kinds(p)).not.toContain("seatsAfterChange");
    });

    it("waits for the record's facts before refusing for full seats: the user may be disabled", () => {
        expect(plan({ seats: seats(7, 7), facts: pending })).toMatchObject({ refusal: null, ready: false });
    });

    it("allows the last free seat", () => {
        expect(plan({ seats: seats(6, 7) })?.refusal).toBeNull();
    });

    it("takes no seat, and refuses nothing, when the saved value is non-interactive already (an unsaved change away is taken back)", () => {
        const p = plan({ value: 0, savedValue: 4, seats: seats(7, 7) });
        expect(p?.refusal).toBeNull();
        expect(kinds(p)).not.toContain("seatsAfterChange");
    });

    it.each([0, 1, 2] as const)("refuses the admin's own record from %p", (value) => {
        expect(plan({ value, isOwnRecord: true })?.refusal).toEqual({ kind: "ownRecord", to: 4 });
    });

    it("reports the own record before full seats, and is ready even while checks run", () => {
        expect(plan({ isOwnRecord: true, seats: seats(7, 7) })?.refusal).toEqual({ kind: "ownRecord", to: 4 });
        expect(plan({ isOwnRecord: true, seats: pending, facts: pending })?.ready).toBe(true);
    });

    it("allows the change after an acknowledgement when seats could not be checked", () => {
        const p = plan({ seats: failed });
        expect(p).toMatchObject({ refusal: null, ready: true, acknowledgement: "seatsUnchecked" });
        expect(p?.consequences).toContainEqual({ kind: "seatsUnchecked", reason: "HTTP 403" });
    });

    it("needs no acknowledgement when the change is refused anyway", () => {
        expect(plan({ seats: failed, isOwnRecord: true })?.acknowledgement).toBeNull();
    });

    it("is not ready while seats or the record's facts are being checked", () => {
        expect(plan({ seats: pending })?.ready).toBe(false);
        expect(plan({ facts: pending })?.ready).toBe(false);
    });

    it("does not wait for record facts on a create form", () => {
        expect(plan({ isNewRecord: true, facts: { state: "skipped" } })?.ready).toBe(true);
        expect(plan({ isNewRecord: true, facts: pending })?.ready).toBe(true);
    });

    it("warns that directory sync may reset an Administrative user", () => {
        expect(kinds(plan({ value: 1 }))).toContain("fromAdministrative");
        expect(kinds(plan({ value: 0 }))).not.toContain("fromAdministrative");
    });

    it("always explains the licence path", () => {
        for (const value of [0, 1, 2]) expect(kinds(plan({ value }))).toContain("licencePath");
    });
});

describe("a disabled user takes no seat", () => {
    const disabled = facts({ isDisabled: true });

    it.each([
        [2, 7],
        [7, 7],
        [9, 7],
    ])("turns non-interactive with %p of %p seats in use: never refused, the count does not move", (inUse, limit) => {
        const p = plan({ facts: disabled, seats: seats(inUse, limit) });
        expect(p).toMatchObject({ refusal: null, ready: true, acknowledgement: null });
        expect(kinds(p)).toEqual(["noUiAccess", "disabledTakesNoSeat", "licencePath"]);
    });

    it("needs no acknowledgement when the seats could not be checked", () => {
        const p = plan({ facts: disabled, seats: failed });
        expect(p).toMatchObject({ refusal: null, acknowledgement: null });
        expect(kinds(p)).not.toContain("seatsUnchecked");
    });

    it.each([0, 1] as const)(
        "turns non-interactive off to %p: frees no seat, and signs in to the web interface only once enabled",
        (to) => {
            const p = plan({ value: 4, facts: disabled }, to);
            expect(p?.consequences).toContainEqual({ kind: "regainsUiAccessWhenEnabled", mode: to });
            expect(kinds(p)).not.toContain("regainsUiAccess");
            expect(kinds(p)).not.toContain("seatsAfterChange");
        },
    );

    it("is counted as enabled while that is unknown, so that no seat is assumed free", () => {
        expect(plan({ facts: facts({ isDisabled: null }), seats: seats(7, 7) })?.refusal).toEqual({
            kind: "seatsFull",
            inUse: 7,
            limit: 7,
        });
        expect(kinds(plan({ value: 4, facts: facts({ isDisabled: null }) }, 0))).toEqual(
            expect.arrayContaining(["regainsUiAccess", "seatsAfterChange"]),
        );
    });

    it.each([
        [4, false, true],
        [4, null, true],
        [4, true, false],
        [0, false, false],
        [null, false, false],
    ])("takesNonInteractiveSeat(%p, disabled %p) is %p", (value, isDisabled, expected) => {
        expect(takesNonInteractiveSeat(value, isDisabled)).toBe(expected);
    });
});

describe("whose record it is", () => {
    it.each([
        ["the admin's own record", "{6A1B2C3D-0000-4000-8000-00000000AD01}", 1, true],
        ["another user's record", "5f0e9c1a-1111-4222-8333-444455556666", 1, false],
        ["a create form (no id, no Modified On)", null, null, false],
        ["an existing record without an id (Modified On present)", null, 1, null],
    ])("%s: %p", (_, recordId, modifiedOn, expected) => {
        expect(ownRecord(recordId && normalizeId(recordId), modifiedOn, "6a1b2c3d-0000-4000-8000-00000000ad01")).toBe(
            expected,
        );
    });
});

describe("turning non-interactive off: each way back has its own consequences", () => {
    const off = (overrides: Partial<Situation>, to: InteractiveMode = 0): ChangePlan | null =>
        plan({ value: 4, ...overrides }, to);

    it.each<InteractiveMode>([0, 2])("says that the chosen mode %p needs a licence", (to) => {
        expect(off({}, to)?.consequences).toContainEqual({ kind: "needsLicence", mode: to });
    });

    it.each<InteractiveMode>([0, 2])(
        "warns that an unlicensed user switched to %p gets disabled, and asks for an acknowledgement",
        (to) => {
            const p = off({ facts: facts({ isLicensed: false }) }, to);
            expect(p?.consequences).toContainEqual({ kind: "unlicensedWillBeDisabled", mode: to });
            expect(p?.acknowledgement).toBe("unlicensedWillBeDisabled");
            expect(off({ facts: facts({ isLicensed: true }) }, to)).toMatchObject({ acknowledgement: null });
            expect(kinds(off({ facts: facts({ isLicensed: true }) }, to))).not.toContain("unlicensedWillBeDisabled");
        },
    );

    it("asks for an acknowledgement when the licence could not be checked (the facts failed or are unknown)", () => {
        for (const unknown of [failed, facts({ isLicensed: null })]) {
            expect(off({ facts: unknown })).toMatchObject({ acknowledgement: "licenceUnchecked" });
            expect(kinds(off({ facts: unknown }))).toContain("licenceUnchecked");
        }
        expect(kinds(off({ facts: pending }))).not.toContain("licenceUnchecked");
    });

    it("Administrative needs no licence and no acknowledgement, even for an unlicensed user", () => {
        const p = off({ facts: facts({ isLicensed: false }) }, 1);
        expect(kinds(p)).toContain("administrativeNeedsNoLicence");
        expect(kinds(p)).not.toContain("needsLicence");
        expect(kinds(p)).not.toContain("unlicensedWillBeDisabled");
        expect(p?.acknowledgement).toBeNull();
    });

    it("frees the seat the saved non-interactive user holds, and none when the saved value is interactive", () => {
        expect(off({ seats: seats(3, 7) })?.consequences).toContainEqual({
            kind: "seatsAfterChange",
            change: -1,
            inUse: 2,
            limit: 7,
            limitAssumed: false,
        });
        expect(kinds(off({ savedValue: 0 }))).not.toContain("seatsAfterChange");
    });

    it("shows active seats when known, for the modes that need a licence", () => {
        expect(off({})?.consequences).toContainEqual({ kind: "activeSeats", inUse: 10, limit: 20 });
        expect(kinds(off({}, 1))).not.toContain("activeSeats");
        expect(kinds(off({ seats: seats(2, 7, { activeInUse: null, activeLimit: null }) }))).not.toContain(
            "activeSeats",
        );
        expect(kinds(off({ seats: failed }))).not.toContain("activeSeats");
    });

    it("never refuses for full seats", () => {
        expect(off({ seats: seats(7, 7) })?.refusal).toBeNull();
    });

    it.each<InteractiveMode>([0, 1, 2])(
        "refuses any change of the admin's own user, to %p too: it could lose the access needed to change it back",
        (to) => {
            expect(off({ isOwnRecord: true }, to)?.refusal).toEqual({ kind: "ownRecord", to });
        },
    );

    it("waits for the record's facts before it is ready", () => {
        expect(off({ facts: pending })?.ready).toBe(false);
        expect(off({ seats: pending })?.ready).toBe(true);
    });
});

describe("the way back from non-interactive", () => {
    it("offers the earlier mode first, then Read-Write and Administrative; Read only when it was the earlier mode", () => {
        expect(returnChoices(null)).toEqual([0, 1]);
        expect(returnChoices(0)).toEqual([0, 1]);
        expect(returnChoices(1)).toEqual([1, 0]);
        expect(returnChoices(2)).toEqual([2, 0, 1]);
    });

    it("preselects the earlier mode, else the configured default", () => {
        expect(preselectedReturn(2, 0)).toBe(2);
        expect(preselectedReturn(null, 1)).toBe(1);
        expect(preselectedReturn(null, 0)).toBe(0);
    });
});

describe("seats", () => {
    it("move with the saved value: only a change to or from a saved non-interactive value counts", () => {
        expect(seatsAfterChange({ savedValue: 0, seats: seats(3), facts: facts() }, 4)).toMatchObject({
            change: 1,
            inUse: 4,
        });
        expect(seatsAfterChange({ savedValue: 4, seats: seats(3), facts: facts() }, 0)).toMatchObject({
            change: -1,
            inUse: 2,
        });
        expect(seatsAfterChange({ savedValue: 4, seats: seats(3), facts: facts() }, 4)).toBeNull();
        expect(seatsAfterChange({ savedValue: 0, seats: seats(3), facts: facts() }, 1)).toBeNull();
        expect(seatsAfterChange({ savedValue: 0, seats: failed, facts: facts() }, 4)).toBeNull();
    });

    it("do not move for a disabled user, either way", () => {
        expect(seatsAfterChange({ savedValue: 0, seats: seats(3), facts: facts({ isDisabled: true }) }, 4)).toBeNull();
        expect(seatsAfterChange({ savedValue: 4, seats: seats(3), facts: facts({ isDisabled: true }) }, 0)).toBeNull();
    });

    it("never count below zero", () => {
        expect(seatsAfterChange({ savedValue: 4, seats: seats(0), facts: facts() }, 0)).toMatchObject({ inUse: 0 });
    });

    it.each([
        [3, 7, 4],
        [6, 7, 1],
        [7, 7, 0],
        [9, 7, 0],
    ])("%p of %p in use leave %p free", (inUse, limit, left) => {
        const figures = (seats(inUse, limit) as { value: SeatFigures }).value;
        expect(seatsLeft(figures)).toBe(left);
    });
});

describe("notices", () => {
    it("explains Administrative", () => {
        expect(notices(situation({ value: 1 }))).toEqual(["administrativeExplained"]);
    });

    it("reminds that a non-interactive user still holds a licence", () => {
        expect(notices(situation({ value: 4, facts: facts({ isLicensed: true }) }))).toEqual(["licenceStillAssigned"]);
        // Not before the change is saved, nor while a change away from it is pending.
        expect(notices(situation({ value: 4, savedValue: 0, facts: facts({ isLicensed: true }) }))).toEqual([]);
        expect(notices(situation({ value: 0, savedValue: 4, facts: facts({ isLicensed: true }) }))).toEqual([]);
        expect(notices(situation({ value: 4, facts: facts({ isLicensed: false }) }))).toEqual([]);
        expect(notices(situation({ value: 4, facts: pending }))).toEqual([]);
        expect(notices(situation({ value: 4, facts: facts({ isApplicationUser: true }) }))).toEqual([]);
        expect(notices(situation({ value: 4, facts: facts({ isApplicationUser: null }) }))).toEqual([]);
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
        expect(isSameUser("6a1b2c3d-0000-4000-8000-00000000ad02", "{6A1B2C3D-0000-4000-8000-00000000AD01}")).toBe(
            false,
        );
    });

    it("never treats a missing record id as the admin's own record", () => {
        expect(isSameUser(null, null)).toBe(false);
        expect(isSameUser("", "")).toBe(false);
    });
});
