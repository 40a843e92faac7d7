/**
 * The control's only door to Dataverse: two read-only questions (the user record's facts and the environment's seats), each
 * asked once per round, with a timeout, and abandoned when the control is destroyed. A new round (a Retry, a detected save)
 * asks again with exactly one request.
 */
import { RecordFacts, SeatFigures } from "../domain/accessMode";
import { nonBlank } from "../domain/text";
import { ODATA_HEADERS, timed } from "./request";
import {
    CheckFailure,
    FACT_COLUMNS,
    NON_INTERACTIVE_SEAT_FILTER,
    parseOrganizationResources,
    parseRecordFacts,
    seatsFromCount,
    seatsOrCount,
    serverMessage,
} from "./responses";

export const DEFAULT_TIMEOUT_MS = 10_000;

type WebApiSubset = Pick<ComponentFramework.WebApi, "retrieveRecord" | "retrieveMultipleRecords">;

export interface DataverseClientOptions {
    webAPI: WebApiSubset;
    fetch?: typeof fetch;
    /** Same-origin Web API root. */
    apiBase?: string;
    timeoutMs?: number;
}

const NON_INTERACTIVE_COUNT_QUERY = `?$select=systemuserid&$filter=${NON_INTERACTIVE_SEAT_FILTER}`;

/** Where the seat figures come from: the organization's own figures, or the count of the users that take a seat. */
type SeatsSource = "resources" | "count";

export class DataverseClient {
    readonly #webAPI: WebApiSubset;
    readonly #fetchImpl: typeof fetch;
    readonly #apiBase: string;
    readonly #timeoutMs: number;
    readonly #lifetime = new AbortController();
    readonly #cache = new Map<string, Promise<unknown>>();
    /** Where a later round asks: the function, until it refuses with a client error (401, 403, 404 …) or the count answers. */
    #seatsSource: SeatsSource = "resources";

    constructor(options: DataverseClientOptions) {
        this.#webAPI = options.webAPI;
        this.#fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
        this.#apiBase = options.apiBase ?? "/api/data/v9.2";
        this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    }

    /** The record's facts; each round (0 when none is given) is asked once. */
    recordFacts(recordId: string, round?: number): Promise<RecordFacts> {
        return this.#once(`facts:${recordId}:${round ?? 0}`, async () => {
            const record = await this.#guard(() =>
                this.#webAPI.retrieveRecord("systemuser", recordId, `?$select=${FACT_COLUMNS}`),
            );
            return parseRecordFacts(record);
        });
    }

    /**
     * The seats; each round (0 when none is given) is asked once. Round 0 asks RetrieveOrganizationResources() and falls back
     * to counting users; later rounds send one request, to the function unless it refused or the count answered instead.
     */
    seats(round?: number): Promise<SeatFigures> {
        return this.#once(`seats:${round ?? 0}`, () =>
            !round
                ? seatsOrCount(
                      () => this.#readResources(),
                      () => this.#readCount(),
                  )
                : this.#seatsSource === "count"
                  ? this.#readCount()
                  : this.#readResources(),
        );
    }

    /** Abandons every request: in-flight fetches are aborted and no promise of this client resolves afterwards. */
    dispose(): void {
        this.#lifetime.abort();
    }

    async #readResources(): Promise<SeatFigures> {
        try {
            return parseOrganizationResources(await this.#getJson("RetrieveOrganizationResources()"));
        } catch (error) {
            if (isRefusal(error)) this.#seatsSource = "count";
            throw error;
        }
    }

    async #readCount(): Promise<SeatFigures> {
        const result = await this.#guard(() =>
            this.#webAPI.retrieveMultipleRecords("systemuser", NON_INTERACTIVE_COUNT_QUERY),
        );
        if (!result || !Array.isArray(result.entities)) throw new CheckFailure("badResponse");
        this.#seatsSource = "count";
        return seatsFromCount(result.entities.length);
    }

    #once<T>(key: string, load: () => Promise<T>): Promise<T> {
        let entry = this.#cache.get(key) as Promise<T> | undefined;
        if (!entry) {
            entry = load();
            this.#cache.set(key, entry);
        }
        // A cached answer still settles after this call returns, so the caller may be destroyed by then: it gets "aborted".
        return entry.finally(() => {
            if (this.#lifetime.signal.aborted) throw new CheckFailure("aborted");
        });
    }

    async #getJson(path: string): Promise<unknown> {
        // One timeout covers the whole exchange, headers and body.
        const { response, body } = await this.#guard(async (signal) => {
            const answer = await this.#fetchImpl(`${this.#apiBase}/${path}`, {
                method: "GET",
                credentials: "same-origin",
                headers: ODATA_HEADERS,
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
    #guard<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
        return timed(this.#timeoutMs, work, toFailure, this.#lifetime.signal);
    }
}

/** A client error other than "too many requests" or "timeout": the same question would be refused again. */
function isRefusal(error: unknown): boolean {
    const status = error instanceof CheckFailure && error.kind === "http" ? error.status : null;
    return status !== null && status >= 400 && status < 500 && status !== 408 && status !== 429;
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
    return error && typeof error === "object" && "message" in error ? nonBlank(error.message) : null;
}
