/**
 * Issue #6, control half: the pure rules over every combination of current value, target, record facts, seat figures,
 * self/other and editable/masked, and the edit-session reducer over any event sequence.
 *
 * Each property states an invariant of ../shared/dataverse-facts.md §1–2, not the rules' decision tree again (the examples in
 * test/domain/ pin which reason or acknowledgement each case gets): only 0, 1, 2 and 4 are ever written; 3, 5, unknown values,
 * masked and read-only fields are locked; no change of the admin's own record and no seat taken while every seat is taken can
 * be confirmed; an unlicensed user switched to Read-Write or Read is disabled, so that is never confirmed unacknowledged.
 *
 * Runs per property: 1,000 on CI, 100 for a local `npm test`; FC_RUNS sets any other count; FC_SEED / FC_PATH replay a reported failure.
 */
import fc from "fast-check";
import {
    ChangePlan,
    Check,
    InteractiveMode,
    isSameUser,
    lockReason,
    normalizeId,
    notices,
    planChange,
    preselectedReturn,
    RecordFacts,
    SeatFigures,
    Situation,
    WritableMode,
} from "../../AccessModeControl/domain/accessMode";
import {
    canUndo,
    EditEvent,
    EditSession,
    editSessionReducer,
    startSession,
} from "../../AccessModeControl/domain/editSession";
import {
    assess,
    Checks,
    ControlInputs,
    mayConfirm,
    presentControl,
} from "../../AccessModeControl/presentation/viewModel";
import { BUILT_IN_OPTIONS, loadStrings, translator } from "../helpers/pcfContext";
import { fcParameters } from "../helpers/fastCheck";

const params = fcParameters();

// ---------------------------------------------------------------------------------------------------------------- arbitraries

/** Every shape the bound column can hold: the six documented values, empty, and anything a future release could send. */
const valueArb: fc.Arbitrary<number | null> = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(0, 1, 2, 3, 4, 5) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.integer({ min: -10, max: 1_000_000 }) },
    {
        weight: 1,
        arbitrary: fc.constantFrom(-0, 0.5, 3.999, Number.NaN, Number.POSITIVE_INFINITY, -1, 6, 7, 100000000),
    },
);

const interactiveArb: fc.Arbitrary<InteractiveMode> = fc.constantFrom(0, 1, 2);
const targetArb: fc.Arbitrary<WritableMode> = fc.constantFrom(0, 1, 2, 4);

/** A check in any of its states: not asked, still pending, failed (with any reason), or done with any value. */
const checkArb = <T>(value: fc.Arbitrary<T>): fc.Arbitrary<Check<T>> =>
    fc.oneof(
        fc.constant({ state: "pending" } as const),
        fc.constant({ state: "skipped" } as const),
        fc.record({ state: fc.constant("failed" as const), reason: fc.string({ maxLength: 20 }) }),
        fc.record({ state: fc.constant("done" as const), value }),
    );

const factsArb: fc.Arbitrary<Check<RecordFacts>> = checkArb(
    fc.record({
        fullName: fc.option(fc.string({ maxLength: 20 })),
        isLicensed: fc.constantFrom(true, false, null),
        isDisabled: fc.constantFrom(true, false, null),
        isApplicationUser: fc.constantFrom(true, false, null),
    }),
);

const countArb = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }));

const seatsArb: fc.Arbitrary<Check<SeatFigures>> = checkArb(
    fc.record({
        nonInteractiveInUse: countArb,
        nonInteractiveLimit: countArb,
        limitAssumed: fc.boolean(),
        activeInUse: fc.option(countArb),
        activeLimit: fc.option(countArb),
    }),
);

/** Mostly no unsaved change (the saved value is the value), sometimes one from any writable value. */
const situationArb: fc.Arbitrary<Situation> = fc
    .record({
        value: valueArb,
        unsavedFrom: fc.option(targetArb, { freq: 3 }),
        editable: fc.boolean(),
        masked: fc.boolean(),
        isNewRecord: fc.boolean(),
        isOwnRecord: fc.constantFrom(true, false, null),
        facts: factsArb,
        seats: seatsArb,
    })
    .map(({ unsavedFrom, ...s }) => ({ ...s, savedValue: unsavedFrom ?? s.value }));

