/**
 * DataverseClient: the record-facts and seats questions, their parsing, the fallback count, caching,
 * the timeout, dispose() and how every failure is reported (dataverse-facts.md §4–6).
 */
import { RecordFacts, SeatFigures } from "../../AccessModeControl/domain/accessMode";
import {
    DataverseClient,
    DataverseClientOptions,
    DEFAULT_TIMEOUT_MS,
} from "../../AccessModeControl/dataverse/DataverseClient";
import { CheckFailure } from "../../AccessModeControl/dataverse/responses";
import {
    dataverseError,
    FakeDataverse,
    fakeDataverse,
    organizationResources,
    Outcome,
    Scenario,
    USER,
    usersWithIds,
} from "../helpers/fakeDataverse";

const RECORD_ID = "5f0e9c1a-1111-4222-8333-444455556666";
const OTHER_RECORD_ID = "0d6b2f4e-2222-4333-8444-555566667777";
const EMPTY_GUID = "00000000-0000-0000-0000-000000000000";
const APP_ID = "2f1e8a7b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
const FACTS_QUERY = "?$select=fullname,islicensed,isdisabled,applicationid";
const COUNT_QUERY = "?$select=systemuserid&$filter=accessmode eq 4 and isdisabled eq false and applicationid eq null";
const RESOURCES_URL = "/api/data/v9.2/RetrieveOrganizationResources()";
const FETCH_INIT = {
    method: "GET",
    credentials: "same-origin",
    headers: { Accept: "application/json", "OData-MaxVersion": "4.0", "OData-Version": "4.0" },
    signal: expect.any(AbortSignal),
};
const PRIVILEGE_MESSAGE = "Principal user is missing prvReadOrganization privilege.";
const PLATFORM_ERROR = { errorCode: 2147746336, message: "The user has not been assigned any License" };

// ---- setup helpers -------------------------------------------------------------------------------------------------

interface Setup {
    fake: FakeDataverse;
    client: DataverseClient;
}

function setup(scenario: Scenario = {}, options: Partial<DataverseClientOptions> = {}): Setup {
    const fake = fakeDataverse(scenario);
    return { fake, client: new DataverseClient({ webAPI: fake.webAPI, fetch: fake.fetch, ...options }) };
}

/** A user answer: the default user with some columns replaced (undefined drops the column). */
function userWith(columns: Record<string, unknown>): Outcome {
    return { json: { ...USER, ...columns } };
}

/** An OrganizationResources answer (3 of 10 non-interactive, 12 of 25 active) with some figures replaced; undefined drops a figure. */
function resourcesWith(figures: Record<string, unknown>): Outcome {
    const base = (organizationResources(3, 10) as { json: { OrganizationResources: Record<string, unknown> } }).json;
    return { json: { ...base, OrganizationResources: { ...base.OrganizationResources, ...figures } } };
}

/** What seats() answers when it had to count the users itself. */
function fallbackFigures(inUse: number): SeatFigures {
    return {
        nonInteractiveInUse: inUse,
        nonInteractiveLimit: 7,
        limitAssumed: true,
        activeInUse: null,
        activeLimit: null,
    };
}

/** Awaits a promise that must reject with a CheckFailure and returns that failure. */
async function failureOf(promise: Promise<unknown>): Promise<CheckFailure> {
    let outcome: unknown;
    try {
        outcome = await promise;
    } catch (error) {
        expect(error).toBeInstanceOf(CheckFailure);
        return error as CheckFailure;
    }
    throw new Error(`expected a CheckFailure, but the promise resolved with ${JSON.stringify(outcome)}`);
}

/** Watches a promise without awaiting it, so tests can look at it while fake time passes. */
function observe<T>(promise: Promise<T>): { state: "pending" | "resolved" | "rejected"; value?: T; error?: unknown } {
    const seen: { state: "pending" | "resolved" | "rejected"; value?: T; error?: unknown } = { state: "pending" };
    promise.then(
        (value) => Object.assign(seen, { state: "resolved", value }),
        (error: unknown) => Object.assign(seen, { state: "rejected", error }),
    );
    return seen;
}

/** Lets every queued promise callback run (fake timers also fake setImmediate, so a macrotask can't be used). */
async function flushPromises(): Promise<void> {
    for (let i = 0; i < 20; i++) await Promise.resolve();
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
    let resolve!: (value: T) => void;
    const promise = new Promise<T>((r) => (resolve = r));
    return { promise, resolve };
}

const kinds = (fake: FakeDataverse): string[] => fake.requests.map((r) => r.kind);

// ---- CheckFailure ----------------------------------------------------------------------------------------------------

/** A fetch whose answer's headers arrive (200) and whose body never does. */
const BODY_NEVER_ARRIVES = (() =>
    Promise.resolve({
        ok: true,
        status: 200,
        text: () => new Promise<string>(() => undefined),
    } as Response)) as typeof fetch;

