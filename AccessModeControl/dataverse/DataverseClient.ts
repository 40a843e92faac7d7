/**
 * The control's only door to Dataverse: two read-only questions (the user record's facts and the environment's seats),
 * each asked at most once per client, with a timeout, and abandoned when the control is destroyed.
 */
import { normalizeId, RecordFacts, SeatFigures } from "../domain/accessMode";

export type FailureKind = "timeout" | "http" | "server" | "badResponse" | "network" | "aborted";

export class CheckFailure extends Error {
    constructor(
        readonly kind: FailureKind,
        readonly detail: string | null = null,
        readonly status: number | null = null,
    ) {
        super(`${kind}${status === null ? "" : ` ${status}`}${detail === null ? "" : `: ${detail}`}`);
        this.name = "CheckFailure";
    }
}

/** The documented default when the environment's own limit cannot be read. */
export const ASSUMED_NON_INTERACTIVE_LIMIT = 7;
export const DEFAULT_TIMEOUT_MS = 10_000;

type WebApiSubset = Pick<ComponentFramework.WebApi, "retrieveRecord" | "retrieveMultipleRecords">;

export interface DataverseClientOptions {
    webAPI: WebApiSubset;
    fetch?: typeof fetch;
    /** Same-origin Web API root. */
    apiBase?: string;
    timeoutMs?: number;
}

const FACT_COLUMNS = "fullname,islicensed,applicationid";
const NON_INTERACTIVE_COUNT_QUERY = "?$select=systemuserid&$filter=accessmode eq 4 and isdisabled eq false and applicationid eq null";
const EMPTY_GUID = "00000000-0000-0000-0000-000000000000";

export class DataverseClient {
    private readonly webAPI: WebApiSubset;
    private readonly fetchImpl: typeof fetch;
    private readonly apiBase: string;
    private readonly timeoutMs: number;
    private readonly lifetime = new AbortController();
    private readonly cache = new Map<string, Promise<unknown>>();

    constructor(options: DataverseClientOptions) {
        this.webAPI = options.webAPI;
        this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
        this.apiBase = options.apiBase ?? "/api/data/v9.2";
        this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    }

    recordFacts(recordId: string): Promise<RecordFacts> {
        return this.once(`facts:${recordId}`, async () => {
            const record = await this.guard(() => this.webAPI.retrieveRecord("systemuser", recordId, `?$select=${FACT_COLUMNS}`));
            return parseRecordFacts(record);
        });
    }

    seats(): Promise<SeatFigures> {
        return this.once("seats", async () => {
            try {
                return parseOrganizationResources(await this.getJson("RetrieveOrganizationResources()"));
            } catch (primary) {
                if (this.lifetime.signal.aborted) throw primary;
                try {
                    return await this.countNonInteractiveUsers();
                } catch (fallback) {
                    throw this.lifetime.signal.aborted ? fallback : primary;
                }
            }
        });
    }

    /** Abandons every request: in-flight fetches are aborted and no promise of this client resolves afterwards. */
    dispose(): void {
        this.lifetime.abort();
    }

    private async countNonInteractiveUsers(): Promise<SeatFigures> {
        const result = await this.guard(() => this.webAPI.retrieveMultipleRecords("systemuser", NON_INTERACTIVE_COUNT_QUERY));
        if (!result || !Array.isArray(result.entities)) throw new CheckFailure("badResponse");
        return {
            nonInteractiveInUse: result.entities.length,
            nonInteractiveLimit: ASSUMED_NON_INTERACTIVE_LIMIT,
            limitAssumed: true,
            activeInUse: null,
            activeLimit: null,
        };
    }

    private once<T>(key: string, load: () => Promise<T>): Promise<T> {
        let entry = this.cache.get(key) as Promise<T> | undefined;
        if (!entry) {
            entry = load();
            this.cache.set(key, entry);
        }
        // A cached answer still settles after this call returns, so the caller may be destroyed by then: it gets "aborted".
        const ifAlive = (settle: () => T): T => {
            if (this.lifetime.signal.aborted) throw new CheckFailure("aborted");
            return settle();
        };
        return entry.then(
            (value) => ifAlive(() => value),
            (error: unknown) =>
                ifAlive(() => {
                    throw error;
                }),
        );
    }

