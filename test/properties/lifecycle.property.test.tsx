/**
 * Issues #6 and #10: the real control through random PCF lifecycles — updateView with random inputs (values incl. empty,
 * unknown and out-of-range, security and disabled flags, record and user ids in any brace/case shape, Modified On bound or not),
 * the admin's actions (toggle, choosing the way back, confirm, cancel, close, Escape, acknowledge, undo, Retry), the form's saves
 * (Modified On moves) and failed saves (it does not), Web API answers of every kind (success, rejection, 401/403/404/500,
 * malformed JSON, no answer until the timeout, answers after destroy), and destroy itself.
 *
 * A model follows the run and every step checks it against the control:
 *   - no exception escapes, nothing reaches console.error (React's act and "state update on an unmounted component" warnings
 *     included), no promise rejection goes unhandled;
 *   - nothing is written that the admin did not confirm in a dialog naming that value, except an Undo of a change known to be
 *     unsaved: notifyOutputChanged fires only on Confirm, with exactly the value the dialog named (the mode chosen in it), or on
 *     Undo, with the saved value the bar named, and Undo exists only while Modified On is bound and no save was seen since;
 *     nothing but 0, 1, 2 or 4 is ever output; never after destroy;
 *   - a refused change is never confirmed: never any change of the admin's own record, never a seat taken while the control
 *     itself shows every seat taken; a refused dialog has no Confirm at all; an acknowledgement the dialog asks for is ticked;
 *   - the mode shown is always the label of the latest input value, the switch is on exactly for 4, and a locked field (3, 5,
 *     unknown, empty, masked, read-only) offers no dialog; a masked field shows ***, nothing else (docs/architecture.md): no mode named in the
 *     live region, no unsaved-change bar, and no Web API call while it has been masked from the start;
 *   - an open dialog always starts from the latest input value (its premise);
 *   - only GET requests to the same-origin Web API; the record's facts at most once per record, plus once per detected save and
 *     per Retry of them; the seats at most twice (the count fallback) plus once per detected save and per Retry of them;
 *     nothing is ever created, updated or deleted through context.webAPI;
 *   - no state update after destroy: unmounted, React would warn (console.error); still mounted, the text never changes again.
 *
 * To stay fast at 1,000 runs it renders with ReactDOM directly (no RTL queries, no waitFor), renders once per run, keeps each
 * sequence to 1–12 commands, and uses jest's fake timers so "no answer until the 10 s timeout" costs nothing.
 * Runs: 1,000 on CI, 100 for a local `npm test`; FC_RUNS sets any other count; FC_SEED / FC_PATH replay a failure as fast-check printed it.
 */
import * as vm from "vm";
import * as ReactDOM from "react-dom";
import { act } from "react-dom/test-utils";
import { fireEvent } from "@testing-library/react";
import fc from "fast-check";
import { InjectionMode, Stylesheet } from "@fluentui/react";
import { AccessModeControl } from "../../AccessModeControl";
import {
    ADMIN_ID,
    BUILT_IN_OPTIONS,
    createContext,
    GERMAN_OPTIONS,
    loadStrings,
    OTHER_USER_ID,
    TestContext,
    translator,
} from "../helpers/pcfContext";
import {
    asFetchResult,
    asWebApiResult,
    dataverseError,
    organizationResources,
    Outcome,
    USER,
    usersWithIds,
} from "../helpers/fakeDataverse";
import { fcParameters } from "../helpers/fastCheck";

// The real process and a real macrotask, from outside jest's sandbox: jest's `process` copy never hears of unhandled rejections,
// and jsdom has no setImmediate.
const realProcess = vm.runInThisContext("process") as NodeJS.Process;
const realSetImmediate = vm.runInThisContext("setImmediate") as (callback: () => void) => void;

const strings = loadStrings(1033);
/** Every documented access mode, as the column's built-in options list them, and the only ones anyone may write (dataverse-facts §1). */
const ALL_MODES = BUILT_IN_OPTIONS.map((o) => o.Value);
const writable = (value: unknown): boolean => typeof value === "number" && [0, 1, 2, 4].includes(value);
const text = translator();

// ------------------------------------------------------------------------------------------------------------- the inputs

type Options = "builtIn" | "german" | "placeholder" | "none";
const OPTION_TABLES: Record<Options, ComponentFramework.PropertyHelper.OptionMetadata[] | null> = {
    builtIn: BUILT_IN_OPTIONS,
    german: GERMAN_OPTIONS,
    // The pcf-start harness invents three placeholder options, which must not be shown.
    placeholder: ["Option A", "Option B", "Option C"].map((Label, Value) => ({ Value, Label, Color: "" })),
    none: null,
};

/** What the form passes, in the shapes the model understands. `value` may be anything the platform could put in `raw`. */
interface FormInputs {
    value: unknown;
    options: Options;
    /** undefined: the column is not secured (the platform passes no security object). */
    security: { editable: boolean; readable: boolean } | undefined;
    isControlDisabled: boolean;
    /** null: a create form. */
    entityId: string | null;
    /** undefined: the platform gave no user id. */
    userId: string | undefined;
    defaultInteractiveMode: "0" | "1" | null;
    /** The record's Modified On (ms), or null when the form does not bind it. */
    modifiedOn: number | null;
}

const LOADED_AT = Date.UTC(2026, 10, 30, 9, 0);

const THIRD_USER_ID = "0A0B0C0D-1111-4222-8333-444455556666";
/** One GUID in the shapes Dataverse hands out: braces or not, upper or lower case. */
const shapes = (guid: string): string[] => {
    const bare = guid.replace(/[{}]/g, "");
    return [bare.toLowerCase(), bare.toUpperCase(), `{${bare.toUpperCase()}}`, `{${bare.toLowerCase()}}`];
};
const ADMIN_SHAPES = shapes(ADMIN_ID);

const valueArb: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(0, 1, 2, 4) },
    { weight: 4, arbitrary: fc.constantFrom(3, 5) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.constantFrom(6, 7, -1, 2 ** 31, 0.5, Number.NaN, "4", undefined) },
);

