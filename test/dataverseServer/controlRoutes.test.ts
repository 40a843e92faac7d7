/**
 * The routes the control's e2e specs rely on answer exactly as before the server learnt the CLI's environment: status,
 * headers and body, byte for byte (the snapshots were taken from the server before those additions). The browser specs
 * themselves run with `npm run test:e2e`.
 */
import { dataverseError, hang, nonInteractiveUsers, ok, organizationResources, Scenario, startDataverse } from "../../testkit/dataverseServer";
import { COUNT_QUERY, FACT_QUERY, form, JANE, RECORD_ID, seatsFree } from "../../testkit/scenarios";

interface Seen {
    status: number;
    body: string;
}

/** The headers of every answer with a body; checked here once rather than in each snapshot. */
const JSON_HEADERS = { "cache-control": "no-cache", "content-type": "application/json; odata.metadata=minimal; charset=utf-8", "odata-version": "4.0" };

async function exchange(scenario: Scenario, path: string, init: RequestInit = {}): Promise<Seen> {
    const server = await startDataverse(scenario);
    try {
        const response = await fetch(`${server.origin}${path}`, init);
        const headers: Record<string, string> = {};
        for (const name of ["cache-control", "content-type", "odata-version"]) {
            const value = response.headers.get(name);
            if (value !== null) headers[name] = value;
        }
        const body = await response.text();
        expect(headers).toEqual(body === "" ? { "cache-control": "no-cache", "odata-version": "4.0" } : JSON_HEADERS);
        return { status: response.status, body };
    } finally {
        await server.close();
    }
}

const API = "/api/data/v9.2/";