describe("CheckFailure", () => {
    it("is an Error named CheckFailure whose message carries kind, status and detail", () => {
        const failure = new CheckFailure("http", "Access denied", 403);
        expect(failure).toBeInstanceOf(Error);
        expect(failure.name).toBe("CheckFailure");
        expect(failure.message).toBe("http 403: Access denied");
    });

    it("leaves status and detail out of the message when there are none", () => {
        const failure = new CheckFailure("aborted");
        expect(failure).toMatchObject({ kind: "aborted", detail: null, status: null, message: "aborted" });
    });
});

// ---- recordFacts -----------------------------------------------------------------------------------------------------

describe("recordFacts()", () => {
    it("asks retrieveRecord for the user's fullname, islicensed, isdisabled and applicationid", async () => {
        const { fake, client } = setup();
        const retrieveRecord = jest.spyOn(fake.webAPI, "retrieveRecord");
        await client.recordFacts(RECORD_ID);
        expect(retrieveRecord).toHaveBeenCalledTimes(1);
        expect(retrieveRecord).toHaveBeenCalledWith("systemuser", RECORD_ID, FACTS_QUERY);
    });

    it("reads the full name, licence and disabled state of an ordinary user", async () => {
        const { client } = setup({
            user: { json: { fullname: "Ada Lovelace", islicensed: false, isdisabled: true, applicationid: null } },
        });
        await expect(client.recordFacts(RECORD_ID)).resolves.toEqual<RecordFacts>({
            fullName: "Ada Lovelace",
            isLicensed: false,
            isDisabled: true,
            isApplicationUser: false,
        });
    });

    it.each<[string, unknown, boolean | null]>([
        ["false", false, false],
        ["missing", undefined, null],
        ["not a boolean", "true", null],
    ])("reads isdisabled %s as %p", async (_, isdisabled, expected) => {
        const { client } = setup({ user: userWith({ isdisabled }) });
        expect((await client.recordFacts(RECORD_ID)).isDisabled).toBe(expected);
    });

    it.each<[string, unknown]>([
        ["a lower-case guid", APP_ID],
        ["an upper-case guid", APP_ID.toUpperCase()],
        ["a guid with surrounding spaces", ` ${APP_ID} `],
    ])("treats a user whose applicationid is %s as an application user", async (_, applicationid) => {
        const { client } = setup({ user: userWith({ applicationid }) });
        expect((await client.recordFacts(RECORD_ID)).isApplicationUser).toBe(true);
    });

    it.each<[string, unknown]>([
        ["null", null],
        ["the empty guid", EMPTY_GUID],
        ["the empty guid in upper case with spaces", `  ${EMPTY_GUID.toUpperCase()} `],
        ["an empty string", ""],
    ])("does not treat a user whose applicationid is %s as an application user", async (_, applicationid) => {
        const { client } = setup({ user: userWith({ applicationid }) });
        expect((await client.recordFacts(RECORD_ID)).isApplicationUser).toBe(false);
    });

    // The Web API writes a selected column that holds no value as null: an answer without it, or with another type, is no answer.
    it.each<[string, unknown]>([
        ["missing", undefined],
        ["not a string", 42],
        ["an object", { id: APP_ID }],
    ])("cannot tell whether a user whose applicationid is %s is an application user", async (_, applicationid) => {
        const { client } = setup({ user: userWith({ applicationid }) });
        expect((await client.recordFacts(RECORD_ID)).isApplicationUser).toBeNull();
    });

    it.each<[string, unknown]>([
        ["empty", ""],
        ["blank", "   "],
        ["null", null],
        ["missing", undefined],
        ["not a string", 42],
    ])("answers a null full name when fullname is %s", async (_, fullname) => {
        const { client } = setup({ user: userWith({ fullname }) });
        expect((await client.recordFacts(RECORD_ID)).fullName).toBeNull();
    });

    it.each<[string, unknown]>([
        ["the string 'true'", "true"],
        ["the number 1", 1],
        ["null", null],
        ["missing", undefined],
    ])("answers an unknown licence state when islicensed is %s", async (_, islicensed) => {
        const { client } = setup({ user: userWith({ islicensed }) });
        expect((await client.recordFacts(RECORD_ID)).isLicensed).toBeNull();
    });

    it.each<[string, unknown]>([
        ["null", null],
        ["undefined", undefined],
        ["a string", "systemuser"],
        ["a number", 42],
        ["a boolean", true],
    ])("rejects with badResponse when the answer is %s instead of a record", async (_, answer) => {
        const { client } = setup({ user: { json: answer } });
        expect(await failureOf(client.recordFacts(RECORD_ID))).toMatchObject({
            kind: "badResponse",
            detail: null,
            status: null,
        });
    });
});

// ---- seats: the primary answer ---------------------------------------------------------------------------------------