const securityArb = fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.record({ editable: fc.boolean(), readable: fc.boolean() }) },
);
const entityIdArb = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...shapes(OTHER_USER_ID)) },
    { weight: 3, arbitrary: fc.constantFrom(...ADMIN_SHAPES) },
    { weight: 1, arbitrary: fc.constantFrom(...shapes(THIRD_USER_ID)) },
    { weight: 1, arbitrary: fc.constantFrom(null, "", "{}") },
);
const userIdArb = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...ADMIN_SHAPES) },
    { weight: 1, arbitrary: fc.constantFrom(...shapes(OTHER_USER_ID)) },
    { weight: 1, arbitrary: fc.constant(undefined) },
);

/** A form to start from: mostly one the admin may change (later updates lock and unlock it at random). */
const initialInputsArb: fc.Arbitrary<FormInputs> = fc.record({
    value: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(0, 1, 2, 4) }, { weight: 1, arbitrary: valueArb }),
    options: fc.constantFrom<Options>("builtIn", "builtIn", "none", "german", "placeholder"),
    security: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: securityArb }),
    isControlDisabled: fc.oneof(
        { weight: 9, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
    ),
    entityId: entityIdArb,
    userId: userIdArb,
    defaultInteractiveMode: fc.constantFrom<FormInputs["defaultInteractiveMode"]>("0", "1", null),
    modifiedOn: fc.oneof({ weight: 3, arbitrary: fc.constant(LOADED_AT) }, { weight: 1, arbitrary: fc.constant(null) }),
});

// ------------------------------------------------------------------------------------------------------------- the Web API

/** How one request ends ("no answer" is simply never answering it: the client's timeout then fires). */
type Answer = Exclude<Outcome, "hang">;
type Kind = "user" | "resources" | "count";

const failureArb: fc.Arbitrary<Answer> = fc.constantFrom<Answer>(
    dataverseError(401, "0x80040216", "Unauthorized") as Answer,
    dataverseError(403, "0x80040220", "Principal user is missing prvReadOrganization privilege") as Answer,
    dataverseError(404, "0x80040217", "systemuser With Id = x Does Not Exist") as Answer,
    dataverseError(500, "0x80040216", "<img src=x onerror=alert(1)>Generic SQL error.") as Answer,
    { status: 502, body: "<html>Bad Gateway</html>" },
    { body: "<html>not JSON</html>" },
    { body: "" },
    { body: '{"OrganizationResources":' },
    { reject: new TypeError("Failed to fetch") },
    { reject: new Error("Method not supported in the test harness.") },
    { reject: { errorCode: 2147746336, message: "<b>boom</b>" } },
    { reject: "plain string" },
    { reject: undefined },
    { reject: null },
);

const userAnswerArb: fc.Arbitrary<Answer> = fc.oneof(
    {
        weight: 4,
        arbitrary: fc
            .record({
                fullname: fc.constantFrom<unknown>(USER.fullname, "<script>x</script> Eve", null, "", 42),
                islicensed: fc.constantFrom<unknown>(true, false, null, "yes"),
                applicationid: fc.constantFrom<unknown>(
                    null,
                    null,
                    null,
                    "8a0e1c6b-5f6a-4e0b-9d3e-2c1b0a9f8e7d",
                    "00000000-0000-0000-0000-000000000000",
                    "",
                ),
            })
            .map((json) => ({ json })),
    },
    { weight: 1, arbitrary: fc.constantFrom<Answer>({ json: null }, { json: [] }, { json: "x" }) },
);

const resourcesAnswerArb: fc.Arbitrary<Answer> = fc.oneof(
    {
        weight: 4,
        arbitrary: fc
            .tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }))
            .map(([inUse, limit]) => organizationResources(inUse, limit) as Answer),
    },
    {
        weight: 1,
        arbitrary: fc.constantFrom<Answer>(
            { json: { OrganizationResources: { CurrentNumberOfNonInteractiveUsers: 3 } } },
            {
                json: {
                    OrganizationResources: {
                        CurrentNumberOfNonInteractiveUsers: -1,
                        MaxNumberOfNonInteractiveUsers: 7,
                    },
                },
            },
            {
                json: {
                    OrganizationResources: {
                        CurrentNumberOfNonInteractiveUsers: "3",
                        MaxNumberOfNonInteractiveUsers: 7,
                    },
                },
            },
            { json: {} },
            { json: null },
        ),
    },
);

const countAnswerArb: fc.Arbitrary<Answer> = fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 9 }).map((n) => usersWithIds(n) as Answer) },
    { weight: 1, arbitrary: fc.constantFrom<Answer>({ json: { value: [] } }, { json: null }) },
);

const ANSWERS: Record<Kind, fc.Arbitrary<Answer>> = {
    user: fc.oneof({ weight: 3, arbitrary: userAnswerArb }, { weight: 2, arbitrary: failureArb }),
    resources: fc.oneof({ weight: 3, arbitrary: resourcesAnswerArb }, { weight: 2, arbitrary: failureArb }),
    count: fc.oneof({ weight: 3, arbitrary: countAnswerArb }, { weight: 2, arbitrary: failureArb }),
};

interface RecordedRequest {
    kind: Kind;
    /** The record id asked for (user), else the URL or query. */
    detail: string;
    init?: RequestInit;
    settle: (answer: Answer) => void;
    settled: boolean;
}

/**
 * A Dataverse whose every answer is scripted: either given at once (`auto`, as soon as promises run) or left open for an
 * `answer` command — which may come before the timeout, after it, or after destroy — or never.
 */
class ScriptedDataverse {
    readonly requests: RecordedRequest[] = [];
    /** Calls of createRecord / updateRecord / deleteRecord: the control must never make any. */
    readonly writeCalls: string[] = [];
    readonly webAPI: ComponentFramework.WebApi;

    constructor(private readonly auto: Record<Kind, Answer | null>) {
        const write = (name: string) => (): Promise<never> => {
            this.writeCalls.push(name);
            return Promise.reject(new Error(`${name} must not be called`));
        };
        this.webAPI = {
            retrieveRecord: (_entity: string, id: string) => this.webApiRequest("user", id),
            retrieveMultipleRecords: (entity: string, options?: string) =>
                this.webApiRequest("count", `${entity}${options ?? ""}`),
            createRecord: write("createRecord"),
            updateRecord: write("updateRecord"),
            deleteRecord: write("deleteRecord"),
        } as unknown as ComponentFramework.WebApi;
    }