// ---------------------------------------------------------------------------------------------------------------- facts

/** The only values anyone may write (dataverse-facts §1). */
const WRITABLE = [0, 1, 2, 4];
const factsPending = (s: Situation): boolean => !s.isNewRecord && s.facts.state === "pending";
const knownDisabled = (s: Situation): boolean => s.facts.state === "done" && s.facts.value.isDisabled === true;

/** Can this plan be confirmed for some dialog opened on it (acknowledged or not)? */
function confirmable(plan: ChangePlan): boolean {
    return [false, true].some((acknowledged) =>
        mayConfirm({ plan, dialog: { from: plan.from, to: plan.to, acknowledged } }),
    );
}

/** Situations of another user's editable, unmasked record: most of them offer a change (the locked ones are checked above). */
const offeringArb: fc.Arbitrary<Situation> = situationArb.map((s) => ({
    ...s,
    masked: false,
    editable: true,
    isOwnRecord: false,
}));

/** ... whose seats are all taken, by the figures Dataverse reported or counted. */
const seatsFullArb: fc.Arbitrary<Situation> = fc
    .tuple(offeringArb, fc.integer({ min: 0, max: 12 }), fc.boolean())
    .map(([s, limit, limitAssumed]) => ({
        ...s,
        seats: {
            state: "done",
            value: {
                nonInteractiveInUse: limit,
                nonInteractiveLimit: limit,
                limitAssumed,
                activeInUse: null,
                activeLimit: null,
            },
        },
    }));

/** Checks `expectation` in every generated situation and target for which the rules offer a change. */
function forEveryOffer(
    expectation: (s: Situation, to: WritableMode, plan: ChangePlan) => void,
    situations = situationArb,
): void {
    fc.assert(
        fc.property(situations, targetArb, (s, to) => {
            const plan = planChange(s, to);
            if (plan !== null) expectation(s, to, plan);
        }),
        params,
    );
}

// ---------------------------------------------------------------------------------------------------------------- the rules

describe("the access-mode rules (accessMode.ts)", () => {
    it("lock: masked fields, 3, 5, unknown values, read-only fields, application users (or perhaps ones) and records of unknown owner are locked", () => {
        fc.assert(
            fc.property(situationArb, (s) => {
                const reason = lockReason(s);
                // A masked field tells nothing, not even why else it is locked.
                if (s.masked) expect(reason).toBe("masked");
                if (!WRITABLE.includes(s.value as number) || !s.editable || s.isOwnRecord === null)
                    expect(reason).not.toBeNull();
                if (s.facts.state === "done" && s.facts.value.isApplicationUser !== false)
                    expect(reason).not.toBeNull();
            }),
            params,
        );
    });

    it("a locked field offers no change; an unlocked one offers a change to every writable value but its own", () => {
        fc.assert(
            fc.property(situationArb, targetArb, (s, to) => {
                expect(planChange(s, to) === null).toBe(lockReason(s) !== null || s.value === to);
            }),
            params,
        );
    });

    it("3, 5 and unknown values are never written: a plan starts from the current value and only ever writes the 0, 1, 2 or 4 asked for", () => {
        forEveryOffer((s, to, plan) => {
            expect(WRITABLE).toContain(s.value);
            expect(plan.from).toBe(s.value);
            expect(plan.to).toBe(to);
            expect(WRITABLE).toContain(plan.to);
            expect(plan.to).not.toBe(plan.from);
        });
    });

    it("a refused change can never be confirmed: no change of the own record, no seat taken while every seat is known to be taken", () => {
        forEveryOffer(
            (s, to, plan) => {
                if (s.isOwnRecord) expect(plan.refusal).toEqual({ kind: "ownRecord", to });
                if (plan.refusal !== null) {
                    expect(plan.acknowledgement).toBeNull();
                    expect(confirmable(plan)).toBe(false);
                }
                const seatsFull =
                    s.seats.state === "done" && s.seats.value.nonInteractiveInUse >= s.seats.value.nonInteractiveLimit;
                if (to === 4 && s.savedValue !== 4 && seatsFull && !knownDisabled(s))
                    expect(confirmable(plan)).toBe(false);
                if (confirmable(plan)) expect(s.isOwnRecord).toBe(false);
            },
            fc.oneof(situationArb, seatsFullArb),
        );
    });

    it("Confirm waits for the checks the decision depends on, and every unverified or certain harm needs the admin's acknowledgement", () => {
        forEveryOffer((s, to, plan) => {
            if (plan.refusal !== null) return;
            if (factsPending(s) || (to === 4 && s.seats.state === "pending")) expect(plan.ready).toBe(false);
            const unacknowledged = mayConfirm({ plan, dialog: { from: plan.from, to, acknowledged: false } });
            // An unlicensed user switched to Read-Write or Read is disabled; a licence or seats not checked may be a harm too.
            const licence = s.facts.state === "done" ? s.facts.value.isLicensed : null;
            if ((to === 0 || to === 2) && licence !== true) expect(unacknowledged).toBe(false);
            if (to === 4 && s.seats.state === "failed" && !knownDisabled(s)) expect(unacknowledged).toBe(false);
            const dialog = { from: plan.from, to: plan.to };
            expect(unacknowledged).toBe(plan.ready && plan.acknowledgement === null);
            expect(mayConfirm({ plan, dialog: { ...dialog, acknowledged: true } })).toBe(plan.ready);
            // A dialog opened on another change never confirms this plan's.
            expect(mayConfirm({ plan, dialog: null })).toBe(false);
        }, offeringArb);
    });

    it("notices: nothing while masked", () => {
        fc.assert(
            fc.property(situationArb, (s) => {
                expect(notices({ ...s, masked: true })).toEqual([]);
            }),
            params,
        );
    });
});

