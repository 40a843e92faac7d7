/**
 * A scripted stand-in for a Dataverse environment, one per test, on 127.0.0.1 and a free port:
 *   /host/…      the host page that plays the model-driven form (testkit/host)
 *   /vendor/…    the platform libraries, from node_modules: React 16.14.0, ReactDOM 16.14.0, Fluent UI 8.29.0 (UMD)
 *   /control/…   the production build (out/controls/AccessModeControl: bundle.js, strings/*.resx)
 *   /scenario.json  what the form knows (value, record id, current user, field security …)
 *   /api/data/v9.2/…  the Web API, answered like Dataverse (shapes: ../shared/dataverse-facts.md §4)
 *   /msi/token   with an environment: an App Service managed identity endpoint (IDENTITY_ENDPOINT) issuing its token
 * Every Web API request is logged with its headers (and body), and whether the client gave up on it.
 *
 * The control's scenarios script the two reads the control makes; any write is refused. A scenario with an `environment`
 * (environment.ts) is a whole Dataverse for the `amc` command line: users, WhoAmI, business units, audit, and writes
 * when it allows them. Any scripted answer may be a list of replies, used in turn, the last one repeating; `faults`
 * put such a list before an environment's own answers (`passThrough()` lets the environment answer).
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as path from "node:path";
import { normalizeId } from "../AccessModeControl/domain/accessMode";
import { answerEnvironment, ApiRequest, dataverseErrorBody, Environment, ORG_URL, Route, routeOf } from "./environment";
import { CONTROL_OUT_DIR, HOST_DIR, NODE_MODULES } from "./paths";

export interface Reply {
    status: number;
    body?: unknown;
    /** Answer only after this many milliseconds. */
    delayMs?: number;
    /** Never answer (until the test ends). */
    hang?: boolean;
    /** Response headers beyond the usual ones (Retry-After …). */
    headers?: Record<string, string>;
    /** Send this text as the body instead of `body` as JSON (a broken answer). */
    rawBody?: string;
    /** Close the connection instead of answering. */
    destroy?: boolean;
    /** In `faults`: let the environment answer this request. */
    passThrough?: boolean;
    /** In `faults`: the environment answers first (a write is applied), then this reply is sent instead of its answer. */
    applyFirst?: boolean;
    /** After the headers, write this text again and again until the client goes away (an answer without end). */
    endlessBody?: string;
    /** Add an `@odata.nextLink` to the body: the request's own URL (`same`), or a new one each time (`fresh`). */
    nextLink?: "same" | "fresh";
}

/** One reply, or a list of replies used in turn, the last one repeating (e.g. seats 3 of 7, then 4 of 7 after a save). */
export type Answer<T = Reply> = T | readonly T[];

export interface UserRecord {
    fullname: string;
    islicensed: boolean;
    applicationid?: string | null;
    isdisabled?: boolean;
    accessmode?: number;
}

export interface FormState {
    /** The value the form loads with (null: empty). */
    value: number | null;
    /** Record id as the form reports it in context.mode.contextInfo.entityId; null on a create form. */
    entityId: string | null;
    /** context.userSettings.userId, with braces and upper case as model-driven apps return it. */
    userId: string;
    /** Shown in the host page's header (the form's record name). */
    recordName?: string;
    isControlDisabled?: boolean;
    security?: { editable?: boolean; readable?: boolean; secured?: boolean };
    defaultInteractiveMode?: "0" | "1";
    /** Whether attributes.Options carries the column's metadata (true on a real form). */
    withOptionMetadata?: boolean;
}

export interface Scenario {
    /** What the host page's form shows (the control's scenarios). */
    form?: FormState;
    /** Answer to GET systemusers(<id>)?$select=…; a UserRecord means 200 with that record. */
    record?: Answer<UserRecord | Reply>;
    /** Answer to GET RetrieveOrganizationResources(). */
    organizationResources?: Answer;
    /** Answer to the fallback count (GET systemusers?$select=systemuserid&$filter=accessmode eq 4 …). */
    nonInteractiveUsers?: Answer;
    /** A whole environment for the command line (environment.ts); the scripted answers above still come first. */
    environment?: Environment;
    /** Answers that come before the environment's own, per route. */
    faults?: Partial<Record<Route, Answer>>;
}

export interface LoggedRequest {
    method: string;
    /** Path after /api/data/v9.2/, undecoded. */
    resource: string;
    /** Decoded query string, e.g. "?$select=fullname,islicensed,isdisabled,applicationid". */
    query: string;
    headers: http.IncomingHttpHeaders;
    /** The request body (writes only). */
    body?: string;
    /** The browser closed the connection before an answer was sent (a timeout or an abort). */
    aborted: boolean;
}