    readonly fetch = ((input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
        new Promise<Response>((resolve, reject) => {
            const signal = init?.signal ?? undefined;
            let done = false;
            signal?.addEventListener("abort", () => {
                if (done) return;
                done = true;
                reject(new DOMException("The operation was aborted.", "AbortError"));
            });
            this.open("resources", String(input), init, (answer) => {
                if (done) return;
                done = true;
                asFetchResult(answer, undefined).then(resolve, reject);
            });
        })) as typeof fetch;

    /** Answers the oldest open request of that kind; false when there is none. */
    answer(kind: Kind, answer: Answer): boolean {
        const request = this.requests.find((r) => r.kind === kind && !r.settled);
        if (!request) return false;
        request.settled = true;
        request.settle(answer);
        return true;
    }

    openRequests(): RecordedRequest[] {
        return this.requests.filter((r) => !r.settled);
    }

    private webApiRequest(kind: Kind, detail: string): Promise<never> {
        return new Promise<never>((resolve, reject) =>
            this.open(kind, detail, undefined, (answer) => asWebApiResult(answer).then(resolve, reject)),
        );
    }

    private open(kind: Kind, detail: string, init: RequestInit | undefined, settle: (answer: Answer) => void): void {
        const request: RecordedRequest = { kind, detail, init, settle, settled: false };
        this.requests.push(request);
        const auto = this.auto[kind];
        if (auto !== null) {
            request.settled = true;
            settle(auto);
        }
    }
}

// ------------------------------------------------------------------------------------------------------------- commands

type Command =
    | { c: "update"; change: Partial<FormInputs> }
    | { c: "echo" }
    | { c: "toggle" }
    | { c: "confirm" }
    | { c: "dismiss"; how: "cancel" | "close" | "escape" }
    | { c: "acknowledge" }
    | { c: "undo" }
    | { c: "choose"; option: number }
    | { c: "retry"; which: "facts" | "seats" }
    | { c: "save"; fails: boolean }
    | { c: "answer"; kind: Kind; answer: Answer }
    | { c: "settle" }
    | { c: "time"; ms: number }
    | { c: "destroy"; how: "destroyThenUnmount" | "unmountThenDestroy" | "destroyOnly" };

const changeArb: fc.Arbitrary<Partial<FormInputs>> = fc.oneof(
    { weight: 6, arbitrary: valueArb.map((value) => ({ value })) },
    { weight: 2, arbitrary: securityArb.map((security) => ({ security })) },
    { weight: 2, arbitrary: fc.boolean().map((isControlDisabled) => ({ isControlDisabled })) },
    { weight: 2, arbitrary: entityIdArb.map((entityId) => ({ entityId })) },
    { weight: 1, arbitrary: userIdArb.map((userId) => ({ userId })) },
    {
        weight: 1,
        arbitrary: fc.constantFrom<Options>("builtIn", "german", "placeholder", "none").map((options) => ({ options })),
    },
    {
        weight: 1,
        arbitrary: fc
            .constantFrom<FormInputs["defaultInteractiveMode"]>("0", "1", null)
            .map((defaultInteractiveMode) => ({ defaultInteractiveMode })),
    },
);

const kindArb = fc.constantFrom<Kind>("user", "resources", "count");

const commandArb: fc.Arbitrary<Command> = fc.oneof(
    { weight: 4, arbitrary: changeArb.map((change) => ({ c: "update" as const, change })) },
    { weight: 2, arbitrary: fc.constant({ c: "echo" as const }) },
    { weight: 7, arbitrary: fc.constant({ c: "toggle" as const }) },
    { weight: 7, arbitrary: fc.constant({ c: "confirm" as const }) },
    {
        weight: 2,
        arbitrary: fc
            .constantFrom("cancel" as const, "close" as const, "escape" as const)
            .map((how) => ({ c: "dismiss" as const, how })),
    },
    { weight: 2, arbitrary: fc.constant({ c: "acknowledge" as const }) },
    { weight: 4, arbitrary: fc.constant({ c: "undo" as const }) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 2 }).map((option) => ({ c: "choose" as const, option })) },
    {
        weight: 2,
        arbitrary: fc.constantFrom("facts" as const, "seats" as const).map((which) => ({ c: "retry" as const, which })),
    },
    { weight: 3, arbitrary: fc.boolean().map((fails) => ({ c: "save" as const, fails })) },
    {
        weight: 3,
        arbitrary: kindArb.chain((kind) => ANSWERS[kind].map((answer) => ({ c: "answer" as const, kind, answer }))),
    },
    { weight: 3, arbitrary: fc.constant({ c: "settle" as const }) },
    { weight: 2, arbitrary: fc.constantFrom(1, 5_000, 10_000, 25_000).map((ms) => ({ c: "time" as const, ms })) },
    {
        weight: 1,
        arbitrary: fc
            .constantFrom("destroyThenUnmount" as const, "unmountThenDestroy" as const, "destroyOnly" as const)
            .map((how) => ({ c: "destroy" as const, how })),
    },
);

const TOGGLE: Command = { c: "toggle" };
const CONFIRM: Command = { c: "confirm" };
/** Mostly single commands, sometimes the admin's usual moves in a row (else a Confirm right after its dialog opened is rare). */
const commandsArb: fc.Arbitrary<Command[]> = fc
    .array(
        fc.oneof(
            { weight: 10, arbitrary: commandArb.map((command) => [command]) },
            { weight: 3, arbitrary: fc.constant([TOGGLE, CONFIRM]) },
            { weight: 1, arbitrary: fc.constant([TOGGLE, { c: "acknowledge" } as Command, CONFIRM]) },
            { weight: 1, arbitrary: fc.constant([{ c: "settle" } as Command, TOGGLE, CONFIRM]) },
            { weight: 1, arbitrary: fc.constant([TOGGLE, CONFIRM, { c: "undo" } as Command]) },
            {
                weight: 1,
                arbitrary: fc.constant([
                    TOGGLE,
                    CONFIRM,
                    { c: "save", fails: false } as Command,
                    TOGGLE,
                    { c: "choose", option: 1 } as Command,
                    CONFIRM,
                ]),
            },
        ),
        { minLength: 1, maxLength: 8 },
    )
    .map((chunks) => chunks.flat().slice(0, 12));