describe("seats() with a readable RetrieveOrganizationResources", () => {
    it("GETs the function same-origin with the OData headers and an abort signal", async () => {
        const { fake } = setup();
        const fetchSpy = jest.fn(fake.fetch);
        const client = new DataverseClient({ webAPI: fake.webAPI, fetch: fetchSpy });
        await client.seats();
        expect(fetchSpy).toHaveBeenCalledTimes(1);
        expect(fetchSpy).toHaveBeenCalledWith(RESOURCES_URL, FETCH_INIT);
    });

    it("reads the non-interactive and active figures and does not count users itself", async () => {
        const { fake, client } = setup({ resources: organizationResources(3, 10, 12, 25) });
        await expect(client.seats()).resolves.toEqual<SeatFigures>({
            nonInteractiveInUse: 3,
            nonInteractiveLimit: 10,
            limitAssumed: false,
            activeInUse: 12,
            activeLimit: 25,
        });
        expect(kinds(fake)).toEqual(["resources"]);
    });

    it("accepts zero as a real figure", async () => {
        const { client } = setup({ resources: organizationResources(0, 0, 0, 0) });
        await expect(client.seats()).resolves.toEqual({
            nonInteractiveInUse: 0,
            nonInteractiveLimit: 0,
            limitAssumed: false,
            activeInUse: 0,
            activeLimit: 0,
        });
    });

    it.each<[string, unknown]>([
        ["missing", undefined],
        ["negative", -1],
        ["not an integer", 7.5],
        ["a string", "10"],
    ])("assumes the documented limit of 7 when MaxNumberOfNonInteractiveUsers is %s", async (_, max) => {
        const { fake, client } = setup({ resources: resourcesWith({ MaxNumberOfNonInteractiveUsers: max }) });
        await expect(client.seats()).resolves.toMatchObject({
            nonInteractiveInUse: 3,
            nonInteractiveLimit: 7,
            limitAssumed: true,
        });
        expect(kinds(fake)).toEqual(["resources"]);
    });

    it.each<[string, Record<string, unknown>]>([
        ["CurrentNumberOfActiveUsers is missing", { CurrentNumberOfActiveUsers: undefined }],
        ["MaxNumberOfActiveUsers is missing", { MaxNumberOfActiveUsers: undefined }],
        ["CurrentNumberOfActiveUsers is negative", { CurrentNumberOfActiveUsers: -3 }],
        ["MaxNumberOfActiveUsers is not an integer", { MaxNumberOfActiveUsers: 2.5 }],
    ])("reports no active figures at all when %s", async (_, figures) => {
        const { client } = setup({ resources: resourcesWith(figures) });
        await expect(client.seats()).resolves.toEqual({
            nonInteractiveInUse: 3,
            nonInteractiveLimit: 10,
            limitAssumed: false,
            activeInUse: null,
            activeLimit: null,
        });
    });

    it("uses the apiBase option for the function's URL", async () => {
        const { fake, client } = setup({}, { apiBase: "https://org.crm4.dynamics.com/api/data/v9.1" });
        await client.seats();
        expect(fake.requests[0].detail).toBe(
            "https://org.crm4.dynamics.com/api/data/v9.1/RetrieveOrganizationResources()",
        );
    });

    describe("without a fetch option", () => {
        const originalFetch = globalThis.fetch;
        afterEach(() => {
            globalThis.fetch = originalFetch;
        });

        it("uses the global fetch at call time", async () => {
            const { fake } = setup();
            globalThis.fetch = fake.fetch;
            const client = new DataverseClient({ webAPI: fake.webAPI });
            await expect(client.seats()).resolves.toMatchObject({ nonInteractiveInUse: 2, nonInteractiveLimit: 7 });
            expect(fake.requests).toEqual([
                { kind: "resources", detail: RESOURCES_URL, signal: expect.any(AbortSignal) },
            ]);
        });
    });
});

// ---- seats: the fallback count ---------------------------------------------------------------------------------------

const HTTP_STATUSES = [401, 403, 404, 500];

