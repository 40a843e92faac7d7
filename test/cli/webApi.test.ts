/** amc's Web API client against the scripted Dataverse: headers, paging, waits on service protection limits, timeouts, errors. */
import { CheckFailure } from "../../AccessModeControl/dataverse/responses";
import {
    dataverseError,
    DataverseServer,
    hang,
    ok,
    passThrough,
    Scenario,
    startDataverse,
    tooManyRequests,
} from "../../testkit/dataverseServer";
import { retryAfterMs, Row, WebApi, WebApiOptions } from "../../cli/webApi";
import { environment, TOKEN } from "../../testkit/amcEnvironment";

let server: DataverseServer | null = null;
afterEach(async () => {
    await server?.close();
    server = null;
});

async function client(
    scenario: Scenario,
    options: Partial<WebApiOptions> = {},
): Promise<{ api: WebApi; waits: number[]; server: DataverseServer }> {
    server = await startDataverse(scenario);
    const waits: number[] = [];
    const api = new WebApi({
        origin: server.origin,
        token: () => Promise.resolve(TOKEN),
        sleep: (ms) => {
            waits.push(ms);
            return Promise.resolve();
        },
        ...options,
    });
    return { api, waits, server };
}

async function failure(promise: Promise<unknown>): Promise<CheckFailure> {
    try {
        await promise;
    } catch (error) {
        if (error instanceof CheckFailure) return error;
        throw error;
    }
    throw new Error("no failure");
}

async function all(pages: AsyncGenerator<Row[]>): Promise<Row[]> {
    const rows: Row[] = [];
    for await (const page of pages) rows.push(...page);
    return rows;
}

it("sends the bearer token and the OData headers the facts name", async () => {
    const { api, server } = await client({ environment: environment() });
    await api.get("WhoAmI");
    expect(server.requests[0].headers).toMatchObject({
        authorization: `Bearer ${TOKEN}`,
        accept: "application/json",
        "odata-maxversion": "4.0",
        "odata-version": "4.0",
    });
    expect(server.requests[0].headers.prefer).toBeUndefined();
});

it("reads a collection page by page, asking the same page size on every page, with annotations when asked", async () => {
    const { api, server } = await client({ environment: environment({ generated: 10 }) }, { pageSize: 4 });
    const rows = await all(api.pages("systemusers?$select=fullname"));
    expect(rows).toHaveLength(21);
    expect(server.requests.map((r) => r.headers.prefer)).toEqual(Array(6).fill("odata.maxpagesize=4"));
    await all(api.pages("audits?$select=auditid", { annotations: true }));
    expect(server.requests.at(-1)?.headers.prefer).toBe('odata.maxpagesize=4,odata.include-annotations="*"');
    expect(server.requests).toHaveLength(7);
});

it("follows no next-page link that leaves the environment (the token would go with it)", async () => {
    const { api } = await client({
        environment: environment(),
        faults: { users: ok({ value: [], "@odata.nextLink": "https://attacker.example/api/data/v9.2/systemusers" }) },
    });
    expect(await failure(all(api.pages("systemusers?$select=fullname")))).toMatchObject({
        kind: "badResponse",
        detail: "a next-page link that leaves the environment",
    });
});

it("waits as Retry-After asks after a 429, for reads and writes alike, and after a 503 for reads only", async () => {
    const { api, waits, server } = await client({
        environment: environment(),
        faults: {
            whoAmI: [tooManyRequests(4), { status: 503 }, passThrough()],
            update: [tooManyRequests(2), dataverseError(503, "0x1", "busy")],
        },
    });
    await api.get("WhoAmI");
    expect(waits).toEqual([4000, 2000]);
    expect(
        (await failure(api.update("systemusers(a0000000-0000-4000-8000-000000000002)", { accessmode: 4 }))).status,
    ).toBe(503);
    expect(waits).toEqual([4000, 2000, 2000]);
    expect(server.requests.filter((r) => r.method === "PATCH")).toHaveLength(2);
});

it("gives up when the limit lasts: after the last attempt, or a wait longer than it will make", async () => {
    const limited = await client(
        { environment: environment(), faults: { whoAmI: tooManyRequests(1) } },
        { attempts: 3 },
    );
    expect((await failure(limited.api.get("WhoAmI"))).status).toBe(429);
    expect(limited.waits).toEqual([1000, 1000]);
    await limited.server.close();
    const long = await client({ environment: environment(), faults: { whoAmI: tooManyRequests(600) } });
    expect((await failure(long.api.get("WhoAmI"))).status).toBe(429);
    expect(long.waits).toEqual([]);
});

