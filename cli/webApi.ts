/**
 * amc's Dataverse Web API v9.2 client (why our own and not dynamics-web-api: docs/amc.md). Over Node's fetch it adds what
 * every request needs: a bearer token, the OData headers, a timeout covering the whole exchange, and waits on service
 * protection limits — after a 429 (which Dataverse did not process) for any request, after a 503 for reads only, as long
 * as Retry-After asks (else 1, 2, 4 … s). A write is never sent again for any other reason. Collections are read page by
 * page (`Prefer: odata.maxpagesize`, following `@odata.nextLink`), so a caller holds one page at a time. Every failure is a
 * CheckFailure, the control's own: an HTTP error carries Dataverse's message (`{"error":{"code","message"}}`) as text.
 * What a misbehaving server can do is bounded: no redirect is followed (a 3xx is an error naming where it pointed), an
 * answer is read up to MAX_ANSWER_BYTES, a collection up to MAX_PAGES pages and never through the same next-page link
 * twice, and a server's text is cut to a few hundred characters.
 */
import { createHash } from "node:crypto";
import { normalizeId } from "../AccessModeControl/domain/accessMode";
import { ODATA_HEADERS, timed } from "../AccessModeControl/dataverse/request";
import { CheckFailure, serverCode, serverMessage } from "../AccessModeControl/dataverse/responses";
import { capped, plain } from "./output";

export const DEFAULT_TIMEOUT_MS = 30_000;
/** Dataverse's default and largest page (Learn, "Page results"). */
export const DEFAULT_PAGE_SIZE = 5000;
const DEFAULT_ATTEMPTS = 5;
/** Dataverse asks for waits of up to five minutes (Learn, "Service protection API limits"). */
const DEFAULT_LONGEST_WAIT_MS = 300_000;
/** A page of 5,000 users of amc's columns is about 3 MB; an answer beyond this is not Dataverse's. */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;
/**
 * The most rows a collection may have: Dataverse's user table stays far below a million rows, and the audit rows amc reads
 * are those of user updates within the retention period. MAX_PAGES pages of the page size asked for cover them.
 */
const MAX_ROWS = 2_000_000;

export interface WebApiOptions {
    /** The environment's origin, e.g. https://contoso.crm.dynamics.com. */
    origin: string;
    /** A valid access token for the environment, each time it is asked. */
    token: () => Promise<string>;
    fetch?: typeof fetch;
    timeoutMs?: number;
    pageSize?: number;
    /** Sends of one request at most, waits included. */
    attempts?: number;
    longestWaitMs?: number;
    sleep?: (ms: number) => Promise<void>;
    /** Told of every wait on a service protection limit. */
    onWait?: (ms: number, status: number) => void;
}

export type Row = Record<string, unknown>;

/** A real wait (tests inject one that takes no time). */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Exchange {
    status: number;
    headers: Headers;
    text: string;
}

export class WebApi {
    private readonly root: string;
    private readonly fetchImpl: typeof fetch;
    private readonly timeoutMs: number;
    private readonly pageSize: number;
    private readonly attempts: number;
    private readonly longestWaitMs: number;
    private readonly sleep: (ms: number) => Promise<void>;

    constructor(private readonly options: WebApiOptions) {
        this.root = `${options.origin}/api/data/v9.2/`;
        this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
        this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
        this.attempts = options.attempts ?? DEFAULT_ATTEMPTS;
        this.longestWaitMs = options.longestWaitMs ?? DEFAULT_LONGEST_WAIT_MS;
        this.sleep = options.sleep ?? sleep;
    }

    /** GET of one resource (a record, a function's answer) as JSON. */
    async get(path: string, options: { annotations?: boolean } = {}): Promise<Row> {
        return parseJson((await this.ok("GET", this.root + path, preferences(options.annotations, null))).text);
    }

    /** The rows of a collection, one page at a time. */
    async *pages(path: string, options: { annotations?: boolean } = {}): AsyncGenerator<Row[]> {
        const prefer = preferences(options.annotations, this.pageSize);
        const maxPages = Math.ceil(MAX_ROWS / this.pageSize);
        // Digests of the links followed, not the links: memory stays small whatever a server puts in them.
        const followed = new Set<string>();
        for (let url: string | null = this.root + path; url !== null;) {
            const body = parseJson((await this.ok("GET", url, prefer)).text);
            if (!Array.isArray(body.value)) throw new CheckFailure("badResponse");
            if (body.value.length > this.pageSize)
                throw new CheckFailure("badResponse", `a page of more than the ${this.pageSize} rows asked for`);
            yield body.value as Row[];
            url = this.nextLink(body["@odata.nextLink"]);
            if (url === null) break;
            const digest = createHash("sha256").update(url).digest("base64");
            if (followed.has(digest))
                throw new CheckFailure("badResponse", "the same next-page link came twice, so amc stopped reading it");
            if (followed.size + 1 >= maxPages)
                throw new CheckFailure("badResponse", `more than ${maxPages} pages, so amc stopped reading them`);
            followed.add(digest);
        }
    }

    /** PATCH of an existing record only (`If-Match: *`: never an upsert that creates one). */
    async update(path: string, changes: Row): Promise<void> {
        await this.ok("PATCH", this.root + path, { "If-Match": "*" }, changes);
    }