/** Ways RetrieveOrganizationResources can fail (without timing out), with the failure seats() reports when the count fails too. */
const PRIMARY_FAILURES: [string, Outcome, Partial<CheckFailure>][] = [
    ...HTTP_STATUSES.map((status): [string, Outcome, Partial<CheckFailure>] => [
        `HTTP ${status} with a Dataverse error body`,
        dataverseError(status, status === 403 ? "0x80040220" : "0x80040216", PRIVILEGE_MESSAGE),
        { kind: "http", status, detail: PRIVILEGE_MESSAGE },
    ]),
    ...HTTP_STATUSES.map((status): [string, Outcome, Partial<CheckFailure>] => [
        `HTTP ${status} without a body`,
        { status },
        { kind: "http", status, detail: null },
    ]),
    [
        "HTTP 502 with an HTML body",
        { status: 502, body: "<html><body>Bad gateway</body></html>" },
        { kind: "http", status: 502, detail: null },
    ],
    [
        "HTTP 500 with an error object but no message",
        { status: 500, json: { error: { code: "0x80040216" } } },
        { kind: "http", status: 500, detail: null },
    ],
    [
        "HTTP 500 with a blank message",
        dataverseError(500, "0x80040216", "   "),
        { kind: "http", status: 500, detail: null },
    ],
    [
        "HTTP 500 with a non-string message",
        { status: 500, json: { error: { message: 42 } } },
        { kind: "http", status: 500, detail: null },
    ],
    [
        "HTTP 500 with a JSON body that is not an object",
        { status: 500, body: '"Internal error"' },
        { kind: "http", status: 500, detail: null },
    ],
    [
        "a 200 with malformed JSON",
        { body: "<html><body>Sign in</body></html>" },
        { kind: "badResponse", status: null, detail: null },
    ],
    ["a 200 with an empty body", { body: "" }, { kind: "badResponse", status: null, detail: null }],
    ["a 200 with null", { json: null }, { kind: "badResponse", status: null, detail: null }],
    [
        "a 200 without OrganizationResources",
        { json: { "@odata.context": "…" } },
        { kind: "badResponse", status: null, detail: null },
    ],
    [
        "a 200 without CurrentNumberOfNonInteractiveUsers",
        resourcesWith({ CurrentNumberOfNonInteractiveUsers: undefined }),
        { kind: "badResponse", status: null, detail: null },
    ],
    [
        "a 200 with a negative current count",
        resourcesWith({ CurrentNumberOfNonInteractiveUsers: -1 }),
        { kind: "badResponse", status: null, detail: null },
    ],
    [
        "a 200 with a non-integer current count",
        resourcesWith({ CurrentNumberOfNonInteractiveUsers: 2.5 }),
        { kind: "badResponse", status: null, detail: null },
    ],
    [
        "a network error (TypeError)",
        { reject: new TypeError("Failed to fetch") },
        { kind: "network", status: null, detail: "Failed to fetch" },
    ],
    [
        "a network error without a message",
        { reject: new TypeError("") },
        { kind: "network", status: null, detail: null },
    ],
];

describe("seats() when RetrieveOrganizationResources can't be used", () => {
    it.each(PRIMARY_FAILURES)("falls back to counting non-interactive users after %s", async (_, resources) => {
        const { fake, client } = setup({ resources, count: usersWithIds(4) });
        await expect(client.seats()).resolves.toEqual(fallbackFigures(4));
        expect(kinds(fake)).toEqual(["resources", "count"]);
    });

    it("counts enabled, non-application users whose access mode is 4", async () => {
        const { fake, client } = setup({ resources: dataverseError(403, "0x80040220", PRIVILEGE_MESSAGE) });
        const retrieveMultiple = jest.spyOn(fake.webAPI, "retrieveMultipleRecords");
        await client.seats();
        expect(retrieveMultiple).toHaveBeenCalledTimes(1);
        expect(retrieveMultiple).toHaveBeenCalledWith("systemuser", COUNT_QUERY);
    });

    it("answers a count of zero when no user is non-interactive", async () => {
        const { client } = setup({ resources: { status: 404 }, count: usersWithIds(0) });
        await expect(client.seats()).resolves.toEqual(fallbackFigures(0));
    });

    it.each(PRIMARY_FAILURES)(
        "rejects with the primary failure after %s when the count fails too",
        async (_, resources, primary) => {
            const { client } = setup({ resources, count: { reject: PLATFORM_ERROR } });
            expect(await failureOf(client.seats())).toMatchObject(primary);
        },
    );

    it.each<[string, Outcome]>([
        ["is rejected by the platform", { reject: PLATFORM_ERROR }],
        ["is rejected like in the test harness", { reject: new Error("Method not supported in the test harness.") }],
        ["fails on the network", { reject: new TypeError("Failed to fetch") }],
        ["answers null", { json: null }],
        ["answers without entities", { json: { value: [] } }],
        ["answers entities that are not a list", { json: { entities: "3" } }],
    ])("rejects with the primary HTTP failure, not the count's, when the count %s", async (_, count) => {
        const { client } = setup({ resources: dataverseError(403, "0x80040220", PRIVILEGE_MESSAGE), count });
        expect(await failureOf(client.seats())).toMatchObject({ kind: "http", status: 403, detail: PRIVILEGE_MESSAGE });
    });
});

// ---- failure reporting ---------------------------------------------------------------------------------------------