export interface DataverseServer {
    readonly origin: string;
    readonly hostUrl: string;
    readonly requests: LoggedRequest[];
    /** Requests for anything the server does not know (must stay empty). */
    readonly unexpected: string[];
    webApi(match: (r: LoggedRequest) => boolean): LoggedRequest[];
    close(): Promise<void>;
}

const API_ROOT = "/api/data/v9.2/";
/** The secret a managed identity request must carry (IDENTITY_HEADER, sent as X-IDENTITY-HEADER). */
export const MANAGED_IDENTITY_HEADER = "amc-test-identity-header";

export function ok(body: unknown, delayMs?: number): Reply {
    return { status: 200, body, delayMs };
}
export function hang(): Reply {
    return { status: 0, hang: true };
}
/** In `faults`: the environment's own answer. */
export function passThrough(): Reply {
    return { status: 0, passThrough: true };
}
/** In `faults`: a write the environment makes, answered with `reply` instead — a lost or broken answer to a change that happened. */
export function afterApplying(reply: Reply): Reply {
    return { ...reply, applyFirst: true };
}
/** A service protection refusal: 429 with Retry-After in seconds (Learn, "Service protection API limits"). */
export function tooManyRequests(retryAfterSeconds: number): Reply {
    return {
        status: 429,
        headers: { "Retry-After": String(retryAfterSeconds) },
        body: dataverseErrorBody(
            "0x80072322",
            "Number of requests exceeded the limit of 6000 over time window of 300 seconds.",
        ),
    };
}
/** A Dataverse error response: {"error": {"code": "0x…", "message": "…"}}. */
export function dataverseError(status: number, code: string, message: string): Reply {
    return { status, body: dataverseErrorBody(code, message) };
}

export function organizationResources(
    nonInteractive: number,
    maxNonInteractive: number,
    active = 41,
    maxActive = 50,
): Reply {
    return ok({
        "@odata.context": `${ORG_URL}/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.RetrieveOrganizationResourcesResponse`,
        OrganizationResources: {
            CurrentNumberOfActiveUsers: active,
            MaxNumberOfActiveUsers: maxActive,
            CurrentNumberOfNonInteractiveUsers: nonInteractive,
            MaxNumberOfNonInteractiveUsers: maxNonInteractive,
            CurrentNumberOfCustomEntities: 12,
            MaxNumberOfCustomEntities: 300,
            CurrentNumberOfPublishedWorkflows: 3,
            MaxNumberOfPublishedWorkflows: 200,
            CurrentStorage: 1536,
            MaxStorage: 10240,
        },
    });
}