describe("the control's routes of the scripted Dataverse", () => {
    it("RetrieveOrganizationResources() answers the scenario's seats, 3 of 7 by default", async () => {
        expect(await exchange({ form: form(0) }, `${API}RetrieveOrganizationResources()`)).toMatchInlineSnapshot(`
{
  "body": "{"@odata.context":"https://contoso.crm4.dynamics.com/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.RetrieveOrganizationResourcesResponse","OrganizationResources":{"CurrentNumberOfActiveUsers":41,"MaxNumberOfActiveUsers":50,"CurrentNumberOfNonInteractiveUsers":3,"MaxNumberOfNonInteractiveUsers":7,"CurrentNumberOfCustomEntities":12,"MaxNumberOfCustomEntities":300,"CurrentNumberOfPublishedWorkflows":3,"MaxNumberOfPublishedWorkflows":200,"CurrentStorage":1536,"MaxStorage":10240}}",
  "status": 200,
}
`);
        expect((await exchange(seatsFree({ organizationResources: organizationResources(7, 7) }), `${API}RetrieveOrganizationResources()`)).body).toMatchInlineSnapshot(`"{"@odata.context":"https://contoso.crm4.dynamics.com/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.RetrieveOrganizationResourcesResponse","OrganizationResources":{"CurrentNumberOfActiveUsers":41,"MaxNumberOfActiveUsers":50,"CurrentNumberOfNonInteractiveUsers":7,"MaxNumberOfNonInteractiveUsers":7,"CurrentNumberOfCustomEntities":12,"MaxNumberOfCustomEntities":300,"CurrentNumberOfPublishedWorkflows":3,"MaxNumberOfPublishedWorkflows":200,"CurrentStorage":1536,"MaxStorage":10240}}"`);
    });

    it("the record's facts, with the columns asked for", async () => {
        expect(await exchange(seatsFree(), `${API}systemusers(${RECORD_ID})${FACT_QUERY}`)).toMatchInlineSnapshot(`
{
  "body": "{"@odata.context":"https://contoso.crm4.dynamics.com/api/data/v9.2/$metadata#systemusers(fullname,islicensed,isdisabled,applicationid)/$entity","@odata.etag":"W/\\"4711\\"","fullname":"Jane Doe","islicensed":true,"isdisabled":false,"applicationid":null,"systemuserid":"5f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5"}",
  "status": 200,
}
`);
        expect(await exchange(seatsFree({ record: { ...JANE, accessmode: 4, isdisabled: true } }), `${API}systemusers(${RECORD_ID})?$select=fullname,accessmode,isdisabled`)).toMatchInlineSnapshot(`
{
  "body": "{"@odata.context":"https://contoso.crm4.dynamics.com/api/data/v9.2/$metadata#systemusers(fullname,accessmode,isdisabled)/$entity","@odata.etag":"W/\\"4711\\"","fullname":"Jane Doe","accessmode":4,"isdisabled":true,"systemuserid":"5f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5"}",
  "status": 200,
}
`);
    });

    it("another record, a record answered with an error, and an unexpected single-user query", async () => {
        expect(await exchange(seatsFree(), `${API}systemusers(00000000-0000-0000-0000-000000000001)${FACT_QUERY}`)).toMatchInlineSnapshot(`
{
  "body": "{"error":{"code":"0x80040217","message":"systemuser With Id = 00000000-0000-0000-0000-000000000001 Does Not Exist"}}",
  "status": 404,
}
`);
        expect(await exchange(seatsFree({ record: dataverseError(500, "0x80040216", "An unexpected error occurred.") }), `${API}systemusers(${RECORD_ID})${FACT_QUERY}`)).toMatchInlineSnapshot(`
{
  "body": "{"error":{"code":"0x80040216","message":"An unexpected error occurred."}}",
  "status": 500,
}
`);
        expect(await exchange(seatsFree(), `${API}systemusers(${RECORD_ID})?$top=1`)).toMatchInlineSnapshot(`
{
  "body": "{"error":{"code":"0x80060888","message":"Unexpected query for a single user: ?$top=1"}}",
  "status": 400,
}
`);
    });

    it("the fallback count, and any other user query refused", async () => {
        expect(await exchange(seatsFree({ nonInteractiveUsers: nonInteractiveUsers(2) }), `${API}systemusers${COUNT_QUERY}`)).toMatchInlineSnapshot(`
{
  "body": "{"@odata.context":"https://contoso.crm4.dynamics.com/api/data/v9.2/$metadata#systemusers(systemuserid)","value":[{"@odata.etag":"W/\\"1000\\"","systemuserid":"00000000-0000-4000-8000-000000000001"},{"@odata.etag":"W/\\"1001\\"","systemuserid":"00000000-0000-4000-8000-000000000002"}]}",
  "status": 200,
}
`);
        expect((await exchange(seatsFree(), `${API}systemusers${COUNT_QUERY}`)).body).toMatchInlineSnapshot(`"{"@odata.context":"https://contoso.crm4.dynamics.com/api/data/v9.2/$metadata#systemusers(systemuserid)","value":[]}"`);
        expect(await exchange(seatsFree(), `${API}systemusers?$select=fullname`)).toMatchInlineSnapshot(`
{
  "body": "{"error":{"code":"0x80060888","message":"Unexpected user query: ?$select=fullname"}}",
  "status": 400,
}
`);
    });

    it("refuses every write and every unknown resource", async () => {
        expect(await exchange(seatsFree(), `${API}systemusers(${RECORD_ID})`, { method: "PATCH", body: '{"accessmode":4}' })).toMatchInlineSnapshot(`
{
  "body": "{"error":{"code":"0x80060888","message":"The e2e Dataverse only answers reads; the control sent PATCH systemusers(5f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5)."}}",
  "status": 405,
}
`);
        expect(await exchange(seatsFree(), `${API}accounts`)).toMatchInlineSnapshot(`
{
  "body": "{"error":{"code":"0x8006088a","message":"Resource not found for the segment 'accounts'."}}",
  "status": 404,
}
`);
    });

    it("delays an answer as scripted, and serves the form state", async () => {
        const started = Date.now();
        const delayed = await exchange(seatsFree({ organizationResources: ok({ OrganizationResources: {} }, 200) }), `${API}RetrieveOrganizationResources()`);
        expect(Date.now() - started).toBeGreaterThanOrEqual(190);
        expect(delayed).toMatchInlineSnapshot(`
{
  "body": "{"OrganizationResources":{}}",
  "status": 200,
}
`);
        // The whole form state, the app's Fluent 2 theme (some 450 tokens) included, as the host page reads it.
        const scenario = seatsFree({ record: hang() });
        const served = await exchange(scenario, "/scenario.json");
        expect(served.status).toBe(200);
        expect(JSON.parse(served.body)).toEqual({ form: JSON.parse(JSON.stringify(scenario.form)) });
        expect(JSON.parse(served.body).form).toMatchObject({ value: 0, recordName: "Jane Doe", fluentDesignLanguage: { brand: { 80: "#0f6cbd" }, isDarkTheme: false } });
    });
});