describe("failure reporting", () => {
    it("keeps the server's message verbatim, markup included", async () => {
        const message = 'Access <b>denied</b> for "Ada" & co. <script>alert(1)</script>';
        const { client } = setup({
            resources: dataverseError(403, "0x80040220", message),
            count: { reject: PLATFORM_ERROR },
        });
        expect(await failureOf(client.seats())).toMatchObject({ kind: "http", status: 403, detail: message });
    });

    it("turns a webAPI rejection of the { errorCode, message } shape into a server failure with that message", async () => {
        const { client } = setup({
            user: { reject: { errorCode: 2147746327, message: "Record <b>systemuser</b> not found" } },
        });
        expect(await failureOf(client.recordFacts(RECORD_ID))).toMatchObject({
            kind: "server",
            status: null,
            detail: "Record <b>systemuser</b> not found",
        });
    });

    it("uses the message of an Error rejection, as the test harness sends it", async () => {
        const { client } = setup({ user: { reject: new Error("Method not supported in the test harness.") } });
        expect(await failureOf(client.recordFacts(RECORD_ID))).toMatchObject({
            kind: "server",
            detail: "Method not supported in the test harness.",
        });
    });

    it("uses a rejected string as the message", async () => {
        const { client } = setup({ user: { reject: "Service unavailable" } });
        expect(await failureOf(client.recordFacts(RECORD_ID))).toMatchObject({
            kind: "server",
            detail: "Service unavailable",
        });
    });

    it.each<[string, unknown]>([
        ["an { errorCode } record", { errorCode: 2147746336 }],
        ["a blank message", { errorCode: 2147746336, message: "  " }],
        ["a non-string message", { message: 42 }],
        ["an Error without a message", new Error("")],
        ["an empty string", ""],
        ["null", null],
        ["undefined", undefined],
        ["a number", 500],
    ])("reports a server failure without detail for a rejection with no message: %s", async (_, reason) => {
        const { client } = setup({ user: { reject: reason } });
        expect(await failureOf(client.recordFacts(RECORD_ID))).toMatchObject({
            kind: "server",
            status: null,
            detail: null,
        });
    });

    it("reports a webAPI TypeError as a network failure", async () => {
        const { client } = setup({ user: { reject: new TypeError("Failed to fetch") } });
        expect(await failureOf(client.recordFacts(RECORD_ID))).toMatchObject({
            kind: "network",
            detail: "Failed to fetch",
        });
    });

    it("passes a CheckFailure raised by an injected webAPI through unchanged", async () => {
        const own = new CheckFailure("badResponse", "from a wrapping layer");
        const { client } = setup({ user: { reject: own } });
        expect(await failureOf(client.recordFacts(RECORD_ID))).toBe(own);
    });

    it("treats a webAPI call that throws instead of returning a promise like a rejection", async () => {
        const { fake } = setup();
        const webAPI = {
            ...fake.webAPI,
            retrieveRecord: () => {
                throw new Error("webAPI is not ready");
            },
        };
        const client = new DataverseClient({ webAPI, fetch: fake.fetch });
        expect(await failureOf(client.recordFacts(RECORD_ID))).toMatchObject({
            kind: "server",
            detail: "webAPI is not ready",
        });
    });

    it("treats a fetch that throws instead of returning a promise like a network failure", async () => {
        const { fake } = setup({ count: { reject: PLATFORM_ERROR } });
        const fetchThrows = (() => {
            throw new TypeError("Invalid URL");
        }) as typeof fetch;
        const client = new DataverseClient({ webAPI: fake.webAPI, fetch: fetchThrows });
        expect(await failureOf(client.seats())).toMatchObject({ kind: "network", detail: "Invalid URL" });
    });
});

// ---- caching ---------------------------------------------------------------------------------------------------------

describe("caching", () => {
    it("asks for one record's facts only once", async () => {
        const { fake, client } = setup();
        const first = await client.recordFacts(RECORD_ID);
        const second = await client.recordFacts(RECORD_ID);
        expect(second).toEqual(first);
        expect(kinds(fake)).toEqual(["user"]);
    });

    it("shares one request between concurrent callers", async () => {
        const { fake, client } = setup();
        await Promise.all([
            client.recordFacts(RECORD_ID),
            client.recordFacts(RECORD_ID),
            client.seats(),
            client.seats(),
        ]);
        expect(kinds(fake)).toEqual(["user", "resources"]);
    });

    it("asks separately for different records", async () => {
        const { fake, client } = setup();
        await client.recordFacts(RECORD_ID);
        await client.recordFacts(OTHER_RECORD_ID);
        expect(fake.requests.map((r) => r.detail)).toEqual([
            `systemuser(${RECORD_ID})${FACTS_QUERY}`,
            `systemuser(${OTHER_RECORD_ID})${FACTS_QUERY}`,
        ]);
    });

    it("asks for the seats only once", async () => {
        const { fake, client } = setup();
        expect(await client.seats()).toEqual(await client.seats());
        expect(kinds(fake)).toEqual(["resources"]);
    });

    it("counts users only once when the seats come from the fallback", async () => {
        const { fake, client } = setup({ resources: { status: 403 } });
        expect(await client.seats()).toEqual(await client.seats());
        expect(kinds(fake)).toEqual(["resources", "count"]);
    });

    it("keeps a failed record answer instead of asking again", async () => {
        const { fake, client } = setup({ user: { reject: PLATFORM_ERROR } });
        const first = await failureOf(client.recordFacts(RECORD_ID));
        const second = await failureOf(client.recordFacts(RECORD_ID));
        expect(second).toBe(first);
        expect(kinds(fake)).toEqual(["user"]);
    });

    it("keeps a failed seats answer instead of asking again", async () => {
        const { fake, client } = setup({ resources: { status: 500 }, count: { reject: PLATFORM_ERROR } });
        const first = await failureOf(client.seats());
        const second = await failureOf(client.seats());
        expect(second).toBe(first);
        expect(kinds(fake)).toEqual(["resources", "count"]);
    });

    it("keeps each client's cache to itself", async () => {
        const fake = fakeDataverse();
        const options = { webAPI: fake.webAPI, fetch: fake.fetch };
        await new DataverseClient(options).recordFacts(RECORD_ID);
        await new DataverseClient(options).recordFacts(RECORD_ID);
        expect(kinds(fake)).toEqual(["user", "user"]);
    });
});