export function nonInteractiveUsers(count: number): Reply {
    const value = Array.from({ length: count }, (_, i) => ({
        "@odata.etag": `W/"${1000 + i}"`,
        systemuserid: `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
    }));
    return ok({ "@odata.context": `${ORG_URL}/api/data/v9.2/$metadata#systemusers(systemuserid)`, value });
}

const STATIC_ROUTES: [prefix: string, dir: string][] = [
    ["/host/", HOST_DIR],
    ["/control/", CONTROL_OUT_DIR],
    ["/vendor/react/", path.join(NODE_MODULES, "react", "umd")],
    ["/vendor/react-dom/", path.join(NODE_MODULES, "react-dom", "umd")],
    ["/vendor/fluentui-react/", path.join(NODE_MODULES, "@fluentui", "react", "dist")],
];

const TYPES: Record<string, string> = {
    ".html": "text/html; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".resx": "application/xml; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
};

const FACT_SELECT = "?$select=fullname,islicensed,isdisabled,applicationid";
const COUNT_QUERY = "?$select=systemuserid&$filter=accessmode eq 4 and isdisabled eq false and applicationid eq null";

/** Starts the server on 127.0.0.1, or on the address given (`::1` for IPv6 loopback). */
export async function startDataverse(scenario: Scenario, host = "127.0.0.1"): Promise<DataverseServer> {
    const requests: LoggedRequest[] = [];
    const unexpected: string[] = [];
    const sockets = new Set<net.Socket>();
    const timers = new Set<NodeJS.Timeout>();

    let origin = "";
    const server = http.createServer((req, res) => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        if (url.pathname.startsWith(API_ROOT)) return webApi(req, res, url);
        if (req.method !== "GET") return notFound(res, `${req.method} ${url.pathname}`);
        if (url.pathname === "/scenario.json") return send(res, 200, { form: scenario.form });
        if (url.pathname === "/msi/token" && scenario.environment?.token !== undefined)
            return managedIdentityToken(req, res, url, scenario.environment.token);
        if (url.pathname === "/favicon.ico") return void res.writeHead(204).end();
        for (const [prefix, dir] of STATIC_ROUTES) {
            if (!url.pathname.startsWith(prefix)) continue;
            const file = path.resolve(dir, decodeURIComponent(url.pathname.slice(prefix.length)) || "index.html");
            if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) break;
            res.writeHead(200, {
                "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream",
                "Cache-Control": "no-store",
            });
            fs.createReadStream(file).pipe(res);
            return;
        }
        notFound(res, `GET ${url.pathname}`);
    });

    function notFound(res: http.ServerResponse, what: string): void {
        unexpected.push(what);
        res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
    }

    function webApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
        const entry: LoggedRequest = {
            method: req.method ?? "",
            resource: url.pathname.slice(API_ROOT.length),
            query: decodeURIComponent(url.search),
            headers: req.headers,
            aborted: false,
        };
        requests.push(entry);
        res.on("close", () => {
            if (!res.writableFinished) entry.aborted = true;
        });
        if (entry.method === "GET") return reply(res, entry, url);
        let body = "";
        req.setEncoding("utf8");
        req.on("data", (chunk: string) => (body += chunk));
        req.on("end", () => {
            entry.body = body;
            reply(res, entry, url);
        });
    }

    function reply(res: http.ServerResponse, entry: LoggedRequest, url: URL): void {
        const reply = answer(entry, url);
        if (reply.hang) return;
        const respond = (): void => {
            if (res.destroyed) return;
            if (reply.destroy) return void res.socket?.destroy();
            if (reply.endlessBody !== undefined) return endless(res, reply.status, reply.endlessBody);
            const body =
                reply.nextLink === undefined
                    ? reply.body
                    : {
                          ...(reply.body as object),
                          "@odata.nextLink": `${origin}${url.pathname}${reply.nextLink === "same" ? url.search : `${url.search}${url.search ? "&" : "?"}page=${++freshLinks}`}`,
                      };
            send(res, reply.status, body, reply.headers, reply.rawBody);
        };
        if (reply.delayMs) {
            const timer = setTimeout(() => {
                timers.delete(timer);
                respond();
            }, reply.delayMs);
            timers.add(timer);
        } else respond();
    }

    let freshLinks = 0;
    const turns = new Map<string, number>();
    /** The next of a scripted answer's replies: each in turn, the last one repeating. */
    function inTurn<T>(key: string, scripted: Answer<T>): T {
        if (!Array.isArray(scripted)) return scripted as T;
        const list = scripted as readonly T[];
        const turn = turns.get(key) ?? 0;
        turns.set(key, turn + 1);
        return list[Math.min(turn, list.length - 1)];
    }

    function answer(r: LoggedRequest, url: URL): Reply {
        const route = scenario.environment ? routeOf(r) : null;
        const fault = route === null ? undefined : scenario.faults?.[route];
        const scripted = fault === undefined ? null : inTurn(`fault:${route}`, fault);
        if (scripted && !scripted.passThrough) {
            if (scripted.applyFirst && route !== null && scenario.environment)
                environmentAnswer(scenario.environment, route, r, url);
            return scripted;
        }
        if (route !== null && scenario.environment) return environmentAnswer(scenario.environment, route, r, url);
        return controlAnswer(r);
    }

    function environmentAnswer(env: Environment, route: Route, r: LoggedRequest, url: URL): Reply {
        if (env.token !== undefined && r.headers.authorization !== `Bearer ${env.token}`) {
            return {
                status: 401,
                headers: {
                    "WWW-Authenticate": `Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize, resource_id=${origin}/`,
                },
            };
        }
        if (r.method !== "GET" && !env.writes) return refusedWrite(r);
        if (route === "organizationResources") {
            return scenario.organizationResources
                ? inTurn("organizationResources", scenario.organizationResources)
                : organizationResources(env.users.seatHolders(), env.nonInteractiveLimit ?? 7);
        }
        const request: ApiRequest = {
            method: r.method,
            resource: r.resource,
            search: url.search,
            headers: r.headers,
            body: r.body ?? "",
            origin,
        };
        return answerEnvironment(env, route, request);
    }

    function refusedWrite(r: LoggedRequest): Reply {
        return dataverseError(
            405,
            "0x80060888",
            `The e2e Dataverse only answers reads; the control sent ${r.method} ${r.resource}.`,
        );
    }

    /** Dataverse-like routing of the two reads the control may make (and a refusal of everything else). */
    function controlAnswer(r: LoggedRequest): Reply {
        if (r.method !== "GET") {
            return refusedWrite(r);
        }
        if (r.resource === "RetrieveOrganizationResources()") {
            return scenario.organizationResources
                ? inTurn("organizationResources", scenario.organizationResources)
                : organizationResources(3, 7);
        }
        const single = /^systemusers\(([0-9a-fA-F-]{36})\)$/.exec(r.resource);
        if (single) {
            const id = single[1].toLowerCase();
            const record = scenario.record && inTurn("record", scenario.record);
            if (record && "status" in record) return record;
            if (!record || id !== normalizeId(scenario.form?.entityId ?? null)) {
                return dataverseError(404, "0x80040217", `systemuser With Id = ${id} Does Not Exist`);
            }
            if (r.query !== FACT_SELECT && !r.query.startsWith("?$select=")) {
                return dataverseError(400, "0x80060888", `Unexpected query for a single user: ${r.query}`);
            }
            return ok(userBody(id, record, r.query));
        }
        if (r.resource === "systemusers") {
            if (r.query !== COUNT_QUERY) return dataverseError(400, "0x80060888", `Unexpected user query: ${r.query}`);
            return scenario.nonInteractiveUsers
                ? inTurn("nonInteractiveUsers", scenario.nonInteractiveUsers)
                : nonInteractiveUsers(0);
        }
        return dataverseError(404, "0x8006088a", `Resource not found for the segment '${r.resource}'.`);
    }

    server.on("connection", (socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, host, () => resolve());
    });
    const { port } = server.address() as net.AddressInfo;
    origin = `http://${net.isIPv6(host) ? `[${host}]` : host}:${port}`;

    return {
        origin,
        hostUrl: `${origin}/host/index.html`,
        requests,
        unexpected,
        webApi: (match) => requests.filter(match),
        close: () =>
            new Promise<void>((resolve) => {
                for (const timer of timers) clearTimeout(timer);
                // The listening handle lets go of the server (and its scenario) in the event loop's close phase, after this
                // callback: resolving a turn later means nothing of it is alive afterwards (the audit bench's heap baseline).
                server.close(() => setTimeout(resolve, 0));
                for (const socket of sockets) socket.destroy();
            }),
    };
}