    private async getJson(path: string): Promise<unknown> {
        // One timeout covers the whole exchange, headers and body.
        const { response, body } = await this.guard(async (signal) => {
            const answer = await this.fetchImpl(`${this.apiBase}/${path}`, {
                method: "GET",
                credentials: "same-origin",
                headers: { Accept: "application/json", "OData-MaxVersion": "4.0", "OData-Version": "4.0" },
                signal,
            });
            if (signal.aborted) throw new CheckFailure("aborted");
            return { response: answer, body: await answer.text() };
        });
        if (!response.ok) throw new CheckFailure("http", serverMessage(body), response.status);
        try {
            return JSON.parse(body) as unknown;
        } catch {
            throw new CheckFailure("badResponse");
        }
    }

    /** Runs one request under the client's lifetime and the timeout; failures become CheckFailures. */
    private guard<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
        const lifetime = this.lifetime.signal;
        if (lifetime.aborted) return Promise.reject(new CheckFailure("aborted"));
        const request = new AbortController();
        return new Promise<T>((resolve, reject) => {
            const finish = (settle: () => void): void => {
                clearTimeout(timer);
                lifetime.removeEventListener("abort", onDispose);
                settle();
            };
            const onDispose = (): void => {
                request.abort();
                finish(() => reject(new CheckFailure("aborted")));
            };
            const timer = setTimeout(() => {
                request.abort();
                finish(() => reject(new CheckFailure("timeout", String(this.timeoutMs / 1000))));
            }, this.timeoutMs);
            lifetime.addEventListener("abort", onDispose);
            let started: Promise<T>;
            try {
                started = Promise.resolve(work(request.signal));
            } catch (error) {
                started = Promise.reject(error);
            }
            started.then(
                (value) => finish(() => resolve(value)),
                (error: unknown) => finish(() => reject(toFailure(error))),
            );
        });
    }
}

function toFailure(error: unknown): CheckFailure {
    if (error instanceof CheckFailure) return error;
    if (error instanceof TypeError) return new CheckFailure("network", error.message || null);
    const message = messageOf(error);
    return new CheckFailure("server", message);
}

/** Platform and harness rejections come as Error objects or as `{ message }` / `{ errorCode, message }` records. */
function messageOf(error: unknown): string | null {
    if (typeof error === "string") return error || null;
    if (error && typeof error === "object" && "message" in error) {
        const message = (error as { message: unknown }).message;
        if (typeof message === "string" && message.trim() !== "") return message;
    }
    return null;
}

function serverMessage(body: string): string | null {
    try {
        const parsed = JSON.parse(body) as { error?: { message?: unknown } };
        const message = parsed?.error?.message;
        return typeof message === "string" && message.trim() !== "" ? message : null;
    } catch {
        return null;
    }
}

function parseRecordFacts(record: unknown): RecordFacts {
    if (!record || typeof record !== "object" || Array.isArray(record)) throw new CheckFailure("badResponse");
    const r = record as Record<string, unknown>;
    const applicationId = typeof r.applicationid === "string" ? normalizeId(r.applicationid) : null;
    return {
        fullName: typeof r.fullname === "string" && r.fullname.trim() !== "" ? r.fullname : null,
        isLicensed: typeof r.islicensed === "boolean" ? r.islicensed : null,
        isApplicationUser: applicationId !== null && applicationId !== EMPTY_GUID,
    };
}

function parseOrganizationResources(body: unknown): SeatFigures {
    const resources = (body as { OrganizationResources?: Record<string, unknown> } | null)?.OrganizationResources;
    const count = (name: string): number | null => {
        const value = resources?.[name];
        return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : null;
    };
    const inUse = count("CurrentNumberOfNonInteractiveUsers");
    const limit = count("MaxNumberOfNonInteractiveUsers");
    if (inUse === null) throw new CheckFailure("badResponse");
    const activeInUse = count("CurrentNumberOfActiveUsers");
    const activeLimit = count("MaxNumberOfActiveUsers");
    return {
        nonInteractiveInUse: inUse,
        nonInteractiveLimit: limit ?? ASSUMED_NON_INTERACTIVE_LIMIT,
        limitAssumed: limit === null,
        activeInUse: activeInUse !== null && activeLimit !== null ? activeInUse : null,
        activeLimit: activeInUse !== null && activeLimit !== null ? activeLimit : null,
    };
}