// ---- rounds: a Retry or a detected save asks again ---------------------------------------------------------------------

describe("a new round", () => {
    it("asks for the record's facts again, once per round", async () => {
        const { fake, client } = setup({ user: [userWith({ islicensed: false }), userWith({ islicensed: true })] });
        expect((await client.recordFacts(RECORD_ID, 0)).isLicensed).toBe(false);
        expect((await client.recordFacts(RECORD_ID, 1)).isLicensed).toBe(true);
        await client.recordFacts(RECORD_ID, 1);
        expect(kinds(fake)).toEqual(["user", "user"]);
    });

    it("asks RetrieveOrganizationResources again with one request when it answered before", async () => {
        const { fake, client } = setup({ resources: [organizationResources(3, 7), organizationResources(4, 7)] });
        expect((await client.seats(0)).nonInteractiveInUse).toBe(3);
        expect((await client.seats(1)).nonInteractiveInUse).toBe(4);
        expect(kinds(fake)).toEqual(["resources", "resources"]);
    });

    it("counts the users again, with one request and without asking the function, once the count answered for it", async () => {
        const { fake, client } = setup({ resources: { status: 403 }, count: [usersWithIds(3), usersWithIds(4)] });
        expect(await client.seats(0)).toEqual(fallbackFigures(3));
        expect(await client.seats(1)).toEqual(fallbackFigures(4));
        expect(kinds(fake)).toEqual(["resources", "count", "count"]);
    });

    it.each([401, 403, 404])(
        "after both failed, retries only the count when the function refused with %p",
        async (status) => {
            const { fake, client } = setup({ resources: { status }, count: [{ status: 500 }, usersWithIds(2)] });
            await failureOf(client.seats(0));
            expect(await client.seats(1)).toEqual(fallbackFigures(2));
            expect(kinds(fake)).toEqual(["resources", "count", "count"]);
        },
    );

    it.each<[string, Outcome]>([
        ["a server error", { status: 500 }],
        ["too many requests", { status: 429 }],
        ["a network failure", { reject: new TypeError("Failed to fetch") }],
        ["an unreadable answer", { body: "<html>" }],
    ])("after both failed, retries only the function when it failed with %s", async (_, failure) => {
        const { fake, client } = setup({ resources: [failure, organizationResources(5, 7)], count: { status: 500 } });
        await failureOf(client.seats(0));
        expect((await client.seats(1)).nonInteractiveInUse).toBe(5);
        expect(kinds(fake)).toEqual(["resources", "count", "resources"]);
    });

    it("reports a later round's own failure, without falling back within it", async () => {
        const { fake, client } = setup({
            resources: [organizationResources(3, 7), dataverseError(500, "0x80040216", "Generic SQL error.")],
        });
        await client.seats(0);
        expect(await failureOf(client.seats(1))).toMatchObject({
            kind: "http",
            status: 500,
            detail: "Generic SQL error.",
        });
        expect(kinds(fake)).toEqual(["resources", "resources"]);
    });
});

// ---- timeout ---------------------------------------------------------------------------------------------------------