/** What App Service's identity endpoint answers: the token for the resource asked, as seconds-since-epoch expiry. */
function managedIdentityToken(req: http.IncomingMessage, res: http.ServerResponse, url: URL, token: string): void {
    if (req.headers["x-identity-header"] !== MANAGED_IDENTITY_HEADER)
        return send(res, 401, { error: "invalid_request", error_description: "X-IDENTITY-HEADER is missing or wrong" });
    const resource = url.searchParams.get("resource");
    if (url.searchParams.get("api-version") !== "2019-08-01" || !resource)
        return send(res, 400, { error: "invalid_request", error_description: "api-version and resource are required" });
    send(res, 200, {
        access_token: token,
        expires_on: String(Math.floor(Date.now() / 1000) + 3600),
        resource,
        token_type: "Bearer",
        client_id: "f1000000-0000-4000-8000-000000000001",
    });
}

function userBody(id: string, record: UserRecord, query: string): Record<string, unknown> {
    const columns = query
        .replace(/^\?\$select=/, "")
        .split("&")[0]
        .split(",");
    const full: Record<string, unknown> = {
        fullname: record.fullname,
        islicensed: record.islicensed,
        applicationid: record.applicationid ?? null,
        isdisabled: record.isdisabled ?? false,
        accessmode: record.accessmode ?? null,
    };
    const body: Record<string, unknown> = {
        "@odata.context": `${ORG_URL}/api/data/v9.2/$metadata#systemusers(${columns.join(",")})/$entity`,
        "@odata.etag": 'W/"4711"',
    };
    for (const column of columns) if (column in full) body[column] = full[column];
    body.systemuserid = id; // Dataverse always returns the primary key
    return body;
}

/** An answer that never ends: the text written again and again while the client reads. */
function endless(res: http.ServerResponse, status: number, chunk: string): void {
    res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
    const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", pump);
    };
    pump();
}

function send(
    res: http.ServerResponse,
    status: number,
    body: unknown,
    extra: Record<string, string> = {},
    rawBody?: string,
): void {
    const headers: http.OutgoingHttpHeaders = { "Cache-Control": "no-cache", "OData-Version": "4.0", ...extra };
    if (body === undefined && rawBody === undefined) return void res.writeHead(status, headers).end();
    res.writeHead(status, {
        ...headers,
        "Content-Type": "application/json; odata.metadata=minimal; charset=utf-8",
    }).end(rawBody ?? JSON.stringify(body));
}
