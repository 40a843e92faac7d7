/**
 * Issue 11's property: over random environments (the user's mode, licence, flags, whether it is the signed-in account;
 * seats free, full, counted or unknown) and random commands (`set` to any mode name, `create`, with any of --yes,
 * --acknowledge and --dry-run, on a terminal answering y or n, or piped), amc
 *   - never sends a write the control's rules refuse,
 *   - never one that was not confirmed (--yes, or y on a terminal) or whose acknowledgement was not given,
 *   - in `set` writes nothing but {"accessmode": n} to that user, with If-Match: *; in `create` only the documented body;
 * and it does write when all of that allows it. The oracle below is written from ../shared/dataverse-facts.md, not from
 * the domain's code, so that a wrong rule cannot also be the yardstick.
 *
 * Runs: each one starts a scripted Dataverse and runs amc in process, about 2.5 ms on two cores (1,000 runs: 2.5 s). The
 * space is large (modes × licence × flags × seats × command × flags × answers), so CI runs 5,000 (about 12 s, within the
 * 30 s asked for even on a busy machine) and a local run 500. FC_RUNS / FC_SEED / FC_PATH as for every property.
 */
import fc from "fast-check";
import { dataverseError, organizationResources, passThrough, Reply, Scenario } from "../../testkit/dataverseServer";
import { EnvironmentUser } from "../../testkit/environment";
import { amc } from "../helpers/amc";
import { ADMIN, BUSINESS_UNIT, environment, JANE, user } from "../../testkit/amcEnvironment";
import { fcParameters } from "../helpers/fastCheck";
import { writable } from "../helpers/oracles";

const MODE_NAMES: Record<string, number> = { "non-interactive": 4, "read-write": 0, administrative: 1, read: 2 };

type Seats = { kind: "reported"; inUse: number; limit: number } | { kind: "counted" } | { kind: "unknown" };

interface World {
    target: Pick<EnvironmentUser, "accessmode" | "islicensed" | "isdisabled" | "applicationid">;
    own: boolean;
    otherSeatHolders: number;
    seats: Seats;
}

interface Run {
    command: { kind: "set"; mode: string } | { kind: "create" };
    yes: boolean;
    acknowledge: boolean;
    dryRun: boolean;
    terminal: boolean;
    answers: ("y" | "n")[];
}

const worlds: fc.Arbitrary<World> = fc.record({
    target: fc.record({
        accessmode: fc.constantFrom(0, 1, 2, 3, 4, 5, 9),
        islicensed: fc.constantFrom(true, false, null as unknown as boolean),
        isdisabled: fc.boolean(),
        applicationid: fc.constantFrom(null, "c0000000-0000-4000-8000-0000000000a1"),
    }),
    own: fc.boolean(),
    otherSeatHolders: fc.integer({ min: 0, max: 8 }),
    seats: fc.oneof(
        fc.record({ kind: fc.constant("reported" as const), inUse: fc.integer({ min: 0, max: 8 }), limit: fc.integer({ min: 1, max: 8 }) }),
        fc.constant({ kind: "counted" as const }),
        fc.constant({ kind: "unknown" as const }),
    ),
});

const runs: fc.Arbitrary<Run> = fc.record({
    command: fc.oneof(fc.record({ kind: fc.constant("set" as const), mode: fc.constantFrom(...Object.keys(MODE_NAMES), "support-user", "4", "NON-INTERACTIVE") }), fc.constant({ kind: "create" as const })),
    yes: fc.boolean(),
    acknowledge: fc.boolean(),
    dryRun: fc.boolean(),
    terminal: fc.boolean(),
    answers: fc.array(fc.constantFrom("y" as const, "n" as const), { maxLength: 2 }),
});

/**
 * The scripted Dataverse of a world: the target, the signed-in admin (or the target itself), others holding seats.
 * Unknown seats fail every user query after the ones the command makes first (`create` looks for its UPN first).
 */
function scenarioOf(world: World, target: EnvironmentUser, command: Run["command"]): Scenario {
    const holders = Array.from({ length: world.otherSeatHolders }, (_, i) => user(`Holder ${i}`, { accessmode: 4, islicensed: false }));
    const unknown: Reply = dataverseError(500, "0x80040216", "An unexpected error occurred.");
    return {
        environment: environment({ users: [ADMIN, target, ...holders], signedInUserId: world.own ? target.systemuserid : ADMIN.systemuserid, nonInteractiveLimit: 100 }),
        organizationResources: world.seats.kind === "reported" ? organizationResources(world.seats.inUse, world.seats.limit) : dataverseError(403, "0x80040220", "No privilege."),
        faults: world.seats.kind === "unknown" ? { users: command.kind === "create" ? [passThrough(), unknown] : unknown } : {},
    };
}