interface Scenario {
    inputs: FormInputs;
    /** Per request kind: the answer given at once, or null to leave it open. */
    auto: Record<Kind, Answer | null>;
    /** Let the immediate answers arrive before the first command (a loaded form), or not (the admin is quicker). */
    settleFirst: boolean;
    /** The form passes a written value back through updateView at once (as model-driven forms do), or only on an `echo` command. */
    echoAtOnce: boolean;
}

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
    inputs: initialInputsArb,
    auto: fc.record({
        user: fc.option(ANSWERS.user, { nil: null, freq: 6 }),
        resources: fc.option(ANSWERS.resources, { nil: null, freq: 6 }),
        count: fc.option(ANSWERS.count, { nil: null, freq: 6 }),
    }),
    settleFirst: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    echoAtOnce: fc.boolean(),
});

// ------------------------------------------------------------------------------------------------------------- the model

/** dataverse-facts §6: ids come with or without braces, in any case; compare them stripped and lower-cased. */
const normalise = (id: string | null | undefined): string | null =>
    (id ?? "").trim().replace(/^\{/, "").replace(/\}$/, "").toLowerCase() || null;

const SEATS = new RegExp(strings.Seats_InUse.replace("{0}", "(\\d+)").replace("{1}", "(\\d+)"));

/** What the form last passed, read the way the control must read it (dataverse-facts §1, §6), and the change left unsaved. */
class Model {
    inputs: FormInputs;
    /** The confirmed, unsaved change of this record's session: from the saved value to the last confirmed one. */
    pending: { from: number; to: number } | null = null;
    private recordKey: string | null;
    private lastValue: number | null;
    readonly records = new Set<string>();
    /** Masked in every input so far: the control must not have asked Dataverse anything. */
    maskedThroughout: boolean;
    /** Saves of a confirmed change the control must have detected: each one may read the record and the seats once more. */
    savesDetected = 0;
    /** Retry clicks, per question: each one may ask once more. */
    readonly retries = { facts: 0, seats: 0 };

    constructor(inputs: FormInputs) {
        this.inputs = inputs;
        this.maskedThroughout = this.masked;
        this.recordKey = normalise(inputs.entityId);
        this.lastValue = this.value;
        this.noteRecord();
    }

    get value(): number | null {
        return typeof this.inputs.value === "number" ? this.inputs.value : null;
    }
    get masked(): boolean {
        return this.inputs.security?.readable === false;
    }
    get editable(): boolean {
        return !this.inputs.isControlDisabled && this.inputs.security?.editable !== false;
    }
    /** Locked whatever the Web API says: the toggle must be off-limits and no dialog may open. */
    get locked(): boolean {
        return this.masked || !writable(this.value) || !this.editable;
    }
    get isOwnRecord(): boolean {
        const record = normalise(this.inputs.entityId);
        return record !== null && record === normalise(this.inputs.userId);
    }
    /** The unsaved-change bar is shown while the field holds the confirmed value — and is not masked (docs/architecture.md: ***, nothing else). */
    get pendingShown(): { from: number; to: number } | null {
        return !this.masked && this.pending !== null && this.pending.to === this.value ? this.pending : null;
    }
    /** The change is known to be unsaved, so one click may take it back: the form binds Modified On (a save moves it). */
    get undoable(): boolean {
        return this.pendingShown !== null && this.inputs.modifiedOn !== null;
    }
    /** What Dataverse holds as far as the control can know: the value before the unsaved change. */
    get savedValue(): number | null {
        return this.pending !== null && this.pending.to === this.value ? this.pending.from : this.value;
    }

    /** The label for a value: the column's own labels when its metadata lists every mode, else the built-in table. */
    label(value: number | null): string {
        if (value === null) return strings.Mode_Empty;
        const table = OPTION_TABLES[this.inputs.options];
        const real = table !== null && ALL_MODES.every((mode) => table.some((o) => o.Value === mode && o.Label));
        const own = real ? table.find((o) => o.Value === value)?.Label : undefined;
        if (own) return own;
        return ALL_MODES.includes(value) ? strings[`Mode_${value}`] : text("Mode_Unknown", String(value));
    }

    /** The (from, to) pair a dialog summary names, or undefined when it names none. */
    namedChange(summary: string): { from: number; to: number } | undefined {
        for (const from of ALL_MODES)
            for (const to of ALL_MODES)
                if (text("Dialog_Summary", this.label(from), this.label(to)) === summary) return { from, to };
        return undefined;
    }

    /** The form passed new inputs: the session follows the record and drops an unsaved change the field no longer holds. */
    update(change: Partial<FormInputs>): void {
        this.inputs = { ...this.inputs, ...change };
        const key = normalise(this.inputs.entityId);
        if (key !== this.recordKey) {
            this.recordKey = key;
            this.pending = null;
        } else if (!Object.is(this.value, this.lastValue) && this.pending !== null && this.pending.to !== this.value) {
            this.pending = null;
        }
        this.lastValue = this.value;
        this.maskedThroughout &&= this.masked;
        this.noteRecord();
    }

    /** The form saved: Modified On moves (when bound), and a confirmed change the field holds is no longer pending. */
    saved(): void {
        if (this.inputs.modifiedOn === null) return;
        if (this.pending !== null && this.pending.to === this.value) {
            this.pending = null;
            this.savesDetected++;
        }
        this.inputs = { ...this.inputs, modifiedOn: this.inputs.modifiedOn + 60_000 };
    }

    confirmed(change: { from: number; to: number }): void {
        const from = this.pending?.from ?? change.from;
        this.pending = from === change.to ? null : { from, to: change.to };
    }

    undone(): void {
        this.pending = null;
    }

    private noteRecord(): void {
        const key = normalise(this.inputs.entityId);
        if (key !== null) this.records.add(key);
    }
}

// ------------------------------------------------------------------------------------------------------------- the driver