describe("timeout", () => {
    beforeEach(() => {
        jest.useFakeTimers();
    });
    afterEach(() => {
        jest.useRealTimers();
    });

    async function advance(ms: number): Promise<void> {
        await jest.advanceTimersByTimeAsync(ms);
        await flushPromises();
    }

    it("rejects a RetrieveOrganizationResources call hanging for 10 s with a timeout of '10' seconds", async () => {
        const { client } = setup({ resources: "hang", count: { reject: PLATFORM_ERROR } });
        const seats = observe(client.seats());
        await advance(9_999);
        expect(seats.state).toBe("pending");
        await advance(1);
        expect(seats.state).toBe("rejected");
        expect(seats.error).toBeInstanceOf(CheckFailure);
        expect(seats.error).toMatchObject({ kind: "timeout", detail: "10", status: null });
        expect(jest.getTimerCount()).toBe(0);
    });

    it("aborts the fetch's signal when it times out", async () => {
        const { fake, client } = setup({ resources: "hang", count: { reject: PLATFORM_ERROR } });
        const seats = observe(client.seats());
        await advance(0);
        const signal = fake.requests[0].signal;
        expect(signal?.aborted).toBe(false);
        await advance(DEFAULT_TIMEOUT_MS);
        expect(signal?.aborted).toBe(true);
        expect(seats.state).toBe("rejected");
    });

    it("honours the timeoutMs option and reports it in seconds", async () => {
        const { client } = setup({ resources: "hang", count: { reject: PLATFORM_ERROR } }, { timeoutMs: 2_500 });
        const seats = observe(client.seats());
        await advance(2_499);
        expect(seats.state).toBe("pending");
        await advance(1);
        expect(seats.error).toMatchObject({ kind: "timeout", detail: "2.5" });
        expect(jest.getTimerCount()).toBe(0);
    });

    it("falls back to the count after the function call times out", async () => {
        const { fake, client } = setup({ resources: "hang", count: usersWithIds(5) });
        const seats = observe(client.seats());
        await advance(DEFAULT_TIMEOUT_MS);
        expect(seats).toMatchObject({ state: "resolved", value: fallbackFigures(5) });
        expect(kinds(fake)).toEqual(["resources", "count"]);
        expect(jest.getTimerCount()).toBe(0);
    });

    it("gives the fallback count its own timeout and then reports the primary timeout", async () => {
        const { client } = setup({ resources: "hang", count: "hang" });
        const seats = observe(client.seats());
        await advance(DEFAULT_TIMEOUT_MS);
        expect(seats.state).toBe("pending");
        await advance(DEFAULT_TIMEOUT_MS);
        expect(seats.state).toBe("rejected");
        expect(seats.error).toMatchObject({ kind: "timeout", detail: "10" });
        expect(jest.getTimerCount()).toBe(0);
    });

    it("reports the primary HTTP failure when only the fallback count times out", async () => {
        const { client } = setup({ resources: dataverseError(403, "0x80040220", PRIVILEGE_MESSAGE), count: "hang" });
        const seats = observe(client.seats());
        await advance(DEFAULT_TIMEOUT_MS);
        expect(seats.error).toMatchObject({ kind: "http", status: 403, detail: PRIVILEGE_MESSAGE });
        expect(jest.getTimerCount()).toBe(0);
    });

    it("times out a hanging retrieveRecord", async () => {
        const { client } = setup({ user: "hang" });
        const facts = observe(client.recordFacts(RECORD_ID));
        await advance(DEFAULT_TIMEOUT_MS - 1);
        expect(facts.state).toBe("pending");
        await advance(1);
        expect(facts.error).toBeInstanceOf(CheckFailure);
        expect(facts.error).toMatchObject({ kind: "timeout", detail: "10" });
        expect(jest.getTimerCount()).toBe(0);
    });

    it("times out a response whose body never arrives", async () => {
        const { fake } = setup({ count: { reject: PLATFORM_ERROR } });
        const client = new DataverseClient({ webAPI: fake.webAPI, fetch: BODY_NEVER_ARRIVES, timeoutMs: 1_000 });
        const seats = observe(client.seats());
        await advance(1_000);
        expect(seats.error).toMatchObject({ kind: "timeout", detail: "1" });
        expect(jest.getTimerCount()).toBe(0);
    });

    it("leaves no timer behind once an answer arrives in time", async () => {
        const { client } = setup();
        await Promise.all([client.recordFacts(RECORD_ID), client.seats()]);
        expect(jest.getTimerCount()).toBe(0);
    });
});

// ---- dispose ---------------------------------------------------------------------------------------------------------