// ---------------------------------------------------------------------------------------------------------------- ids

/** The shapes the platform hands out for one GUID: braces or not, any case, surrounding blanks. */
const idShapeArb = (guid: string): fc.Arbitrary<string> =>
    fc
        .record({
            braces: fc.boolean(),
            caseMask: fc.array(fc.boolean(), { minLength: guid.length, maxLength: guid.length }),
            before: fc.constantFrom("", " ", "\t"),
            after: fc.constantFrom("", " ", "\n"),
        })
        .map(({ braces, caseMask, before, after }) => {
            const cased = [...guid].map((c, i) => (caseMask[i] ? c.toUpperCase() : c.toLowerCase())).join("");
            return `${before}${braces ? `{${cased}}` : cased}${after}`;
        });

describe("user ids (normalizeId / isSameUser)", () => {
    it("any two shapes of the same GUID are the same user; two different GUIDs never are", () => {
        fc.assert(
            fc.property(
                fc.uuid().chain((a) => fc.tuple(fc.constant(a), idShapeArb(a), idShapeArb(a))),
                fc.uuid(),
                ([guid, shape1, shape2], other) => {
                    expect(normalizeId(shape1)).toBe(guid.toLowerCase());
                    expect(isSameUser(shape1, shape2)).toBe(true);
                    expect(isSameUser(shape2, shape1)).toBe(true);
                    expect(isSameUser(shape1, other)).toBe(guid.toLowerCase() === other.toLowerCase());
                },
            ),
            params,
        );
    });

    it("no id (create form, missing user id) is nobody's: it never matches, not even another missing id", () => {
        const missing = fc.constantFrom(null, undefined, "", " ", "{}", " {} ", "\t");
        fc.assert(
            fc.property(missing, fc.oneof(missing, fc.uuid(), fc.string()), (a, b) => {
                expect(normalizeId(a)).toBeNull();
                expect(isSameUser(a, b)).toBe(false);
                expect(isSameUser(b, a)).toBe(false);
            }),
            params,
        );
    });

    it("for any strings, isSameUser is symmetric and means equal non-empty normalised ids", () => {
        fc.assert(
            fc.property(fc.option(fc.string({ maxLength: 8 })), fc.option(fc.string({ maxLength: 8 })), (a, b) => {
                expect(isSameUser(a, b)).toBe(isSameUser(b, a));
                expect(isSameUser(a, b)).toBe(normalizeId(a) !== null && normalizeId(a) === normalizeId(b));
                expect(normalizeId(a)).not.toBe("");
            }),
            params,
        );
    });
});

