/**
 * The scripted Dataverse answers the command line as Dataverse does, and refuses what Dataverse refuses (a fake that accepts
 * more hides bugs): the OData it understands (and the 400 for what it does not), paging, the audit log's attributemask,
 * writes checked column by column, the token it wants. How the fake works inside is not tested here; the CLI tests use it.
 */
import { DataverseServer, Scenario, startDataverse } from "../../testkit/dataverseServer";
import { ADMIN, APP, BUSINESS_UNIT, environment, INTEGRATION, TOKEN, user } from "../../testkit/amcEnvironment";

const API = "/api/data/v9.2/";

async function withServer<T>(
    scenario: Scenario,
    exercise: (
        server: DataverseServer,
        call: (path: string, init?: RequestInit) => Promise<{ status: number; body: unknown; headers: Headers }>,
    ) => Promise<T>,
): Promise<T> {
    const server = await startDataverse(scenario);
    const call = async (path: string, init: RequestInit = {}) => {
        const response = await fetch(`${path.startsWith("http") ? "" : server.origin + API}${path}`, {
            ...init,
            headers: { Authorization: `Bearer ${TOKEN}`, ...(init.headers as Record<string, string>) },
        });
        const text = await response.text();
        return {
            status: response.status,
            body: text === "" ? null : (JSON.parse(text) as unknown),
            headers: response.headers,
        };
    };
    try {
        return await exercise(server, call);
    } finally {
        await server.close();
    }
}

describe("queries of the user table", () => {
    it("answers $select and $filter page by page, with Prefer: odata.maxpagesize and an absolute @odata.nextLink", async () => {
        await withServer(
            { environment: environment({ users: [ADMIN, INTEGRATION], generated: 9 }) },
            async (server, call) => {
                const first = await call(
                    "systemusers?$select=fullname,accessmode&$filter=accessmode eq 0 or islicensed eq false",
                    { headers: { Prefer: "odata.maxpagesize=4" } },
                );
                const body = first.body as { value: Record<string, unknown>[]; "@odata.nextLink": string };
                expect(first.headers.get("preference-applied")).toBe("odata.maxpagesize=4");
                expect(body.value.map((u) => u.fullname)).toEqual(["Ada Admin", "User 0", "User 1", "User 2"]);
                expect(Object.keys(body.value[0])).toEqual(["@odata.etag", "fullname", "accessmode", "systemuserid"]);
                expect(body["@odata.nextLink"].startsWith(`${server.origin}${API}systemusers?`)).toBe(true);
                const names: unknown[] = [];
                for (let link: string | undefined = body["@odata.nextLink"]; link;) {
                    const page = (await call(link, { headers: { Prefer: "odata.maxpagesize=4" } })).body as {
                        value: Record<string, unknown>[];
                        "@odata.nextLink"?: string;
                    };
                    names.push(...page.value.map((u) => u.fullname));
                    link = page["@odata.nextLink"];
                }
                expect(names).toEqual(["User 3", "User 4", "User 5", "User 6", "User 7", "User 8"]);
            },
        );
    });

    it.each([
        [
            "an unknown column in $filter",
            "systemusers?$select=fullname&$filter=title eq 'x'",
            "Could not find a property named 'title' on type 'Microsoft.Dynamics.CRM.systemuser'.",
        ],
        [
            "an unknown column in $select",
            "systemusers?$select=fullname,salary",
            "Could not find a property named 'salary' on type 'Microsoft.Dynamics.CRM.systemuser'.",
        ],
        [
            "no $select",
            "systemusers",
            "This scripted Dataverse wants a $select on every systemuser query (Dataverse's own advice).",
        ],
        [
            "an operator it does not know",
            "systemusers?$select=fullname&$filter=accessmode gt 1",
            "The operator 'gt' is not supported here in 'accessmode gt 1'.",
        ],
        [
            "a function",
            "systemusers?$select=fullname&$filter=contains(fullname,'a')",
            "Syntax error at position 8 in 'contains(fullname,'a')'.",
        ],
        [
            "a query option it does not answer",
            "systemusers?$select=fullname&$top=3",
            "This scripted Dataverse does not answer '$top' here.",
        ],
    ])("answers 400 to %s", async (_, path, message) => {
        await withServer({ environment: environment() }, async (_, call) => {
            expect(await call(path)).toMatchObject({ status: 400, body: { error: { code: "0x80060888", message } } });
        });
    });
});