const consoleErrors: string[] = [];
const unhandledRejections: unknown[] = [];
const onUnhandledRejection = (reason: unknown): void => {
    unhandledRejections.push(reason);
};

/** Lets every promise that can run, run — one real macrotask turn, as between two browser tasks — inside act. */
async function drain(): Promise<void> {
    await act(async () => {
        await new Promise<void>((resolve) => realSetImmediate(resolve));
        await new Promise<void>((resolve) => realSetImmediate(resolve));
    });
}

const bodyText = (): string => document.body.textContent ?? "";

/** How often the runs reached the interesting states; printed with FC_STATS=1 to judge the generators. */
const stats = new Map<string, number>();
const count = (what: string): void => {
    stats.set(what, (stats.get(what) ?? 0) + 1);
};

/** A failed check, as a plain Error: jest's expect captures a stack on every call, too slow for this many checks per run. */
function ensure(ok: boolean, what: string, details?: Record<string, unknown>): void {
    if (!ok) throw new Error(details === undefined ? what : `${what}: ${fc.stringify(details)}`);
}

/** Nothing on console.error (React's act and unmounted-update warnings included) and no unhandled rejection so far. */
function ensureQuiet(): void {
    ensure(consoleErrors.length === 0, "console.error was called", { consoleErrors });
    ensure(unhandledRejections.length === 0, "a promise rejection went unhandled", {
        unhandledRejections: unhandledRejections.map(String),
    });
}

class LifecycleRun {
    readonly model: Model;
    readonly dataverse: ScriptedDataverse;
    readonly control = new AccessModeControl();
    readonly container = document.createElement("div");
    /** getOutputs() as the form read it after each notifyOutputChanged. */
    readonly notified: unknown[] = [];
    /** The writes the model allows: the value each confirmed dialog named, the saved value on each Undo. */
    readonly expectedWrites: number[] = [];
    mounted = false;
    destroyed = false;
    private textAtDestroy = "";
    private readonly echoAtOnce: boolean;

    constructor(scenario: Scenario) {
        this.echoAtOnce = scenario.echoAtOnce;
        this.model = new Model(scenario.inputs);
        this.dataverse = new ScriptedDataverse(scenario.auto);
        globalThis.fetch = this.dataverse.fetch;
        document.body.appendChild(this.container);
        this.control.init(this.context(), () => this.notified.push(this.control.getOutputs().accessMode));
        this.render();
        this.mounted = true;
    }

    context(): TestContext {
        const i = this.model.inputs;
        const context = createContext({
            value: 0,
            options: OPTION_TABLES[i.options],
            security: i.security,
            isControlDisabled: i.isControlDisabled,
            entityId: i.entityId,
            userId: i.userId ?? "",
            defaultInteractiveMode: i.defaultInteractiveMode,
            modifiedOn: i.modifiedOn === null ? null : new Date(i.modifiedOn),
            webAPI: this.dataverse.webAPI,
        });
        // Whatever the platform puts in raw, and no user id at all: beyond what createContext's types allow.
        (context.parameters.accessMode as unknown as { raw: unknown }).raw = i.value;
        if (i.userId === undefined) (context.userSettings as unknown as { userId?: string }).userId = undefined;
        return context;
    }

    render(): void {
        const element = this.control.updateView(this.context());
        act(() => {
            ReactDOM.render(element, this.container);
        });
    }

    // --- queries (plain DOM: fast)
    modeText(): string | null {
        return this.container.querySelector('[data-testid="amc-mode"]')?.textContent ?? null;
    }
    toggle(): HTMLButtonElement | null {
        return this.container.querySelector<HTMLButtonElement>('button[role="switch"]');
    }
    dialog(): HTMLElement | null {
        return document.body.querySelector<HTMLElement>('[role="dialog"]');
    }
    /** The dialog's Confirm button; null in a refused dialog, which only closes. */
    confirmButton(dialog: HTMLElement): HTMLButtonElement | null {
        const button = dialog.querySelector<HTMLButtonElement>(".ms-Dialog-action .ms-Button--primary");
        if (button && button.textContent !== strings.Dialog_Confirm)
            throw new Error(`the dialog's primary button is "${button.textContent}"`);
        return button;
    }
    /** The change the dialog's summary names; null for a refused dialog, which says that the value stays. */
    named(dialog: HTMLElement): { from: number; to: number } | null {
        const summary = dialog.querySelector(".ms-Dialog-subText")?.textContent ?? "";
        const change = this.model.namedChange(summary);
        if (change) return change;
        const stays = ALL_MODES.find((mode) => summary === text("Dialog_SummaryRefused", this.model.label(mode)));
        if (stays === undefined)
            throw new Error(`the dialog names no change of known values, nor a refusal: "${summary}"`);
        ensure(this.confirmButton(dialog) === null, "a refused dialog offers Confirm", { summary });
        return null;
    }
    undoButton(): HTMLButtonElement | null {
        return this.buttonNamed(this.container, strings.Pending_Undo);
    }
    buttonNamed(within: HTMLElement, name: string): HTMLButtonElement | null {
        return (
            Array.from(within.querySelectorAll<HTMLButtonElement>("button")).find((b) => b.textContent === name) ?? null
        );
    }
    /** The Retry of the record check (in its message) or of the seats (beside the seats line, or in the dialog). */
    retryButton(which: "facts" | "seats"): HTMLButtonElement | null {
        const factsPrefix = strings.Facts_Unavailable.split("{0}")[0];
        const buttons = Array.from(document.body.querySelectorAll<HTMLButtonElement>("button")).filter(
            (b) => b.textContent === strings.Action_Retry,
        );
        return (
            buttons.find(
                (b) => (b.closest(".ms-MessageBar")?.textContent ?? "").startsWith(factsPrefix) === (which === "facts"),
            ) ?? null
        );
    }
    /** The seat count the control itself shows, when it shows one. */
    seatsShown(): { inUse: number; limit: number } | null {
        const match = SEATS.exec(this.container.textContent ?? "");
        return match ? { inUse: Number(match[1]), limit: Number(match[2]) } : null;
    }
    seatsShownFull(): boolean {
        const seats = this.seatsShown();
        return seats !== null && seats.inUse >= seats.limit;
    }