// ---------------------------------------------------------------------------------------------------------------- the reducer

const RECORDS = ["5f0e9c1a-1111-4222-8333-444455556666", "0a0b0c0d-1111-4222-8333-444455556666", null] as const;
/** Modified On as the form passes it: not bound (null), as loaded, after one save, after another. */
const MODIFIED_ON = [null, Date.UTC(2026, 10, 30), Date.UTC(2026, 11, 1), Date.UTC(2026, 11, 2)] as const;
const modifiedOnArb = fc.constantFrom<number | null>(...MODIFIED_ON);

/**
 * One step of an editing session, as the control produces them: the form reports a value and Modified On (possibly of another
 * record, possibly after a save), the admin opens a dialog — only ever on what planChange offers for the toggle at that moment,
 * as AccessModeApp does — chooses a mode in it, acknowledges, cancels, confirms or undoes; the premise of an open dialog can be lost.
 */
type Step =
    | { kind: "observe"; value: number | null; record: 0 | 1 | 2; modifiedOn: number | null }
    | {
          kind: "request";
          situation: Omit<Situation, "value" | "savedValue" | "isNewRecord">;
          defaultMode: InteractiveMode;
      }
    | {
          kind: "event";
          event: Extract<
              EditEvent,
              { type: "acknowledged" | "dismissed" | "confirmed" | "undone" | "premiseLost" | "targetChosen" }
          >;
      };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
    {
        weight: 3,
        arbitrary: fc.record({
            kind: fc.constant("observe" as const),
            value: valueArb,
            record: fc.constantFrom<0 | 1 | 2>(0, 0, 0, 1, 2),
            modifiedOn: modifiedOnArb,
        }),
    },
    {
        weight: 3,
        arbitrary: fc.record({
            kind: fc.constant("request" as const),
            situation: fc.record({
                editable: fc.boolean(),
                masked: fc.boolean(),
                isOwnRecord: fc.boolean(),
                facts: factsArb,
                seats: seatsArb,
            }),
            defaultMode: fc.constantFrom<InteractiveMode>(0, 1),
        }),
    },
    {
        weight: 5,
        arbitrary: fc.record({
            kind: fc.constant("event" as const),
            event: fc.oneof(
                fc.boolean().map((value) => ({ type: "acknowledged" as const, value })),
                fc.constant({ type: "dismissed" as const }),
                fc.constant({ type: "confirmed" as const }),
                fc.constant({ type: "confirmed" as const }),
                fc.constant({ type: "undone" as const }),
                fc.constant({ type: "premiseLost" as const }),
                fc.integer({ min: -1, max: 6 }).map((to) => ({ type: "targetChosen" as const, to })),
            ),
        }),
    },
);

