/**
 * A scripted Dataverse for tests: answers the control's record-facts, seats and fallback-count requests,
 * and records every request so tests can count them.
 */

/** How one request ends: a JSON answer, an HTTP error, a raw (possibly malformed) body, a rejection, or never. */
export type Outcome =
    | { json: unknown }
    | { status: number; json?: unknown }
    | { body: string; status?: number }
    | { reject: unknown }
    | "hang";

/** One outcome for every request of a kind, or one per request in turn (the last one repeats). */
export type Outcomes = Outcome | readonly Outcome[];

export interface Scenario {
    /** retrieveRecord("systemuser", id, …) */
    user?: Outcomes;
    /** GET …/RetrieveOrganizationResources() */
    resources?: Outcomes;
    /** retrieveMultipleRecords("systemuser", …) — the fallback count. */
    count?: Outcomes;
}

export const USER = { fullname: "Integration Account", islicensed: true, isdisabled: false, applicationid: null };

export function organizationResources(inUse: number, limit: number, activeInUse = 12, activeLimit = 25): Outcome {
    return {
        json: {
            "@odata.context":
                "https://org.crm.dynamics.com/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.RetrieveOrganizationResourcesResponse",
            OrganizationResources: {
                CurrentNumberOfNonInteractiveUsers: inUse,
                MaxNumberOfNonInteractiveUsers: limit,
                CurrentNumberOfActiveUsers: activeInUse,
                MaxNumberOfActiveUsers: activeLimit,
                CurrentNumberOfCustomEntities: 3,
                MaxNumberOfCustomEntities: 300,
                CurrentNumberOfPublishedWorkflows: 1,
                MaxNumberOfPublishedWorkflows: 200,
                CurrentStorage: 100,
                MaxStorage: 1000,
            },
        },
    };
}

export function usersWithIds(count: number): Outcome {
    return {
        json: {
            entities: Array.from({ length: count }, (_, i) => ({
                systemuserid: `0000000${i}-0000-0000-0000-000000000000`,
            })),
        },
    };
}

/**
 * A Dataverse error answer, in the same order as testkit/dataverseServer.ts's: the status, the code (Learn: web service error
 * codes — 0x80040220 PrivilegeDenied, 0x80040217 ObjectDoesNotExist, 0x80040216 UnExpected; the seat limit has no documented
 * code) and the message.
 */
export function dataverseError(status: number, code: string, message: string): Outcome {
    return { status, json: { error: { code, message } } };
}

export interface RecordedRequest {
    kind: "user" | "resources" | "count";
    detail: string;
    signal?: AbortSignal;
}

export interface FakeDataverse {
    webAPI: Pick<ComponentFramework.WebApi, "retrieveRecord" | "retrieveMultipleRecords">;
    fetch: typeof fetch;
    requests: RecordedRequest[];
}

const DEFAULT_SCENARIO: Required<Scenario> = {
    user: { json: USER },
    resources: organizationResources(2, 7),
    count: usersWithIds(2),
};

export function fakeDataverse(scenario: Scenario = {}): FakeDataverse {
    const s: Required<Scenario> = { ...DEFAULT_SCENARIO, ...scenario };
    const requests: RecordedRequest[] = [];
    /** Records the request and picks its outcome: the n-th of its kind gets the n-th outcome, the last one repeating. */
    const next = (request: RecordedRequest): Outcome => {
        const outcomes = s[request.kind];
        const index = requests.filter((r) => r.kind === request.kind).length;
        requests.push(request);
        return Array.isArray(outcomes) ? outcomes[Math.min(index, outcomes.length - 1)] : (outcomes as Outcome);
    };
    const webAPI = {
        retrieveRecord: (entity: string, id: string, options?: string) =>
            asWebApiResult(next({ kind: "user", detail: `${entity}(${id})${options ?? ""}` })),
        retrieveMultipleRecords: (entity: string, options?: string) =>
            asWebApiResult(next({ kind: "count", detail: `${entity}${options ?? ""}` })),
    } as unknown as FakeDataverse["webAPI"];
    const fetchFake = ((input: RequestInfo | URL, init?: RequestInit) =>
        asFetchResult(
            next({ kind: "resources", detail: String(input), signal: init?.signal ?? undefined }),
            init?.signal ?? undefined,
        )) as typeof fetch;
    return { webAPI, fetch: fetchFake, requests };
}

/** What `context.webAPI` gives for an outcome: the record, or the platform's `{ errorCode, message }` rejection. */
export function asWebApiResult(outcome: Outcome): Promise<never> {
    if (outcome === "hang") return new Promise(() => undefined);
    if ("reject" in outcome) return Promise.reject(outcome.reject);
    if ("json" in outcome && !("status" in outcome)) return Promise.resolve(outcome.json as never);
    const error =
        "json" in outcome ? (outcome.json as { error?: { code?: string; message?: string } })?.error : undefined;
    // The platform gives the error's code as an unsigned number (0x80040220 → 2147746336).
    return Promise.reject({
        errorCode: Number.parseInt(error?.code ?? "0x80040216", 16),
        message: error?.message ?? "An error occurred.",
    });
}

/** What `fetch` gives for an outcome: a Response (any status, any body), or a rejection; "hang" ends only by abort. */
export function asFetchResult(outcome: Outcome, signal: AbortSignal | undefined): Promise<Response> {
    if (outcome === "hang") {
        return new Promise((_, reject) =>
            signal?.addEventListener("abort", () =>
                reject(new DOMException("The operation was aborted.", "AbortError")),
            ),
        );
    }
    if ("reject" in outcome) return Promise.reject(outcome.reject);
    const status = "status" in outcome && outcome.status !== undefined ? outcome.status : 200;
    const body = "body" in outcome ? outcome.body : JSON.stringify(outcome.json ?? null);
    return Promise.resolve({
        ok: status >= 200 && status < 300,
        status,
        text: () => Promise.resolve(body),
    } as Response);
}