it("never sends a write again after an error other than 429", async () => {
    for (const reply of [
        dataverseError(500, "0x80040216", "An unexpected error occurred."),
        { status: 0, destroy: true },
    ]) {
        const { api, server } = await client({ environment: environment(), faults: { create: reply } });
        await expect(api.create("systemusers", { accessmode: 4 })).rejects.toBeInstanceOf(CheckFailure);
        expect(server.requests.filter((r) => r.method === "POST")).toHaveLength(1);
        await server.close();
    }
});

it("times out a request that does not answer, the body included", async () => {
    const { api } = await client({ environment: environment(), faults: { whoAmI: hang() } }, { timeoutMs: 200 });
    expect(await failure(api.get("WhoAmI"))).toMatchObject({ kind: "timeout", detail: "0.2" });
});

it("waits for a slow answer within the timeout", async () => {
    const { api } = await client(
        { environment: environment(), faults: { whoAmI: ok({ UserId: "a0000000-0000-4000-8000-000000000001" }, 300) } },
        { timeoutMs: 2000 },
    );
    expect(await api.get("WhoAmI")).toEqual({ UserId: "a0000000-0000-4000-8000-000000000001" });
});

it("shows the server's error message as text, or a plain excerpt of a body that is not Dataverse's error shape", async () => {
    const { api } = await client({
        environment: environment(),
        faults: {
            whoAmI: [
                dataverseError(403, "0x80040220", "Principal user is missing prvReadUser privilege."),
                { status: 502, rawBody: "<html><body>Bad\u001b[31m gateway</body></html>" },
                { status: 500 },
            ],
        },
    });
    expect(await failure(api.get("WhoAmI"))).toMatchObject({
        kind: "http",
        status: 403,
        detail: "Principal user is missing prvReadUser privilege.",
    });
    expect(await failure(api.get("WhoAmI"))).toMatchObject({
        kind: "http",
        status: 502,
        detail: "<html><body>Bad [31m gateway</body></html>",
    });
    expect(await failure(api.get("WhoAmI"))).toMatchObject({ kind: "http", status: 500, detail: null });
});

it("reads Retry-After as seconds or as an HTTP date, and backs off 1, 2, 4 s without one", () => {
    const now = Date.parse("2026-12-01T10:00:00Z");
    expect(retryAfterMs("17", 1, now)).toBe(17_000);
    expect(retryAfterMs("Tue, 01 Dec 2026 10:00:30 GMT", 1, now)).toBe(30_000);
    expect(retryAfterMs("Tue, 01 Dec 2026 09:00:00 GMT", 1, now)).toBe(0);
    expect([1, 2, 3].map((attempt) => retryAfterMs(null, attempt, now))).toEqual([1000, 2000, 4000]);
});

describe("what a misbehaving server can make it do", () => {
    it("reads at most 2,000,000 rows' worth of pages: 4 pages of 500,000, then one sentence", async () => {
        const { api, server } = await client(
            { environment: environment(), faults: { users: { status: 200, body: { value: [] }, nextLink: "fresh" } } },
            { pageSize: 500_000 },
        );
        expect((await failure(all(api.pages("systemusers?$select=systemuserid")))).detail).toBe(
            "more than 4 pages, so amc stopped reading them",
        );
        expect(server.requests).toHaveLength(4);
    });

    it("refuses a page larger than it asked for", async () => {
        const { api } = await client(
            {
                environment: environment(),
                faults: { users: ok({ value: [{ systemuserid: "a" }, { systemuserid: "b" }] }) },
            },
            { pageSize: 1 },
        );
        expect((await failure(all(api.pages("systemusers?$select=systemuserid")))).detail).toBe(
            "a page of more than the 1 rows asked for",
        );
    });

    it("follows no redirect and names only the host it pointed to", async () => {
        const { api, server } = await client({
            environment: environment(),
            faults: { whoAmI: { status: 301, headers: { Location: "https://elsewhere.example/steal?token=1" } } },
        });
        const error = await failure(api.get("WhoAmI"));
        expect([error.status, error.detail, server.requests.length]).toEqual([
            301,
            "a redirect to elsewhere.example",
            1,
        ]);
    });
});