    // --- commands
    /**
     * Runs one command. Only answers, settling and time return a promise (and drain it inside act): awaiting anything else would
     * let answers arrive outside act, which React reports as a warning the browser never has.
     */
    run(command: Command): Promise<void> | undefined {
        const live = this.mounted && !this.destroyed;
        switch (command.c) {
            case "update":
                if (!live) return; // the platform calls nothing on a destroyed control
                this.model.update(command.change);
                this.render();
                return;
            case "echo":
                if (live) this.echo();
                return;
            case "toggle": {
                const toggle = this.toggle();
                if (!live || !toggle) return;
                const hadDialog = this.dialog() !== null;
                const enabled = !toggle.disabled && toggle.getAttribute("aria-disabled") !== "true";
                fireEvent.click(toggle);
                // An enabled switch always asks first; a disabled one does nothing.
                if (!hadDialog)
                    ensure(
                        (this.dialog() !== null) === enabled,
                        enabled ? "an enabled switch opened no dialog" : "a disabled switch opened a dialog",
                    );
                return;
            }
            case "confirm":
                if (live) this.confirm();
                return;
            case "dismiss": {
                const dialog = this.dialog();
                if (!live || !dialog) return;
                const cancel = dialog.querySelector<HTMLElement>(".amc-dialog-cancel");
                if (!cancel) throw new Error("the dialog has no Cancel button");
                if (command.how === "cancel") fireEvent.click(cancel);
                else if (command.how === "close")
                    fireEvent.click(dialog.querySelector(".ms-Dialog-button--close") as HTMLElement);
                else fireEvent.keyDown(cancel, { key: "Escape", code: "Escape", keyCode: 27, which: 27 });
                ensure(this.dialog() === null, `${command.how} left the dialog open`);
                return;
            }
            case "acknowledge": {
                const box = this.dialog()?.querySelector<HTMLInputElement>('input[type="checkbox"]');
                if (live && box) fireEvent.click(box);
                return;
            }
            case "undo":
                if (live) this.undo();
                return;
            case "choose": {
                const radios = Array.from(
                    this.dialog()?.querySelectorAll<HTMLInputElement>('input[type="radio"]') ?? [],
                );
                const radio = radios[command.option];
                if (live && radio) fireEvent.click(radio);
                return;
            }
            case "retry": {
                const button = this.retryButton(command.which);
                if (!live || !button) return;
                fireEvent.click(button);
                this.model.retries[command.which]++;
                count(`retry ${command.which}`);
                return drain();
            }
            case "save":
                if (!live) return;
                // A failed save changes nothing the control is told; a successful one moves Modified On.
                if (!command.fails) {
                    if (this.model.pendingShown && this.model.inputs.modifiedOn !== null)
                        count("save of a confirmed change");
                    this.model.saved();
                }
                this.render();
                return drain();
            case "answer":
                this.dataverse.answer(command.kind, command.answer);
                return drain();
            case "settle":
                return drain();
            case "time":
                act(() => {
                    jest.advanceTimersByTime(command.ms);
                });
                return drain();
            case "destroy":
                if (!live) return;
                this.destroy(command.how);
                return;
        }
    }

    /** What the form does after notifyOutputChanged: read the output and pass it back in. */
    private echo(): void {
        const output = this.control.getOutputs().accessMode;
        if (output === undefined) return;
        this.model.update({ value: output });
        this.render();
    }

    private confirm(): void {
        const dialog = this.dialog();
        if (!dialog) return;
        const named = this.named(dialog);
        const button = this.confirmButton(dialog);
        if (named === null || button === null) {
            count(this.model.isOwnRecord ? "refused dialog: own record" : "refused dialog: seats full");
            return;
        }
        const enabled = !button.disabled;
        const box = dialog.querySelector<HTMLInputElement>('input[type="checkbox"]');
        const takesSeatWhenFull = named.to === 4 && this.model.savedValue !== 4 && this.seatsShownFull();
        const before = this.notified.length;
        fireEvent.click(button);
        const written = this.notified.length - before;
        // An enabled Confirm writes once; a disabled one never.
        ensure(written === (enabled ? 1 : 0), `an ${enabled ? "enabled" : "disabled"} Confirm wrote ${written} times`, {
            named,
            notified: this.notified,
        });
        if (written === 0) {
            count(box && !box.checked ? "confirm disabled: not acknowledged" : "confirm disabled: other");
            return;
        }
        // The write is exactly what the dialog named, from the value the field holds, and nothing refused.
        const output = this.notified[this.notified.length - 1];
        ensure(output === named.to, "Confirm wrote another value than the dialog named", { named, output });
        ensure(named.from === this.model.value, "Confirm wrote from a stale premise", {
            named,
            value: this.model.inputs.value,
        });
        ensure(writable(named.to), "Confirm wrote a value other than 0, 1, 2 or 4", { named });
        ensure(!this.model.isOwnRecord, "Confirm changed the admin's own user", {
            entityId: this.model.inputs.entityId,
            userId: this.model.inputs.userId,
        });
        ensure(!takesSeatWhenFull, "Confirm took a non-interactive seat while the control showed them all in use", {
            seats: this.seatsShown(),
        });
        ensure(!box || box.checked, "Confirm wrote without the acknowledgement the dialog asked for", { named });
        count(`confirm wrote ${named.from} → ${named.to}${box ? " (acknowledged)" : ""}`);
        if (named.to === 4 && this.seatsShown() !== null) count("confirm wrote 4 with seats shown");
        this.expectedWrites.push(named.to);
        this.model.confirmed(named);
        if (this.echoAtOnce) this.echo();
    }

    private undo(): void {
        const button = this.undoButton();
        const pending = this.model.undoable ? this.model.pendingShown : null;
        ensure(
            (button !== null) === (pending !== null),
            pending ? "no Undo for a change known to be unsaved" : "an Undo without a change known to be unsaved",
            {
                pending: this.model.pending,
                modifiedOn: this.model.inputs.modifiedOn,
            },
        );
        if (!button || !pending) return;
        const before = this.notified.length;
        fireEvent.click(button);
        const output = this.notified[this.notified.length - 1];
        ensure(
            this.notified.length - before === 1 && output === pending.from,
            "Undo did not write the saved value once",
            { pending, notified: this.notified.slice(before) },
        );
        count("undo wrote");
        this.expectedWrites.push(pending.from);
        this.model.undone();
        if (this.echoAtOnce) this.echo();
    }