    /** POST of a new record; the answer's `OData-EntityId` names it. */
    async create(entitySet: string, record: Row): Promise<string> {
        const { headers } = await this.ok("POST", this.root + entitySet, {}, record);
        const id = /\(([0-9a-fA-F-]{36})\)$/.exec(headers.get("OData-EntityId") ?? "")?.[1];
        if (id === undefined) throw new CheckFailure("badResponse");
        return normalizeId(id)!;
    }

    /** Only a link back to this environment is followed: the token must never go anywhere else. */
    private nextLink(link: unknown): string | null {
        if (link === undefined || link === null) return null;
        if (typeof link !== "string" || !link.startsWith(this.root))
            throw new CheckFailure("badResponse", "a next-page link that leaves the environment");
        return link;
    }

    private async ok(method: string, url: string, headers: Record<string, string>, body?: Row): Promise<Exchange> {
        const exchange = await this.send(method, url, headers, body);
        if (exchange.status >= 300 && exchange.status < 400)
            throw new CheckFailure(
                "http",
                `a redirect to ${redirectTarget(exchange.headers.get("Location"), url)}`,
                exchange.status,
            );
        if (exchange.status < 200 || exchange.status > 299)
            throw new CheckFailure(
                "http",
                capped(serverMessage(exchange.text) ?? excerpt(exchange.text) ?? "") || null,
                exchange.status,
                serverCode(exchange.text),
            );
        return exchange;
    }

    private async send(method: string, url: string, headers: Record<string, string>, body?: Row): Promise<Exchange> {
        for (let attempt = 1; ; attempt++) {
            const exchange = await this.once(method, url, headers, body);
            const limited = exchange.status === 429 || (exchange.status === 503 && method === "GET");
            const wait = limited ? retryAfterMs(exchange.headers.get("Retry-After"), attempt) : null;
            if (wait === null || attempt >= this.attempts || wait > this.longestWaitMs) return exchange;
            this.options.onWait?.(wait, exchange.status);
            await this.sleep(wait);
        }
    }

    /** One send, its answer read in full within the timeout. */
    private async once(method: string, url: string, headers: Record<string, string>, body?: Row): Promise<Exchange> {
        const token = await this.options.token();
        return timed(
            this.timeoutMs,
            async (signal) => {
                const response = await this.fetchImpl(url, {
                    method,
                    headers: {
                        Authorization: `Bearer ${token}`,
                        ...ODATA_HEADERS,
                        ...(body === undefined ? {} : { "Content-Type": "application/json; charset=utf-8" }),
                        ...headers,
                    },
                    body: body === undefined ? undefined : JSON.stringify(body),
                    signal,
                    redirect: "manual",
                });
                return { status: response.status, headers: response.headers, text: await readText(response) };
            },
            networkFailure,
        );
    }
}

/** A failed send: the network's own code or message (ECONNREFUSED …). */
function networkFailure(error: unknown): CheckFailure {
    if (error instanceof CheckFailure) return error;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return new CheckFailure("network", capped(cause?.code ?? cause?.message ?? (error as Error).message ?? "") || null);
}

/** The body as text, read up to MAX_ANSWER_BYTES (then the request is given up). */
async function readText(response: Response): Promise<string> {
    if (response.body === null) return "";
    const decoder = new TextDecoder();
    let text = "";
    let bytes = 0;
    const reader = response.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        bytes += chunk.value.byteLength;
        if (bytes > MAX_ANSWER_BYTES) {
            await reader.cancel();
            throw new CheckFailure("badResponse", `an answer larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB`);
        }
        text += decoder.decode(chunk.value, { stream: true });
    }
    return text + decoder.decode();
}

/** Where a redirect points: its host (never its path or query, which may carry anything). */
function redirectTarget(location: string | null, from: string): string {
    try {
        return location === null ? "no address" : new URL(location, from).host || "no host";
    } catch {
        return "an address that is not a URL";
    }
}

function preferences(annotations: boolean | undefined, pageSize: number | null): Record<string, string> {
    const prefer = [
        ...(pageSize === null ? [] : [`odata.maxpagesize=${pageSize}`]),
        ...(annotations ? ['odata.include-annotations="*"'] : []),
    ];
    return prefer.length === 0 ? {} : { Prefer: prefer.join(",") };
}

function parseJson(text: string): Row {
    try {
        const body = JSON.parse(text) as unknown;
        if (body && typeof body === "object" && !Array.isArray(body)) return body as Row;
    } catch {
        // fall through
    }
    throw new CheckFailure("badResponse");
}

/** How long Retry-After asks to wait (seconds or an HTTP date); without one, 1, 2, 4 … seconds by attempt. */
export function retryAfterMs(header: string | null, attempt: number, now = Date.now()): number {
    const value = header?.trim() ?? "";
    if (/^\d+$/.test(value)) return Number(value) * 1000;
    const date = Date.parse(value);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
    return 1000 * 2 ** (attempt - 1);
}

/** A body that is not Dataverse's error shape, as one short line of plain text; null when there is nothing to show. */
function excerpt(text: string): string | null {
    const line = plain(text).replace(/\s+/g, " ").trim();
    if (line === "") return null;
    return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