describe("the audit log", () => {
    it("gives each row the attributemask Dataverse writes (the changed columns' numbers), and serves a column's number from its definition", async () => {
        await withServer({ environment: environment() }, async (_, call) => {
            const rows = (await call("audits?$select=auditid,attributemask&$orderby=createdon desc")).body as {
                value: { attributemask: string | null }[];
            };
            expect(rows.value.map((row) => row.attributemask)).toEqual(["7", "37", "37"]);
            const definition = "EntityDefinitions(LogicalName='systemuser')/Attributes(LogicalName='accessmode')";
            expect(await call(`${definition}?$select=ColumnNumber`)).toMatchObject({
                status: 200,
                body: {
                    "@odata.context":
                        "https://contoso.crm4.dynamics.com/api/data/v9.2/$metadata#EntityDefinitions('systemuser')/Attributes(ColumnNumber)/$entity",
                    ColumnNumber: 37,
                    MetadataId: expect.any(String),
                },
            });
            expect((await call(`${definition}?$select=OptionSet`)).status).toBe(400);
            expect(
                (
                    await call(
                        "EntityDefinitions(LogicalName='systemuser')/Attributes(LogicalName='salary')?$select=ColumnNumber",
                    )
                ).status,
            ).toBe(404);
            expect((await call("EntityDefinitions(LogicalName='account')?$select=LogicalName")).status).toBe(404);
        });
    });
});