    destroy(how: Extract<Command, { c: "destroy" }>["how"]): void {
        count(`destroy: ${how}`);
        if (how === "unmountThenDestroy") this.unmount();
        this.textAtDestroy = bodyText();
        this.control.destroy();
        this.destroyed = true;
        if (how === "destroyThenUnmount") this.unmount();
    }

    unmount(): void {
        if (!this.mounted) return;
        act(() => {
            ReactDOM.unmountComponentAtNode(this.container);
        });
        this.mounted = false;
    }

    // --- the invariants, after every command
    check(): void {
        ensureQuiet();
        // notifyOutputChanged ⇔ Confirm/Undo, with exactly the named values; so only ever 0, 1, 2 or 4, and never after destroy.
        ensure(
            this.notified.length === this.expectedWrites.length &&
                this.notified.every((value, i) => value === this.expectedWrites[i] && writable(value)),
            "notifyOutputChanged fired other than on Confirm/Undo, or with another value",
            { notified: this.notified, expected: this.expectedWrites },
        );
        this.checkRequests();
        if (!this.mounted) return;
        if (this.destroyed) {
            // No state update after destroy: nothing on screen changes any more.
            const now = bodyText();
            ensure(now === this.textAtDestroy, "the control changed after destroy", {
                atDestroy: this.textAtDestroy,
                now,
            });
            return;
        }
        const m = this.model;
        // The rendered state matches the latest input value.
        const mode = this.modeText();
        const expectedMode = m.masked ? strings.Masked_Value : m.label(m.value);
        ensure(mode === expectedMode, "the mode shown is not the latest input value's", {
            shown: mode,
            expected: expectedMode,
            inputs: m.inputs,
        });
        const toggle = this.toggle();
        if (!toggle) throw new Error("the switch is missing");
        const on = toggle.getAttribute("aria-checked");
        ensure(
            on === String(!m.masked && m.value === 4),
            "the switch is on for anything but a visible 4, or off for it",
            { on, inputs: m.inputs },
        );
        const dialog = this.dialog();
        if (m.locked) {
            ensure(toggle.disabled, "the switch of a locked field is enabled", { inputs: m.inputs });
            ensure(dialog === null, "a locked field has a dialog open", { inputs: m.inputs });
        }
        if (dialog) {
            count("checked with a dialog open");
            const named = this.named(dialog);
            if (named === null) {
                // Refused: the own record, or a seat asked for with every seat taken — and nothing to confirm (checked in named()).
                ensure(
                    m.isOwnRecord || (m.value !== 4 && m.savedValue !== 4),
                    "a dialog refuses a change nothing refuses",
                    { inputs: m.inputs },
                );
            } else {
                // The premise: an open dialog always starts from the value the field holds now, and only offers 0, 1, 2 or 4.
                ensure(named.from === m.value, "an open dialog no longer starts from the field's value", {
                    named,
                    value: m.inputs.value,
                });
                ensure(
                    writable(named.to) && (named.to === 4) === (named.from !== 4),
                    "a dialog offers an impossible change",
                    { named },
                );
                // A refused change is never offered.
                const confirm = this.confirmButton(dialog);
                if (m.isOwnRecord || (named.to === 4 && m.savedValue !== 4 && this.seatsShownFull())) {
                    ensure(confirm === null || confirm.disabled, "a refused change is offered: Confirm is enabled", {
                        named,
                        ownRecord: m.isOwnRecord,
                        seats: this.seatsShown(),
                    });
                }
                // The way back from non-interactive is a choice of interactive modes, one of them the target.
                const radios = Array.from(dialog.querySelectorAll<HTMLInputElement>('input[type="radio"]'));
                ensure(
                    radios.length > 0 === (named.from === 4),
                    "the way back offers no choice, or turning non-interactive on does",
                    { named, radios: radios.length },
                );
            }
        }
        const pending = m.pendingShown;
        const undo = this.undoButton();
        ensure(
            (undo !== null) === m.undoable,
            m.undoable ? "no Undo for a change known to be unsaved" : "an Undo without a change known to be unsaved",
            {
                pending: m.pending,
                value: m.inputs.value,
                modifiedOn: m.inputs.modifiedOn,
            },
        );
        if (pending) {
            const note = text(
                m.undoable ? "Pending_Text" : "Pending_TextUnknownSave",
                m.label(pending.from),
                m.label(pending.to),
            );
            ensure(
                (this.container.textContent ?? "").includes(note),
                "the bar names another change, or claims to know whether it was saved",
                { expected: note },
            );
        }
        if (m.masked) {
            // docs/architecture.md: a masked field shows ***, nothing else. The live region is read out, so it counts.
            const live = this.container.querySelector('[data-testid="amc-announcement"]')?.textContent ?? "";
            const named = ALL_MODES.map((v) => m.label(v)).filter((label) => live.includes(label));
            ensure(named.length === 0 && undo === null, "a masked field names a mode", {
                live,
                undoShown: undo !== null,
                inputs: m.inputs,
            });
        }
    }

    private checkRequests(): void {
        const { requests, writeCalls } = this.dataverse;
        ensure(writeCalls.length === 0, "the control called a write method of context.webAPI", { writeCalls });
        ensure(!this.model.maskedThroughout || requests.length === 0, "a field masked from the start asked Dataverse", {
            kinds: requests.map((r) => r.kind),
        });
        const users = requests.filter((r) => r.kind === "user").map((r) => r.detail);
        const { savesDetected, retries } = this.model;
        // The record's facts once per record shown, plus once per detected save and per Retry of them; the seats twice at most
        // (the count fallback) plus once per detected save and per Retry of them. Nothing on a mere re-render.
        ensure(
            users.length <= new Set(users).size + savesDetected + retries.facts,
            "the record's facts were asked for again without a save or a Retry",
            {
                users,
                savesDetected,
                retries,
            },
        );
        ensure(
            users.every((id) => this.model.records.has(normalise(id) ?? "")),
            "facts were asked for a record the form never showed",
            { users },
        );
        const seatRequests = requests.filter((r) => r.kind !== "user").length;
        ensure(
            seatRequests <= 2 + savesDetected + retries.seats,
            "the seats were asked for again without a save or a Retry",
            {
                kinds: requests.map((r) => r.kind),
                savesDetected,
                retries,
            },
        );
        for (const r of requests) {
            if (r.kind !== "resources") continue;
            ensure(
                r.detail === "/api/data/v9.2/RetrieveOrganizationResources()" &&
                    r.init?.method === "GET" &&
                    r.init?.credentials === "same-origin",
                "a request other than a same-origin GET of RetrieveOrganizationResources()",
                { url: r.detail, method: r.init?.method, credentials: r.init?.credentials },
            );
        }
    }

