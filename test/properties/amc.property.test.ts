/**
 * Issue 11's property: over random environments (the user's mode, licence, flags, whether it is the signed-in account;
 * seats free, full, counted or unknown) and random commands (`set` to any mode name, `create`, with any of --yes,
 * --acknowledge and --dry-run, on a terminal answering y or n, or piped), amc
 *   - never sends a write the control's rules refuse,
 *   - never one that was not confirmed (--yes, or y on a terminal) or whose acknowledgement was not given,
 *   - in `set` writes nothing but {"accessmode": n} to that user, with If-Match: *; in `create` only the documented body;
 * The refusals below are the invariants of ../shared/dataverse-facts.md, not the domain's decision tree again; that amc does
 * write when everything allows it is shown by test/cli/commands.test.ts's examples.
 *
 * Runs: each one starts a scripted Dataverse and runs amc in process. The space is large (modes × licence × flags ×
 * seats × command × flags × answers), so CI runs 5,000 and a local run 500 (measured times: docs/testing-amc.md).
 * FC_RUNS / FC_SEED / FC_PATH as for every property.
 */
import fc from "fast-check";
import { dataverseError, organizationResources, passThrough, Reply, Scenario } from "../../testkit/dataverseServer";
import { EnvironmentUser } from "../../testkit/environment";
import { amc } from "../helpers/amc";
import { ADMIN, BUSINESS_UNIT, environment, user } from "../../testkit/amcEnvironment";
import { fcParameters } from "../helpers/fastCheck";

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
        fc.record({
            kind: fc.constant("reported" as const),
            inUse: fc.integer({ min: 0, max: 8 }),
            limit: fc.integer({ min: 1, max: 8 }),
        }),
        fc.constant({ kind: "counted" as const }),
        fc.constant({ kind: "unknown" as const }),
    ),
});

const runs: fc.Arbitrary<Run> = fc.record({
    command: fc.oneof(
        fc.record({
            kind: fc.constant("set" as const),
            mode: fc.constantFrom(...Object.keys(MODE_NAMES), "support-user", "4", "NON-INTERACTIVE"),
        }),
        fc.constant({ kind: "create" as const }),
    ),
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
    const holders = Array.from({ length: world.otherSeatHolders }, (_, i) =>
        user(`Holder ${i}`, { accessmode: 4, islicensed: false }),
    );
    const unknown: Reply = dataverseError(500, "0x80040216", "An unexpected error occurred.");
    return {
        environment: environment({
            users: [ADMIN, target, ...holders],
            signedInUserId: world.own ? target.systemuserid : ADMIN.systemuserid,
            nonInteractiveLimit: 100,
        }),
        organizationResources:
            world.seats.kind === "reported"
                ? organizationResources(world.seats.inUse, world.seats.limit)
                : dataverseError(403, "0x80040220", "No privilege."),
        faults:
            world.seats.kind === "unknown"
                ? { users: command.kind === "create" ? [passThrough(), unknown] : unknown }
                : {},
    };
}

/** Every seat is known to be taken (§2, §4): as reported, or as counted against the assumed 7 (the target going to 4 holds none yet). */
function seatsFull(world: World): boolean {
    if (world.seats.kind === "reported") return world.seats.inUse >= world.seats.limit;
    return world.seats.kind === "counted" && world.otherSeatHolders >= 7;
}

/** Why the facts refuse this run's change, or null: the write amc must never send. */
function refusal(world: World, target: EnvironmentUser, run: Run): string | null {
    if (run.command.kind === "create") return seatsFull(world) ? "every seat is taken" : null;
    const to = MODE_NAMES[run.command.mode.toLowerCase()];
    if (to === undefined) return "no writable mode named";
    if (![0, 1, 2, 4].includes(target.accessmode) || target.applicationid !== null) return "locked";
    // Unchanged: nothing to refuse, and no write (checked below).
    if (to === target.accessmode) return null;
    if (world.own) return "own record";
    // A disabled user takes no seat while disabled (dataverse-facts §12).
    if (to === 4 && !target.isdisabled && seatsFull(world)) return "every seat is taken";
    return null;
}

/** The change may harm without anyone being able to tell first: an unlicensed (or unknown) user to Read-Write or Read, or a seat taken while the seats are unknown. */
function needsAcknowledgement(world: World, target: EnvironmentUser, run: Run): boolean {
    if (run.command.kind === "create") return world.seats.kind === "unknown";
    const to = MODE_NAMES[run.command.mode.toLowerCase()];
    if (to === 4) return world.seats.kind === "unknown" && !target.isdisabled;
    return (to === 0 || to === 2) && target.islicensed !== true;
}

it("never writes what the rules refuse or nobody confirmed, and in set nothing but accessmode", async () => {
    await fc.assert(
        fc.asyncProperty(worlds, runs, async (world, run) => {
            const target = user("Target User", world.target);
            const args =
                run.command.kind === "set"
                    ? ["set", target.systemuserid, run.command.mode]
                    : [
                          "create",
                          "--first",
                          "Nia",
                          "--last",
                          "Sync",
                          "--business-unit",
                          BUSINESS_UNIT.name,
                          "--upn",
                          "nia@contoso.example",
                      ];
            const flags = [run.yes && "--yes", run.acknowledge && "--acknowledge", run.dryRun && "--dry-run"].filter(
                (f): f is string => typeof f === "string",
            );
            const result = await amc([...args, ...flags], scenarioOf(world, target, run.command), {
                tty: { stdin: run.terminal },
                answers: run.answers,
            });

            expect(result.unexpected).toEqual([]);
            expect(result.writes.length).toBeLessThanOrEqual(1);
            const refused = refusal(world, target, run);
            if (refused !== null) {
                expect(result.writes).toEqual([]);
                expect([2, 3]).toContain(result.code);
            }
            if (result.writes.length === 0) return;
            expect(run.dryRun).toBe(false);
            // Confirmed: the acknowledgement first (unless --acknowledge), then the change (unless --yes), each by a y on a terminal.
            const questions =
                (needsAcknowledgement(world, target, run) && !run.acknowledge ? 1 : 0) + (run.yes ? 0 : 1);
            if (questions > 0)
                expect(run.terminal && run.answers.slice(0, questions).join("") === "y".repeat(questions)).toBe(true);
            const [write] = result.writes;
            if (run.command.kind === "set") {
                expect([write.method, write.resource, write.headers["if-match"]]).toEqual([
                    "PATCH",
                    `systemusers(${target.systemuserid})`,
                    "*",
                ]);
                expect(JSON.parse(write.body ?? "")).toEqual({
                    accessmode: MODE_NAMES[run.command.mode.toLowerCase()],
                });
                expect(write.body).not.toEqual(JSON.stringify({ accessmode: target.accessmode }));
            } else {
                expect([write.method, write.resource]).toEqual(["POST", "systemusers"]);
                expect(Object.keys(JSON.parse(write.body ?? "")).sort()).toEqual([
                    "accessmode",
                    "businessunitid@odata.bind",
                    "domainname",
                    "firstname",
                    "internalemailaddress",
                    "lastname",
                ]);
            }
        }),
        fcParameters({ ci: 5000, local: 500 }),
    );
}, 120_000);