describe("writes", () => {
    const patch = (
        body: unknown,
        headers: Record<string, string> = { "If-Match": "*", "Content-Type": "application/json" },
    ): RequestInit => ({ method: "PATCH", body: JSON.stringify(body), headers });

    it("are refused unless the environment allows them, as for the control", async () => {
        await withServer({ environment: environment({ writes: false }) }, async (server, call) => {
            expect((await call(`systemusers(${ADMIN.systemuserid})`, patch({ accessmode: 4 }))).status).toBe(405);
            expect(server.requests[0].body).toBe('{"accessmode":4}');
        });
    });

    it.each([
        [
            "without If-Match: *",
            patch({ accessmode: 4 }, { "Content-Type": "application/json" }),
            "This scripted Dataverse wants If-Match: * on every update, so that none creates a record.",
        ],
        [
            "of a column it does not know",
            patch({ accessmode: 4, salary: 1 }),
            "Invalid property 'salary' was found in entity 'Microsoft.Dynamics.CRM.systemuser'.",
        ],
        [
            "of a value outside the choice",
            patch({ accessmode: 6 }),
            "A validation error occurred. The value 6 of 'accessmode' on record of type 'systemuser' is outside the valid range.",
        ],
        [
            "that is not JSON",
            { method: "PATCH", body: "accessmode=4", headers: { "If-Match": "*", "Content-Type": "application/json" } },
            "The request body is not valid JSON.",
        ],
    ])("check a PATCH: 400 %s", async (_, init, message) => {
        await withServer({ environment: environment() }, async (_, call) => {
            expect(await call(`systemusers(${ADMIN.systemuserid})`, init)).toMatchObject({
                status: 400,
                body: { error: { message } },
            });
        });
    });

    it("refuse a seat beyond the limit with Dataverse's message, and create users with OData-EntityId", async () => {
        await withServer({ environment: environment({ nonInteractiveLimit: 2 }) }, async (_, call) => {
            const full = await call(`systemusers(${ADMIN.systemuserid})`, patch({ accessmode: 4 }));
            expect(full).toMatchObject({
                status: 400,
                body: {
                    error: { message: expect.stringContaining("reached its maximum number of non-interactive users") },
                },
            });
            // No code is documented for the limit: 0x80040220 is PrivilegeDenied, never the seat limit.
            expect((full.body as { error: { code: string } }).error.code).not.toBe("0x80040220");
            const post = (body: unknown) =>
                call("systemusers", {
                    method: "POST",
                    body: JSON.stringify(body),
                    headers: { "Content-Type": "application/json" },
                });
            const record = {
                accessmode: 1,
                firstname: "Nia",
                lastname: "Sync",
                "businessunitid@odata.bind": `/businessunits(${BUSINESS_UNIT.businessunitid})`,
                domainname: "nia@contoso.example",
                internalemailaddress: "nia@contoso.example",
            };
            const created = await post(record);
            expect(created.status).toBe(204);
            expect(created.headers.get("odata-entityid")).toMatch(
                /\/api\/data\/v9\.2\/systemusers\(20000000-0000-4000-8000-\d{12}\)$/,
            );
            expect((await post(record)).body).toMatchObject({
                error: { message: "A record with matching key values already exists." },
            });
            expect((await post({ ...record, domainname: "NIA@contoso.example" })).body).toMatchObject({
                error: { code: "0x80040237" },
            });
            for (const required of ["domainname", "internalemailaddress"])
                expect(
                    (await post({ ...record, domainname: "other@contoso.example", [required]: undefined })).body,
                ).toMatchObject({ error: { message: `'${required}' must be given as text.` } });
            expect(
                (
                    await post({
                        ...record,
                        domainname: "other@contoso.example",
                        azureactivedirectoryobjectid: "f0000000-0000-4000-8000-00000000000a",
                    })
                ).body,
            ).toMatchObject({
                error: {
                    message:
                        "Invalid property 'azureactivedirectoryobjectid' was found in entity 'Microsoft.Dynamics.CRM.systemuser'.",
                },
            });
            expect(
                (
                    await post({
                        ...record,
                        "businessunitid@odata.bind": "/businessunits(00000000-0000-0000-0000-000000000000)",
                    })
                ).status,
            ).toBe(400);
        });
    });

    it("take no seat for a disabled user, and refuse an application user's access mode with 0x80040d40", async () => {
        const disabled = user("Dee Disabled", { isdisabled: true });
        await withServer(
            { environment: environment({ users: [ADMIN, INTEGRATION, disabled, APP], nonInteractiveLimit: 1 }) },
            async (_, call) => {
                expect((await call(`systemusers(${disabled.systemuserid})`, patch({ accessmode: 4 }))).status).toBe(
                    204,
                );
                expect(await call(`systemusers(${APP.systemuserid})`, patch({ accessmode: 0 }))).toMatchObject({
                    status: 400,
                    body: {
                        error: { code: "0x80040d40", message: "An application user's access mode cannot be changed." },
                    },
                });
            },
        );
    });

    it("answer 403 PrivilegeDenied for a privilege the signed-in user lacks, and the audit settings of each level", async () => {
        await withServer(
            {
                environment: environment({
                    missingPrivileges: ["prvReadAuditSummary"],
                    audit: { enabled: true, table: false, entries: [] },
                }),
            },
            async (_, call) => {
                expect(await call("audits?$select=auditid")).toMatchObject({
                    status: 403,
                    body: {
                        error: {
                            code: "0x80040220",
                            message: expect.stringContaining("is missing prvReadAuditSummary privilege"),
                        },
                    },
                });
                expect(
                    (await call("EntityDefinitions(LogicalName='systemuser')?$select=IsAuditEnabled")).body,
                ).toMatchObject({ IsAuditEnabled: { Value: false } });
                expect(
                    (
                        await call(
                            "EntityDefinitions(LogicalName='systemuser')/Attributes(LogicalName='accessmode')?$select=ColumnNumber,IsAuditEnabled",
                        )
                    ).body,
                ).toMatchObject({ ColumnNumber: 37, IsAuditEnabled: { Value: true } });
            },
        );
    });

    it("want the bearer token on every request of an environment", async () => {
        await withServer({ environment: environment() }, async (server) => {
            const response = await fetch(`${server.origin}${API}WhoAmI`);
            expect(response.status).toBe(401);
            expect(response.headers.get("www-authenticate")).toMatch(/^Bearer authorization_uri=/);
        });
    });
});