    /** The end of every run: destroy if still alive, answer whatever is still open (answers after destroy), run out the clock. */
    async finish(): Promise<void> {
        if (!this.destroyed) this.destroy("destroyThenUnmount");
        const after = this.notified.length;
        if (this.dataverse.openRequests().length > 0) count("answers after destroy");
        for (const request of this.dataverse.openRequests()) {
            request.settled = true;
            request.settle(
                request.kind === "user"
                    ? { json: USER }
                    : request.kind === "resources"
                      ? (organizationResources(2, 7) as Answer)
                      : (usersWithIds(2) as Answer),
            );
        }
        await drain();
        act(() => {
            jest.advanceTimersByTime(30_000);
        });
        await drain();
        ensure(this.notified.length === after, "notifyOutputChanged fired after destroy", {
            notified: this.notified.slice(after),
        });
        this.check();
        this.unmount();
        await drain();
        ensureQuiet();
    }

    /** Always runs, also after a failed check, so the next run (or shrink step) starts clean. */
    dispose(): void {
        try {
            this.unmount();
        } catch {
            // already broken; the failure has been reported
        }
        if (!this.destroyed) this.control.destroy();
        this.container.remove();
        document.body.innerHTML = "";
        jest.clearAllTimers();
    }
}

// ------------------------------------------------------------------------------------------------------------- the property

const originalFetch = globalThis.fetch;

beforeAll(() => {
    // Keep Fluent's CSS rules out of jsdom: every focus move would otherwise match each element against the whole (growing)
    // style sheet. jsdom lays nothing out, so the rules change nothing these checks can see.
    Stylesheet.getInstance().setConfig({ injectionMode: InjectionMode.none });
    jest.useFakeTimers();
    jest.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
        consoleErrors.push(args.map(String).join(" ").slice(0, 500));
    });
    realProcess.on("unhandledRejection", onUnhandledRejection);
});

afterAll(() => {
    (vm.runInThisContext("typeof gc === 'function' ? gc : () => undefined") as () => void)();
    if (process.env.FC_STATS)
        console.log(
            `heap ${Math.round(realProcess.memoryUsage().heapUsed / 1e6)} MB`,
            [...stats]
                .sort()
                .map(([what, n]) => `${String(n).padStart(7)}  ${what}`)
                .join("\n"),
        );
    realProcess.off("unhandledRejection", onUnhandledRejection);
    jest.restoreAllMocks();
    jest.useRealTimers();
    globalThis.fetch = originalFetch;
});

// Generous: FC_RUNS=20000 takes minutes; the 1,000 runs of CI take about 25 s.
const TIMEOUT_MS = 30 * 60_000;

/** One lifecycle: mount, the commands with every check after each, then destroy, late answers and the clock run out. */
async function lifecycle(scenario: Scenario, commands: Command[]): Promise<void> {
    consoleErrors.length = 0;
    unhandledRejections.length = 0;
    const run = new LifecycleRun(scenario);
    count(`runs${run.model.locked ? " (starting locked)" : ""}`);
    try {
        if (scenario.settleFirst) await drain();
        run.check();
        for (const command of commands) {
            const settling = run.run(command);
            if (settling) await settling;
            run.check();
        }
        await run.finish();
    } finally {
        run.dispose();
    }
}

it(
    "any lifecycle: writes only what a confirmed dialog named (or the saved value on Undo), shows the latest value, never errs",
    async () => {
        await fc.assert(fc.asyncProperty(scenarioArb, commandsArb, lifecycle), fcParameters<[Scenario, Command[]]>());
    },
    TIMEOUT_MS,
);

/**
 * The property's own counterexamples, shrunk by hand and replayed on every run, so that a regression fails every time rather
 * than in some of the runs. Each names the guard in the control that fixed it.
 */
describe("counterexamples found by the property", () => {
    const base: Scenario = {
        inputs: {
            value: 0,
            options: "builtIn",
            security: undefined,
            isControlDisabled: false,
            entityId: OTHER_USER_ID,
            userId: ADMIN_ID,
            defaultInteractiveMode: "0",
            modifiedOn: LOADED_AT,
        },
        auto: {
            user: { json: USER },
            resources: organizationResources(2, 7) as Answer,
            count: usersWithIds(2) as Answer,
        },
        settleFirst: true,
        echoAtOnce: true,
    };

    // Guard: presentControl (presentation/viewModel.ts) shows no unsaved-change bar and no announcement while masked.
    it("a field masked after a confirmed change shows ***, nothing else: it kept the unsaved-change bar and the live region's 'Access Mode set to Non-interactive'", async () => {
        await lifecycle(base, [
            { c: "toggle" },
            { c: "confirm" },
            { c: "update", change: { security: { editable: false, readable: false } } },
        ]);
    });

    // Guard: DataverseClient settles nothing but "aborted" once disposed, cached answers included (`once`).
    it("an answer cached before destroy and picked up just before it is not shown after destroy", async () => {
        await lifecycle(
            {
                ...base,
                auto: { ...base.auto, user: dataverseError(401, "0x80040216", "Unauthorized") as Answer },
                settleFirst: false,
            },
            [
                { c: "update", change: { entityId: null } },
                { c: "settle" },
                { c: "update", change: { entityId: OTHER_USER_ID } },
                { c: "destroy", how: "destroyOnly" },
            ],
        );
    });
});