describe("the edit session (editSession.ts)", () => {
    it("after any event sequence: dialogs only come from planChange and hold their premise; writes are 0, 1, 2 or 4; one-click Undo only while unsaved is known", () => {
        fc.assert(
            fc.property(
                valueArb,
                fc.constantFrom<0 | 1 | 2>(0, 2),
                modifiedOnArb,
                fc.array(stepArb, { maxLength: 30 }),
                (initial, initialRecord, loaded, steps) => {
                    let session: EditSession = startSession(initial, RECORDS[initialRecord], loaded);
                    let value = initial;
                    /** The form passed another value since the last confirm (it has echoed or overwritten the output). */
                    let observedSinceConfirm = true;
                    const writes: number[] = [];

                    for (const step of steps) {
                        const before = session;
                        switch (step.kind) {
                            case "observe": {
                                const recordId = RECORDS[step.record];
                                session = editSessionReducer(session, {
                                    type: "observed",
                                    value: step.value,
                                    recordId,
                                    modifiedOn: step.modifiedOn,
                                });
                                if (!Object.is(step.value, value) || recordId !== before.recordId)
                                    observedSinceConfirm = true;
                                value = step.value;
                                const saved =
                                    before.pending !== null &&
                                    before.pending.to === step.value &&
                                    step.modifiedOn !== null &&
                                    before.modifiedOn !== null &&
                                    step.modifiedOn !== before.modifiedOn;
                                if (recordId !== before.recordId) {
                                    expect(session).toEqual(startSession(step.value, recordId, step.modifiedOn));
                                    break;
                                }
                                expect(session.modifiedOn).toBe(step.modifiedOn);
                                // A save is a new Modified On while the field holds the confirmed value, and nothing else.
                                expect(session.savesDetected).toBe(before.savesDetected + (saved ? 1 : 0));
                                if (saved) expect(session.pending).toBeNull();
                                if (before.dialog !== null && before.dialog.from !== step.value) {
                                    expect(session.dialog).toBeNull();
                                    expect(session.announcement).toEqual({ kind: "premiseChanged" });
                                } else {
                                    expect(session.dialog).toBe(before.dialog);
                                    if (saved)
                                        expect(session.announcement).toEqual({ kind: "saved", mode: step.value });
                                }
                                break;
                            }
                            case "request": {
                                const pending =
                                    session.pending && session.pending.to === value ? session.pending : null;
                                const situation: Situation = {
                                    ...step.situation,
                                    value,
                                    savedValue: pending ? pending.from : value,
                                    isNewRecord: session.recordId === null,
                                };
                                const plan = planChange(
                                    situation,
                                    value === 4 ? preselectedReturn(session.lastInteractive, step.defaultMode) : 4,
                                );
                                // AccessModeApp asks only when the rules offer a change and no dialog is open.
                                if (plan === null || session.dialog !== null) break;
                                session = editSessionReducer(session, {
                                    type: "requested",
                                    change: { from: plan.from, to: plan.to },
                                });
                                expect(session.dialog).toEqual({ from: plan.from, to: plan.to, acknowledged: false });
                                break;
                            }
                            case "event": {
                                const { event } = step;
                                if (event.type === "undone" && canUndo(session))
                                    writes.push((session.pending as { from: number }).from);
                                if (event.type === "confirmed" && session.dialog !== null) {
                                    writes.push(session.dialog.to);
                                    observedSinceConfirm = false;
                                }
                                session = editSessionReducer(session, event);
                                if (event.type === "undone" && before.modifiedOn === null) expect(session).toBe(before);
                                if (event.type === "premiseLost") {
                                    expect(session.dialog).toBeNull();
                                    if (before.dialog !== null)
                                        expect(session.announcement).toEqual({ kind: "premiseChanged" });
                                }
                                if (event.type === "dismissed" && before.dialog !== null)
                                    expect(session).toMatchObject({
                                        dialog: null,
                                        announcement: { kind: "cancelled" },
                                    });
                                if (event.type === "confirmed" && before.dialog !== null)
                                    expect(session.dialog).toBeNull();
                                if (event.type === "targetChosen" && session.dialog !== before.dialog) {
                                    expect(session.dialog).toEqual({ from: 4, to: event.to, acknowledged: false });
                                }
                                break;
                            }
                        }

                        // Invariants after every step.
                        if (session.dialog !== null) {
                            // The premise: the field still holds the value the dialog was opened on (compared as the reducer does: -0 === 0).
                            expect(session.dialog.from === value).toBe(true);
                            // From non-interactive only back to an interactive mode; from anything else only to non-interactive.
                            if (session.dialog.from === 4) expect([0, 1, 2]).toContain(session.dialog.to);
                            else expect(session.dialog.to).toBe(4);
                        }
                        if (session.pending !== null) {
                            expect(WRITABLE).toContain(session.pending.to);
                            expect(WRITABLE).toContain(session.pending.from);
                            expect(session.pending.from).not.toBe(session.pending.to);
                            // Once the form reports a value, a pending change survives only while the field holds it.
                            if (observedSinceConfirm) expect(session.pending.to === value).toBe(true);
                        }
                        expect([null, 0, 1, 2]).toContain(session.lastInteractive);
                    }
                    for (const written of writes) expect(WRITABLE).toContain(written);
                },
            ),
            params,
        );
    });
});

// ---------------------------------------------------------------------------------------------------------------- the view model

const strings = loadStrings(1033);
const t = translator();