describe("dispose()", () => {
    beforeEach(() => {
        jest.useFakeTimers();
    });
    afterEach(() => {
        jest.useRealTimers();
    });

    it("rejects an in-flight record request with aborted and leaves no timer", async () => {
        const { client } = setup({ user: "hang" });
        const facts = client.recordFacts(RECORD_ID);
        expect(jest.getTimerCount()).toBe(1);
        client.dispose();
        expect(await failureOf(facts)).toMatchObject({ kind: "aborted", detail: null, status: null });
        expect(jest.getTimerCount()).toBe(0);
    });

    it("aborts an in-flight fetch, rejects with aborted and does not fall back to counting", async () => {
        const { fake, client } = setup({ resources: "hang" });
        const seats = client.seats();
        await flushPromises();
        const signal = fake.requests[0].signal;
        expect(signal?.aborted).toBe(false);
        client.dispose();
        expect(signal?.aborted).toBe(true);
        expect(await failureOf(seats)).toMatchObject({ kind: "aborted" });
        expect(kinds(fake)).toEqual(["resources"]);
        expect(jest.getTimerCount()).toBe(0);
    });

    it.each<[string, Outcome, number]>([
        ["an HTTP 403", { status: 403 }, 0],
        ["a timeout", "hang", DEFAULT_TIMEOUT_MS],
    ])(
        "rejects with aborted, not the primary failure, when disposed during the fallback count after %s",
        async (_, resources, wait) => {
            const { fake, client } = setup({ resources, count: "hang" });
            const seats = observe(client.seats());
            await jest.advanceTimersByTimeAsync(wait);
            await flushPromises();
            expect(kinds(fake)).toEqual(["resources", "count"]);
            client.dispose();
            await flushPromises();
            expect(seats.state).toBe("rejected");
            expect(seats.error).toBeInstanceOf(CheckFailure);
            expect(seats.error).toMatchObject({ kind: "aborted" });
            expect(jest.getTimerCount()).toBe(0);
        },
    );

    it("rejects requests made after dispose with aborted, without sending anything", async () => {
        const { fake, client } = setup();
        client.dispose();
        expect(await failureOf(client.recordFacts(RECORD_ID))).toMatchObject({ kind: "aborted" });
        expect(await failureOf(client.seats())).toMatchObject({ kind: "aborted" });
        expect(fake.requests).toEqual([]);
        expect(jest.getTimerCount()).toBe(0);
    });

    it.each([
        ["answer", {}],
        ["failure", { user: { status: 500 }, resources: { status: 500 }, count: { status: 500 } }],
    ] as [string, Scenario][])("settles a cached %s asked for just before dispose as aborted", async (_, scenario) => {
        const { fake, client } = setup(scenario);
        await Promise.allSettled([client.recordFacts(RECORD_ID), client.seats()]);
        const sent = fake.requests.length;
        const again = [observe<unknown>(client.recordFacts(RECORD_ID)), observe<unknown>(client.seats())];
        client.dispose();
        await flushPromises();
        expect(again.map(({ state, error }) => [state, (error as CheckFailure | undefined)?.kind])).toEqual([
            ["rejected", "aborted"],
            ["rejected", "aborted"],
        ]);
        expect(fake.requests).toHaveLength(sent);
    });

    it("ignores a record answer that arrives after dispose", async () => {
        const { fake } = setup();
        const late = deferred<unknown>();
        const client = new DataverseClient({
            webAPI: { ...fake.webAPI, retrieveRecord: () => late.promise as never },
            fetch: fake.fetch,
        });
        const onResolved = jest.fn();
        const onRejected = jest.fn();
        client.recordFacts(RECORD_ID).then(onResolved, onRejected);
        client.dispose();
        late.resolve(USER);
        await flushPromises();
        expect(onResolved).not.toHaveBeenCalled();
        expect(onRejected).toHaveBeenCalledTimes(1);
        expect(onRejected.mock.calls[0][0]).toMatchObject({ kind: "aborted" });
        expect(jest.getTimerCount()).toBe(0);
    });

    it("ignores a fetch response that arrives after dispose and never reads its body", async () => {
        const { fake } = setup();
        const late = deferred<Response>();
        const text = jest.fn(() =>
            Promise.resolve(JSON.stringify((organizationResources(1, 7) as { json: unknown }).json)),
        );
        const client = new DataverseClient({ webAPI: fake.webAPI, fetch: () => late.promise });
        const onResolved = jest.fn();
        const onRejected = jest.fn();
        client.seats().then(onResolved, onRejected);
        client.dispose();
        late.resolve({ ok: true, status: 200, text } as unknown as Response);
        await flushPromises();
        expect(onResolved).not.toHaveBeenCalled();
        expect(onRejected.mock.calls).toEqual([[expect.objectContaining({ kind: "aborted" })]]);
        expect(text).not.toHaveBeenCalled();
        expect(kinds(fake)).toEqual([]);
    });

    it("rejects with aborted while the response body is still being read", async () => {
        const { fake } = setup();
        const client = new DataverseClient({ webAPI: fake.webAPI, fetch: BODY_NEVER_ARRIVES });
        const seats = client.seats();
        await flushPromises();
        client.dispose();
        expect(await failureOf(seats)).toMatchObject({ kind: "aborted" });
        expect(kinds(fake)).toEqual([]);
        expect(jest.getTimerCount()).toBe(0);
    });

    it("can be called twice", async () => {
        const { client } = setup({ user: "hang" });
        const facts = client.recordFacts(RECORD_ID);
        client.dispose();
        client.dispose();
        expect(await failureOf(facts)).toMatchObject({ kind: "aborted" });
    });
});