/** The seats as the facts define them (§2, §4): reported, else counted against the assumed 7, else unknown. */
function seatsOf(world: World, target: EnvironmentUser): { inUse: number; limit: number } | null {
    if (world.seats.kind === "reported") return { inUse: world.seats.inUse, limit: world.seats.limit };
    if (world.seats.kind === "unknown") return null;
    const targetHolds = target.accessmode === 4 && !target.isdisabled && target.applicationid === null ? 1 : 0;
    return { inUse: world.otherSeatHolders + targetHolds, limit: 7 };
}

/** What the facts allow: refused, or allowed with or without an acknowledgement. */
function verdict(world: World, target: EnvironmentUser, run: Run): { allowed: false; unchanged?: true } | { allowed: true; to: number; needsAcknowledgement: boolean } {
    const seats = seatsOf(world, target);
    if (run.command.kind === "create") {
        if (seats !== null && seats.inUse >= seats.limit) return { allowed: false };
        return { allowed: true, to: 4, needsAcknowledgement: seats === null };
    }
    const to = MODE_NAMES[run.command.mode.toLowerCase()];
    const from = target.accessmode;
    if (to === undefined || !writable(from) || target.applicationid !== null) return { allowed: false };
    if (from === to) return { allowed: false, unchanged: true };
    if (world.own) return { allowed: false };
    // A disabled user takes no seat while disabled (dataverse-facts §12): full or unknown seats do not matter.
    if (to === 4 && target.isdisabled) return { allowed: true, to, needsAcknowledgement: false };
    if (to === 4) {
        if (seats !== null && seats.inUse >= seats.limit) return { allowed: false };
        return { allowed: true, to, needsAcknowledgement: seats === null };
    }
    const needsLicence = to === 0 || to === 2;
    return { allowed: true, to, needsAcknowledgement: needsLicence && target.islicensed !== true };
}

/** Whether the person said yes to everything asked: the acknowledgement first (unless --acknowledge), then the change (unless --yes). */
function confirmed(run: Run, needsAcknowledgement: boolean): boolean {
    const questions = [needsAcknowledgement && !run.acknowledge, !run.yes].filter(Boolean).length;
    if (questions === 0) return true;
    return run.terminal && run.answers.length >= questions && run.answers.slice(0, questions).every((a) => a === "y");
}

it("never writes what the rules refuse or nobody confirmed, and in set nothing but accessmode", async () => {
    await fc.assert(
        fc.asyncProperty(worlds, runs, async (world, run) => {
            const target = user("Target User", world.target);
            const args =
                run.command.kind === "set"
                    ? ["set", target.systemuserid, run.command.mode]
                    : ["create", "--first", "Nia", "--last", "Sync", "--business-unit", BUSINESS_UNIT.name, "--upn", "nia@contoso.example"];
            const flags = [run.yes && "--yes", run.acknowledge && "--acknowledge", run.dryRun && "--dry-run"].filter((f): f is string => typeof f === "string");
            const result = await amc([...args, ...flags], scenarioOf(world, target, run.command), { tty: { stdin: run.terminal }, answers: run.answers });

            const expected = verdict(world, target, run);
            const shouldWrite = expected.allowed && !run.dryRun && confirmed(run, expected.needsAcknowledgement);
            expect(result.unexpected).toEqual([]);
            expect(result.writes.length).toBe(shouldWrite ? 1 : 0);
            for (const write of result.writes) {
                if (run.command.kind === "set") {
                    expect([write.method, write.resource, write.headers["if-match"]]).toEqual(["PATCH", `systemusers(${target.systemuserid})`, "*"]);
                    expect(JSON.parse(write.body ?? "")).toEqual({ accessmode: expected.allowed ? expected.to : NaN });
                } else {
                    expect([write.method, write.resource]).toEqual(["POST", "systemusers"]);
                    expect(Object.keys(JSON.parse(write.body ?? "")).sort()).toEqual(["accessmode", "businessunitid@odata.bind", "domainname", "firstname", "internalemailaddress", "lastname"]);
                }
            }
            if (!expected.allowed) expect(expected.unchanged ? [0] : [2, 3]).toContain(result.code);
        }),
        fcParameters({ ci: 5000, local: 500 }),
    );
}, 120_000);

it("the oracle itself: Jane to non-interactive with 7 of 7 seats is refused, with 6 of 7 it is allowed", () => {
    const world = (inUse: number): World => ({ target: JANE, own: false, otherSeatHolders: 0, seats: { kind: "reported", inUse, limit: 7 } });
    const run: Run = { command: { kind: "set", mode: "non-interactive" }, yes: true, acknowledge: false, dryRun: false, terminal: false, answers: [] };
    expect(verdict(world(7), JANE, run)).toEqual({ allowed: false });
    expect(verdict(world(6), JANE, run)).toEqual({ allowed: true, to: 4, needsAcknowledgement: false });
    expect(verdict(world(7), { ...JANE, isdisabled: true }, run)).toEqual({ allowed: true, to: 4, needsAcknowledgement: false });
});