const inputsArb: fc.Arbitrary<ControlInputs> = fc.record({
    value: valueArb,
    options: fc.constantFrom<ControlInputs["options"]>(
        [],
        BUILT_IN_OPTIONS.map((o) => ({ value: o.Value, label: o.Label })),
    ),
    editable: fc.boolean(),
    masked: fc.boolean(),
    recordId: fc.constantFrom(RECORDS[0], null),
    isOwnRecord: fc.boolean(),
    defaultInteractiveMode: fc.constantFrom<InteractiveMode>(0, 1),
    modifiedOn: modifiedOnArb,
    canOpenSeatsView: fc.boolean(),
    rtl: fc.boolean(),
});

const sessionArb: fc.Arbitrary<EditSession> = fc.record({
    recordId: fc.constantFrom(RECORDS[0], null),
    value: valueArb,
    modifiedOn: modifiedOnArb,
    dialog: fc.option(fc.record({ from: targetArb, to: targetArb, acknowledged: fc.boolean() })),
    pending: fc.option(fc.record({ from: targetArb, to: targetArb })),
    lastInteractive: fc.option(interactiveArb),
    announcement: fc.option(
        fc.oneof(
            fc.constantFrom(
                { kind: "cancelled" as const },
                { kind: "undone" as const },
                { kind: "premiseChanged" as const },
            ),
            fc.record({ kind: fc.constantFrom("confirmed" as const, "saved" as const), mode: targetArb }),
        ),
    ),
    savesDetected: fc.nat(3),
});

const checksArb: fc.Arbitrary<Checks> = fc.record({ facts: factsArb, seats: seatsArb });

describe("the view model (viewModel.ts)", () => {
    it("shows a dialog only while its premise holds, enables Confirm only when allowed, and locks the toggle exactly when no change is offered", () => {
        fc.assert(
            fc.property(inputsArb, sessionArb, checksArb, (inputs, session, checks) => {
                const assessment = assess(inputs, session, checks);
                const view = presentControl(inputs, session, assessment, t);
                expect(view.toggle.disabled).toBe(assessment.plan === null);
                expect(view.toggle.checked).toBe(!inputs.masked && inputs.value === 4);
                // A masked field tells nothing: not its value, nor a pending change, an announcement, a message or the seats.
                if (inputs.masked)
                    expect([view.modeLabel, view.announcement, view.messages, view.seats]).toEqual([
                        strings.Masked_Value,
                        "",
                        [],
                        null,
                    ]);
                // One click takes a change back only while it is known to be unsaved: the form passes Modified On.
                const undo = view.messages.find((message) => message.action?.kind === "undo");
                const knownUnsaved =
                    inputs.modifiedOn !== null &&
                    inputs.modifiedOn === session.modifiedOn &&
                    session.pending?.to === inputs.value;
                expect(undo !== undefined).toBe(!inputs.masked && knownUnsaved);
                if (view.dialog !== null) {
                    const plan = assessment.plan as ChangePlan;
                    // Compared as the control does (===, so -0 and 0 are the same value).
                    expect(
                        session.dialog !== null && session.dialog.from === plan.from && session.dialog.to === plan.to,
                    ).toBe(true);
                    expect(plan.from).toBe(inputs.value);
                    const canConfirm = view.dialog.confirm !== null && !view.dialog.confirm.disabled;
                    expect(canConfirm).toBe(mayConfirm(assessment));
                    if (canConfirm) {
                        expect(plan.refusal).toBeNull();
                        expect(WRITABLE).toContain(plan.to);
                    }
                    // A refused dialog offers nothing to confirm, and says that nothing changes.
                    if (plan.refusal !== null) {
                        expect(view.dialog.refusal).not.toBeNull();
                        expect([view.dialog.confirm, view.dialog.consequences, view.dialog.choices]).toEqual([
                            null,
                            [],
                            null,
                        ]);
                    }
                    // The way back from non-interactive is a choice that holds the dialog's target.
                    if (plan.refusal === null)
                        expect(view.dialog.choices?.selectedKey ?? null).toBe(plan.from === 4 ? String(plan.to) : null);
                } else {
                    expect(mayConfirm(assessment)).toBe(false);
                }
            }),
            params,
        );
    });
});
