/**
 * The four commands in process, against the scripted Dataverse: what they print (the control's own texts), the exit codes,
 * and above all what they send — no write the rules refuse, none unconfirmed, nothing but accessmode in `set`.
 */
import { createTranslator } from "../../AccessModeControl/presentation/strings";
import { dataverseError, ok, organizationResources, passThrough, startDataverse, tooManyRequests } from "../e2e/support/dataverseServer";
import { requestBudget } from "../../bench/amcAudit";
import { amc } from "../helpers/amc";
import {
    ADMIN,
    APP,
    audited,
    BUSINESS_UNIT,
    DELEGATED,
    environment,
    EVERYONE,
    FUTURE,
    INTEGRATION,
    JANE,
    RESET,
    RESET_HISTORY,
    RETIRED,
    SERVICE,
    SUPPORT,
    syncUpdates,
    UNLICENSED,
    user,
} from "../helpers/amcEnvironment";
import { loadStrings } from "../helpers/pcfContext";

const strings = loadStrings(1033);
const t = createTranslator((key) => strings[key]);

describe("amc status", () => {
    it("shows the seats and every user that is not Read-Write, as a table on a terminal", async () => {
        const run = await amc(["status"], { environment: environment() }, { tty: { stdout: true } });
        expect(run.code).toBe(0);
        expect(run.stdout).toContain(t("Seats_InUse", 2, 7));
        expect(run.stdout).toContain(t("Consequence_ActiveSeats", 41, 50));
        expect(run.stdout).toMatch(/^NAME\s+USER NAME\s+ACCESS MODE\s+LICENSED\s+DISABLED\s+APPLICATION USER\s+ID$/m);
        expect(run.stdout).toMatch(new RegExp(`^Integration Account\\s+integration\\.account@contoso\\.example\\s+Non-interactive\\s+yes\\s+no\\s+no\\s+${INTEGRATION.systemuserid}$`, "m"));
        for (const shown of [UNLICENSED, INTEGRATION, SERVICE, RETIRED, APP, SUPPORT, DELEGATED, FUTURE, RESET]) expect(run.stdout).toContain(shown.systemuserid);
        for (const hidden of [ADMIN, JANE]) expect(run.stdout).not.toContain(hidden.systemuserid);
        expect(run.stdout).toContain("Unknown (9)");
        expect(run.writes).toEqual([]);
        expect(run.unexpected).toEqual([]);
    });

    it("prints tab-separated lines when piped, and JSON alone with --json", async () => {
        const piped = await amc(["status"], { environment: environment() });
        expect(piped.stdout).toContain(`# Reporting App\t.reporting.app@contoso.example\tNon-interactive\tno\tno\tyes\t${APP.systemuserid}\n`);
        expect(piped.stdout).not.toContain("NAME  ");
        const json = await amc(["status", "--json"], { environment: environment() });
        const body = json.json() as { seats: { nonInteractiveInUse: number; limitAssumed: boolean }; users: { id: string; accessMode: number }[] };
        expect(body.seats).toMatchObject({ nonInteractiveInUse: 2, nonInteractiveLimit: 7, limitAssumed: false });
        expect(body.users.map((u) => u.id)).toContain(SUPPORT.systemuserid);
        expect(json.stderr).toBe("");
    });

    it("counts the seats itself against the assumed limit when RetrieveOrganizationResources() is refused", async () => {
        const run = await amc(["status"], { environment: environment(), organizationResources: dataverseError(403, "0x80040220", "Principal user is missing prvReadOrganization privilege.") });
        expect(run.code).toBe(0);
        expect(run.stdout).toContain(t("Seats_InUseAssumed", 2, 7));
        expect(run.requests.map((r) => r.query)).toContain("?$select=systemuserid&$filter=accessmode eq 4 and isdisabled eq false and applicationid eq null");
    });

    it("says why the seats could not be read when neither question is answered", async () => {
        const refused = dataverseError(500, "0x80040216", "An unexpected error occurred.");
        const run = await amc(["status"], { environment: environment(), faults: { organizationResources: refused, users: [refused, passThrough()] } });
        expect(run.stdout).toContain(t("Seats_Unavailable", t("Error_HttpWithMessage", 500, "An unexpected error occurred")));
    });

    it("reads any number of users page by page", async () => {
        const run = await amc(["status", "--json"], { environment: environment({ generated: 30, users: [ADMIN, ...Array.from({ length: 23 }, (_, i) => user(`Bot ${i}`, { accessmode: 4 }))] }) }, { pageSize: 5 });
        expect((run.json() as { users: unknown[] }).users).toHaveLength(23);
        const pages = run.requests.filter((r) => r.resource === "systemusers" && r.query.includes("accessmode ne 0"));
        expect(pages).toHaveLength(5);
        expect(pages.every((r) => r.headers.prefer === "odata.maxpagesize=5")).toBe(true);
    });
});

describe("amc audit", () => {
    it("lists each finding with the user and what to do, and exits 4", async () => {
        const run = await amc(["audit", "--json"], { environment: environment() });
        expect(run.code).toBe(4);
        const body = run.json() as { findings: { kind: string; user: string | null; text: string }[]; history: { available: boolean } };
        expect(body.history).toEqual({ available: true });
        expect(body.findings.map((f) => [f.kind, f.user])).toEqual([
            ["licenceToFree", INTEGRATION.systemuserid],
            ["disabledNonInteractive", RETIRED.systemuserid],
            ["resetFromNonInteractive", RESET.systemuserid],
        ]);
        expect(body.findings[0].text).toBe(t("Notice_LicenceStillAssigned"));
        expect(body.findings[2].text).toBe(
            `Was Non-interactive until 2026-11-20T09:14:00Z (changed by CDSUserManagement), now Administrative: the directory sync may have reset it. Make it non-interactive again (amc set ${RESET.systemuserid} non-interactive) and check after the next sync that it stays so.`,
        );
        expect(run.writes).toEqual([]);
        expect(run.unexpected).toEqual([]);
    });

    it("reads only the latest access mode change of a user, and exits 0 without findings", async () => {
        const calm = environment({
            users: [ADMIN, JANE, RESET],
            audit: { enabled: true, entries: [audited(RESET, { accessmode: 4 }, { accessmode: 1 }, "2026-11-01T00:00:00Z"), audited(RESET, { accessmode: 1 }, { accessmode: 4 }, "2026-11-02T00:00:00Z"), audited(RESET, { accessmode: 4 }, { accessmode: 1 }, "2026-11-03T00:00:00Z", "Ada Admin"), audited(RESET, { title: "x" }, { title: "y" }, "2026-11-04T00:00:00Z")] },
        });
        const reset = await amc(["audit", "--json"], { environment: calm });
        expect((reset.json() as { findings: { text: string }[] }).findings.map((f) => f.text)).toEqual([expect.stringContaining("until 2026-11-03T00:00:00Z (changed by Ada Admin)")]);
        // Only the latest row whose attributemask lists Access Mode is detailed (the newer title change is skipped).
        expect(reset.requests.filter((r) => r.resource.endsWith("RetrieveAuditDetails"))).toHaveLength(1);

        const clean = await amc(["audit"], { environment: environment({ users: [ADMIN, JANE, SERVICE] }) });
        expect(clean.code).toBe(0);
        expect(clean.stdout).toContain("No findings.");
    });

    it("decides only from RetrieveAuditDetails: a row without attributemask is detailed, one whose mask omits Access Mode is not", async () => {
        const unmasked = audited(RESET, { title: "x" }, { title: "y" }, "2026-11-22T00:00:00Z");
        const run = await amc(["audit", "--json"], { environment: environment({ audit: { enabled: true, entries: [...RESET_HISTORY, { ...unmasked, attributemask: null }] } }) });
        expect((run.json() as { findings: { kind: string }[] }).findings.map((f) => f.kind)).toContain("resetFromNonInteractive");
        expect(run.requests.filter((r) => r.resource.endsWith("RetrieveAuditDetails")).map((r) => r.resource)).toEqual([
            `audits(${unmasked.auditid})/Microsoft.Dynamics.CRM.RetrieveAuditDetails`,
            `audits(${RESET_HISTORY[1].auditid})/Microsoft.Dynamics.CRM.RetrieveAuditDetails`,
        ]);
        expect(run.requests.map((r) => r.resource + r.query)).toContain("EntityDefinitions(LogicalName='systemuser')/Attributes(LogicalName='accessmode')?$select=ColumnNumber");
        expect(run.requests.find((r) => r.resource === "audits")?.query).toContain("$select=auditid,createdon,_objectid_value,_userid_value,attributemask");
    });

    it("stays within its budget when the directory sync has updated many users: 1,000 users, 200 of them updated 3 times", async () => {
        const entries = [...syncUpdates(200), ...RESET_HISTORY];
        const run = await amc(["audit", "--json"], { environment: environment({ generated: 1000 - EVERYONE.length, audit: { enabled: true, entries } }) }, { pageSize: 100 });
        expect((run.json() as { findings: { kind: string }[]; usersRead: number }).usersRead).toBe(1000);
        expect(run.requests.length).toBeLessThanOrEqual(requestBudget(1000, entries.length, 100));
        expect(run.requests.filter((r) => r.resource.endsWith("RetrieveAuditDetails"))).toHaveLength(1);
    });

    it("says the history was partly read when a detail fails after resets were found, beside those findings", async () => {
        const again = user("Reset Again", { accessmode: 0 });
        const history = [...RESET_HISTORY, audited(again, { accessmode: 0 }, { accessmode: 4 }, "2026-11-23T00:00:00Z"), audited(again, { accessmode: 4 }, { accessmode: 0 }, "2026-11-24T00:00:00Z")];
        const scenario = () => ({ environment: environment({ users: [ADMIN, JANE, RESET, again], audit: { enabled: true, entries: history } }), faults: { auditDetails: [passThrough(), dataverseError(500, "0x80040216", "An unexpected error occurred.")] } });
        const run = await amc(["audit", "--json"], scenario());
        expect(run.code).toBe(4);
        const body = run.json() as { history: { available: unknown; reason: string }; findings: { kind: string; user: string }[] };
        expect(body.findings).toEqual([expect.objectContaining({ kind: "resetFromNonInteractive", user: RESET.systemuserid })]);
        expect(body.history).toEqual({
            available: "partly",
            reason: "the audit log could not be read (the server answered HTTP 500: An unexpected error occurred) after 1 of the 2 users with an access mode change were checked",
        });
        const text = await amc(["audit"], scenario());
        expect(text.stdout).toContain("Access mode history partly read: the audit log could not be read");
        expect(text.stdout).toContain("Resets by the directory sync of the users not checked cannot be seen.");
    });

    it.each([
        ["a 403", { faults: { audits: dataverseError(403, "0x80040220", "Principal user is missing prvReadAuditSummary privilege.") } }, "reading the audit log needs the View Audit Summary and View Audit History privileges"],
        ["auditing off", { environment: environment({ audit: { enabled: false, entries: [] } }) }, "auditing is off for the organization"],
        ["an empty answer", { environment: environment({ audit: { enabled: true, entries: [] } }) }, "the audit log returned no update of any user"],
        ["a 403 on the details", { faults: { auditDetails: dataverseError(403, "0x80040220", "Principal user is missing prvReadRecordAuditHistory privilege.") } }, "reading the audit log needs"],
        ["a refused column definition", { faults: { userColumnDefinition: dataverseError(403, "0x80040220", "Principal user is missing prvReadEntity privilege.") } }, "the number of the Access Mode column could not be read from its definition"],
    ])("says plainly that the history is not available after %s, never that nothing changed", async (_, scenario, reason) => {
        const run = await amc(["audit", "--json"], { environment: environment(), ...scenario });
        const body = run.json() as { history: { available: boolean; reason: string }; findings: { kind: string }[] };
        expect(body.history.available).toBe(false);
        expect(body.history.reason).toContain(reason);
        expect(body.findings.map((f) => f.kind)).not.toContain("resetFromNonInteractive");
        const text = await amc(["audit"], { environment: environment(), ...scenario });
        expect(text.stdout).toContain("Access mode history not available:");
        expect(text.stdout).toContain("Resets by the directory sync cannot be seen.");
    });

    it.each([
        [7, "seatsFull", "Every non-interactive seat is taken (7 of 7)"],
        [6, "oneSeatLeft", "One non-interactive seat is left (6 of 7 in use)"],
    ])("reports %i of 7 seats in use", async (inUse, kind, text) => {
        const run = await amc(["audit", "--json"], { environment: environment({ users: [ADMIN] }), organizationResources: organizationResources(inUse, 7) });
        expect(run.code).toBe(4);
        expect((run.json() as { findings: { kind: string; text: string }[] }).findings).toEqual([{ kind, user: null, name: null, text: expect.stringContaining(text) }]);
    });

    it("shows progress on stderr only when stderr is a terminal", async () => {
        const scenario = { environment: environment({ generated: 20 }) };
        expect((await amc(["audit"], scenario, { pageSize: 10, tty: { stderr: true } })).stderr).toContain("Reading users… 31");
        expect((await amc(["audit"], scenario, { pageSize: 10 })).stderr).toBe("");
    });
});

describe("amc set", () => {
    const ack = ["--yes", "--acknowledge"];

    it("prints the consequences the control's dialog shows, writes only accessmode with If-Match: *, and reads it back", async () => {
        const run = await amc(["set", JANE.domainname, "non-interactive", "--yes"], { environment: environment() });
        expect(run.code).toBe(0);
        expect(run.stdout).toContain("Jane Doe (jane.doe@contoso.example): Access Mode Read-Write → Non-interactive");
        for (const text of [t("Consequence_NoUiAccess"), t("Consequence_SeatTaken", 3, 7), t("Consequence_LicencePath")]) expect(run.stdout).toContain(text);
        expect(run.stdout).toContain("Done: Access Mode of Jane Doe now reads back as Non-interactive.");
        expect(run.writes.map((w) => [w.method, w.resource, w.body, w.headers["if-match"]])).toEqual([["PATCH", `systemusers(${JANE.systemuserid})`, '{"accessmode":4}', "*"]]);
        const after = run.requests.slice(run.requests.indexOf(run.writes[0]) + 1);
        expect(after.map((r) => r.resource)).toEqual([`systemusers(${JANE.systemuserid})`]);
    });

    it("finds the user by id, user name or email address", async () => {
        for (const reference of [JANE.systemuserid.toUpperCase(), `{${JANE.systemuserid}}`, JANE.domainname, JANE.internalemailaddress.toUpperCase()]) {
            const run = await amc(["set", reference, "administrative", "--dry-run"], { environment: environment() });
            expect(run.stdout).toContain("Jane Doe");
            expect(run.code).toBe(0);
        }
        const twins = environment({ users: [ADMIN, user("Twin One", { internalemailaddress: "twin@contoso.example" }), user("Twin Two", { domainname: "twin@contoso.example" })] });
        const ambiguous = await amc(["set", "twin@contoso.example", "read"], { environment: twins });
        expect([ambiguous.code, ambiguous.stderr]).toEqual([2, expect.stringContaining("2 users have the user name or email address twin@contoso.example")]);
        const missing = await amc(["set", "nobody@contoso.example", "read"], { environment: environment() });
        expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining("No user has the user name or email address nobody@contoso.example")]);
        const missingId = await amc(["set", "a0000000-0000-4000-8000-999999999999", "read"], { environment: environment() });
        expect([missingId.code, missingId.stderr]).toEqual([2, expect.stringContaining("No user has the id a0000000-0000-4000-8000-999999999999")]);
    });

    it.each([
        ["the signed-in account itself", ADMIN, "non-interactive", t("Refusal_OwnRecord")],
        ["the signed-in account, to an interactive mode", ADMIN, "administrative", t("Refusal_OwnRecordInteractive")],
        ["the Support User", SUPPORT, "non-interactive", t("Lock_SupportUser")],
        ["the Delegated Admin", DELEGATED, "read-write", t("Lock_DelegatedAdmin")],
        ["an application user", APP, "read-write", t("Lock_ApplicationUser")],
        ["an unknown access mode", FUTURE, "non-interactive", t("Lock_UnknownValue")],
    ])("refuses %s (exit 3) and writes nothing", async (_, target, mode, text) => {
        const run = await amc(["set", target.systemuserid, mode, ...ack], { environment: environment() });
        expect([run.code, run.writes]).toEqual([3, []]);
        expect(run.stderr).toBe(`amc: ${target.fullname}: ${text}\n`);
    });

    it("refuses a full seat count with the control's message", async () => {
        const run = await amc(["set", JANE.systemuserid, "non-interactive", ...ack], { environment: environment(), organizationResources: organizationResources(7, 7) });
        expect([run.code, run.writes]).toEqual([3, []]);
        expect(run.stderr).toContain(t("Refusal_SeatsFull", 7, 7));
    });

    it.each([
        ["the seats could not be checked", JANE, "non-interactive", { faults: { organizationResources: dataverseError(500, "0x1", "down"), users: dataverseError(500, "0x1", "down") } }, t("Ack_SeatsUnchecked")],
        ["an unlicensed user goes to Read-Write", UNLICENSED, "read-write", {}, t("Ack_UnlicensedWillBeDisabled", "Sam Unlicensed")],
        ["the licence is unknown", user("Nobody Knows", { islicensed: null as unknown as boolean }), "read", {}, t("Ack_LicenceUnchecked", "Nobody Knows")],
    ])("needs an acknowledgement when %s: --acknowledge, or asked on a terminal", async (_, target, mode, faults, acknowledgement) => {
        const scenario = () => ({ environment: environment({ users: [ADMIN, JANE, UNLICENSED, target] }), ...faults });
        const refused = await amc(["set", target.systemuserid, mode, "--yes"], scenario());
        expect([refused.code, refused.writes]).toEqual([3, []]);
        expect(refused.stderr).toContain(acknowledgement);
        expect(refused.stderr).toContain("--acknowledge");

        const declined = await amc(["set", target.systemuserid, mode], scenario(), { tty: { stdin: true }, answers: ["n"] });
        expect([declined.code, declined.writes, declined.stderr]).toEqual([3, [], `${acknowledgement} [y/N] amc: ${t("Announce_Cancelled")}\n`]);

        const asked = await amc(["set", target.systemuserid, mode], scenario(), { tty: { stdin: true }, answers: ["yes", "y"] });
        expect(asked.code).toBe(0);
        expect(asked.writes.map((w) => w.body)).toEqual([JSON.stringify({ accessmode: mode === "read" ? 2 : mode === "read-write" ? 0 : 4 })]);

        expect((await amc(["set", target.systemuserid, mode, ...ack], scenario())).writes).toHaveLength(1);
    });

    it("asks for confirmation on a terminal, and refuses to write without --yes when stdin is not one", async () => {
        const piped = await amc(["set", JANE.systemuserid, "administrative"], { environment: environment() });
        expect([piped.code, piped.writes]).toEqual([2, []]);
        expect(piped.stderr).toBe("amc: Nothing was changed: standard input is not a terminal, so amc cannot ask for confirmation; run again with --yes to confirm the change.\n");
        const no = await amc(["set", JANE.systemuserid, "administrative"], { environment: environment() }, { tty: { stdin: true }, answers: ["no"] });
        expect([no.code, no.writes]).toEqual([3, []]);
        expect(no.stderr).toContain("Change the access mode of Jane Doe from Read-Write to Administrative? [y/N]");
        const eof = await amc(["set", JANE.systemuserid, "administrative"], { environment: environment() }, { tty: { stdin: true }, answers: [] });
        expect([eof.code, eof.writes]).toEqual([3, []]);
        const yes = await amc(["set", JANE.systemuserid, "administrative"], { environment: environment() }, { tty: { stdin: true }, answers: ["y"] });
        expect([yes.code, yes.writes.length]).toEqual([0, 1]);
    });

    it("with --dry-run shows the change and what it would ask, and writes nothing", async () => {
        const run = await amc(["set", UNLICENSED.systemuserid, "read-write", "--dry-run", "--yes"], { environment: environment() });
        expect([run.code, run.writes]).toEqual([0, []]);
        expect(run.stdout).toContain(t("Consequence_UnlicensedWillBeDisabled", "Read-Write"));
        expect(run.stdout).toContain(`This change needs an acknowledgement (--acknowledge): ${t("Ack_UnlicensedWillBeDisabled", "Sam Unlicensed")}`);
        expect(run.stdout).toContain("Dry run: nothing was changed.");
    });

    it("says nothing changes when the user has the mode already", async () => {
        const run = await amc(["set", INTEGRATION.systemuserid, "non-interactive", "--yes"], { environment: environment() });
        expect([run.code, run.writes, run.stdout]).toEqual([0, [], "Integration Account is Non-interactive already: nothing to change.\n"]);
    });

    it("says when the new mode did not hold (exit 1), and when Dataverse disabled the user", async () => {
        const reset = await amc(["set", JANE.systemuserid, "non-interactive", "--yes"], { environment: environment({ syncResetTo: 1 }) });
        expect(reset.code).toBe(1);
        expect(reset.stderr).toContain("The change did not hold: Access Mode of Jane Doe reads back as Administrative, not Non-interactive");
        const disabled = await amc(["set", UNLICENSED.systemuserid, "read-write", ...ack, "--json"], { environment: environment() });
        expect(disabled.code).toBe(0);
        expect(disabled.json()).toMatchObject({ changed: true, held: true, readBack: { accessMode: 0, isDisabled: true } });
    });

    it("shows Dataverse's refusal of the write as text, and retries it only after a 429", async () => {
        const refused = await amc(["set", JANE.systemuserid, "read", "--yes"], { environment: environment(), faults: { update: dataverseError(403, "0x80048d2f", "You need to have system administrator role and access mode Full to change access mode of a user.") } });
        expect(refused.code).toBe(1);
        expect(refused.stderr).toBe(
            "amc: Dataverse refused the change: the server answered HTTP 403: You need to have system administrator role and access mode Full to change access mode of a user. Nothing was changed.\n",
        );
        expect(refused.writes).toHaveLength(1);
        const busy = await amc(["set", JANE.systemuserid, "read", "--yes"], { environment: environment(), faults: { update: dataverseError(503, "0x1", "Service Unavailable") } });
        expect([busy.code, busy.writes.length]).toEqual([1, 1]);
        const limited = await amc(["set", JANE.systemuserid, "read", "--yes"], { environment: environment(), faults: { update: [tooManyRequests(7), passThrough()] } });
        expect([limited.code, limited.writes.length, limited.waits]).toEqual([0, 2, [7000]]);
    });

    it("refuses a mode it does not set, before any request", async () => {
        const run = await amc(["set", JANE.systemuserid, "support-user"], { environment: environment() });
        expect([run.code, run.requests]).toEqual([2, []]);
        expect(run.stderr).toBe('amc: "support-user" is not an access mode amc sets; use one of non-interactive, read-write, administrative, read.\n');
    });
});

describe("amc create", () => {
    const args = ["create", "--first", "Nia", "--last", "Sync", "--business-unit", "Contoso"];

    it("posts the user as non-interactive, reads it back and prints the next steps", async () => {
        const objectId = "f0000000-0000-4000-8000-00000000000a";
        const run = await amc([...args, "--object-id", objectId.toUpperCase(), "--yes"], { environment: environment() });
        expect(run.code).toBe(0);
        expect(run.writes.map((w) => [w.method, w.resource, JSON.parse(w.body ?? "")])).toEqual([
            ["POST", "systemusers", { accessmode: 4, firstname: "Nia", lastname: "Sync", "businessunitid@odata.bind": `/businessunits(${BUSINESS_UNIT.businessunitid})`, azureactivedirectoryobjectid: objectId }],
        ]);
        expect(run.stdout).toContain(t("Consequence_SeatTaken", 3, 7));
        expect(run.stdout).toMatch(/Created Nia Sync: id 20000000-0000-4000-8000-\d{12}, Access Mode Non-interactive, enabled\./);
        expect(run.stdout).toContain("Next steps:");
        expect(run.stdout).toContain("security role");
        expect(run.stdout).toContain(`amc status --url http://127.0.0.1:`);
    });

    it("sends a UPN as domainname and internalemailaddress, and finds the business unit by id", async () => {
        const run = await amc(["create", "--first", "Nia", "--last", "Sync", "--business-unit", BUSINESS_UNIT.businessunitid, "--upn", "nia@contoso.example", "--yes", "--json"], { environment: environment() });
        expect(JSON.parse(run.writes[0].body ?? "")).toMatchObject({ domainname: "nia@contoso.example", internalemailaddress: "nia@contoso.example" });
        expect(run.json()).toMatchObject({ created: true, user: { userName: "nia@contoso.example", accessMode: 4, isDisabled: false } });
    });

    it("reports a user created disabled, with the documented alternative", async () => {
        const run = await amc([...args, "--upn", "nia@contoso.example", "--yes"], { environment: environment({ createdDisabled: true }) });
        expect(run.stdout).toContain("Dataverse created the user disabled (isdisabled = true)");
        expect(run.stdout).toContain("Add-AdminPowerAppsSyncUser -EnvironmentName <environment id> -PrincipalObjectId <Entra object id>");
    });

    it("shows Dataverse's refusal and the documented alternative", async () => {
        const oid = "f0000000-0000-4000-8000-00000000000b";
        const run = await amc([...args, "--object-id", oid, "--yes"], { environment: environment(), faults: { create: dataverseError(400, "0x80040237", "The user is not in the environment's security group.") } });
        expect(run.code).toBe(1);
        expect(run.stderr).toContain("Dataverse refused to create the user: the server answered HTTP 400: The user is not in the environment's security group.");
        expect(run.stderr).toContain(`Add-AdminPowerAppsSyncUser -EnvironmentName <environment id> -PrincipalObjectId ${oid}`);
        expect(run.stderr).toContain("then make it non-interactive with `amc set <user> non-interactive`");
    });

    it("sends an --object-id typed with braces and spaces as the bare GUID, and names it so in the documented alternative", async () => {
        const oid = "f0000000-0000-4000-8000-00000000000d";
        const scenario = (faults = {}) => ({ environment: environment(), faults });
        const typed = ` {${oid.toUpperCase()}} `;
        const created = await amc([...args, "--object-id", typed, "--yes", "--json"], scenario());
        expect(created.code).toBe(0);
        expect(JSON.parse(created.writes[0].body ?? "")).toMatchObject({ azureactivedirectoryobjectid: oid });
        const refused = await amc([...args, "--object-id", typed, "--yes"], scenario({ create: dataverseError(400, "0x80040237", "The user is not in the environment's security group.") }));
        expect(JSON.parse(refused.writes[0].body ?? "")).toMatchObject({ azureactivedirectoryobjectid: oid });
        expect(refused.stderr).toContain(`-PrincipalObjectId ${oid};`);
    });

    it("is refused when every seat is taken, and writes nothing on a dry run or without --yes", async () => {
        const full = await amc([...args, "--upn", "nia@contoso.example", "--yes"], { environment: environment(), organizationResources: organizationResources(7, 7) });
        expect([full.code, full.writes]).toEqual([3, []]);
        expect(full.stderr).toContain(t("Refusal_SeatsFull", 7, 7));
        const dry = await amc([...args, "--upn", "nia@contoso.example", "--dry-run"], { environment: environment() });
        expect([dry.code, dry.writes]).toEqual([0, []]);
        const unconfirmed = await amc([...args, "--upn", "nia@contoso.example"], { environment: environment() });
        expect([unconfirmed.code, unconfirmed.writes]).toEqual([2, []]);
    });

    it.each([
        [["--upn", "nia@contoso.example", "--object-id", "f0000000-0000-4000-8000-00000000000c"], "either --object-id <Entra object id> or --upn <user principal name>"],
        [[], "either --object-id"],
        [["--object-id", "not-a-guid"], "--object-id must be an Entra object id"],
        [["--upn", "nia"], "--upn must be a user principal name"],
    ])("checks the directory identity before any request: %j", async (identity, message) => {
        const run = await amc([...args, ...identity, "--yes"], { environment: environment() });
        expect([run.code, run.requests]).toEqual([2, []]);
        expect(run.stderr).toContain(message);
    });

    it("names a business unit that does not exist", async () => {
        const run = await amc(["create", "--first", "N", "--last", "S", "--business-unit", "Fabrikam", "--upn", "n@contoso.example", "--yes"], { environment: environment() });
        expect([run.code, run.writes]).toEqual([2, []]);
        expect(run.stderr).toContain("No business unit is named Fabrikam");
    });
});

describe("every command", () => {
    it.each(["status", "audit", "set", "create"])("%s --help shows its usage and the common options, and exits 0", async (command) => {
        const run = await amc([command, "--help"], { environment: environment() }, { noUrl: true });
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(new RegExp(`^Usage: amc ${command} \\[options\\]`));
        for (const option of ["--url <url>", "--auth <kind>", '"azure-cli"', '"device-code"', '"environment"', '"managed-identity"', "--json", "--timeout <seconds>", "--help"]) expect(run.stdout).toContain(option);
        if (command === "set" || command === "create") for (const option of ["--dry-run", "--yes", "--acknowledge"]) expect(run.stdout).toContain(option);
        expect(run.requests).toEqual([]);
    });

    it("answers an unknown command, option or --auth kind, and no command at all, with usage (exit 2)", async () => {
        for (const args of [["statuz"], ["status", "--colour"], ["status", "--auth", "password"], []]) {
            const run = await amc(args, { environment: environment() }, { noUrl: true });
            expect([args, run.code]).toEqual([args, 2]);
            expect(run.stderr).not.toBe("");
        }
    });

    it("words an unknown command as one sentence (exit 2): no command, so no --json was parsed", async () => {
        const run = await amc(["statuz", "--json"], { environment: environment() });
        expect([run.code, run.stdout, run.stderr]).toEqual([2, "", "amc: Unknown command 'statuz' (did you mean status?); `amc <command> --help` shows the command's usage.\n"]);
    });

    it.each([
        [["status", "--colour"], "Unknown option '--colour'; `amc <command> --help` shows the command's usage."],
        [["status", "--auth", "password"], "Option '--auth <kind>' argument 'password' is invalid: allowed choices are azure-cli, device-code, environment, managed-identity; `amc <command> --help` shows the command's usage."],
        [["status", "extra"], "Too many arguments for 'status': expected 0 arguments but got 1; `amc <command> --help` shows the command's usage."],
        [["create", "--last", "Sync"], "Required option '--first <name>' not specified; `amc <command> --help` shows the command's usage."],
        [["status", "--timeout", "0.01"], '--timeout must be a number of seconds from 1 to 600, not "0.01".'],
    ])("words a parse error of %j as one sentence (exit 2), and with --json also as the JSON error", async (args, message) => {
        const run = await amc(args, { environment: environment() });
        expect([run.code, run.stdout, run.stderr]).toEqual([2, "", `amc: ${message}\n`]);
        const json = await amc([args[0], "--json", ...args.slice(1)], { environment: environment() });
        expect([json.code, json.stderr, json.json()]).toEqual([2, `amc: ${message}\n`, { error: { exitCode: 2, message } }]);
        expect(json.requests).toEqual([]);
    });

    it("takes --json from the parsed options, not from the words: --first --json makes \"--json\" the first name", async () => {
        const run = await amc(["create", "--first", "--json", "--last", "Sync", "--business-unit", "Contoso", "--upn", "nia@contoso.example", "--dry-run"], { environment: environment() });
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/^New user --json Sync \(nia@contoso\.example\) in business unit Contoso/);
        expect(run.stdout).toContain("Dry run: nothing was changed.");
    });

    it.each([
        [["status", "--url", "http://contoso.crm.dynamics.com"], "--url must use https"],
        [["status", "--url", "https://contoso.crm.dynamics.com/main.aspx?appid=1"], "--url must be the environment's address alone: https://contoso.crm.dynamics.com"],
        [["status", "--url", "not a url"], "is not a URL"],
        [["status"], "Give the environment URL with --url"],
        [["status", "--url", "https://user:pw@contoso.crm.dynamics.com"], "must not carry a user name or password"],
    ])("refuses a wrong --url before any request: %j", async (args, message) => {
        const run = await amc(args, { environment: environment() }, { noUrl: true });
        expect(run.code).toBe(2);
        expect(run.stderr).toContain(message);
        expect(run.requests).toEqual([]);
    });

    it("takes the URL from AMC_URL (plain http on loopback), checked like --url", async () => {
        const server = await startDataverse({ environment: environment() });
        try {
            const run = await amc(["status", "--json"], server, { noUrl: true, env: { AMC_URL: server.origin } });
            expect([run.code, (run.json() as { url: string }).url]).toEqual([0, server.origin]);
        } finally {
            await server.close();
        }
        const wrong = await amc(["status", "--json"], { environment: environment() }, { noUrl: true, env: { AMC_URL: "placeholder" } });
        expect(wrong.code).toBe(2);
        expect(wrong.json()).toEqual({ error: { exitCode: 2, message: '"placeholder" is not a URL; give the environment URL, e.g. https://contoso.crm.dynamics.com.' } });
    });

    it("turns a failed request into one sentence with exit code 1, never a stack trace", async () => {
        const unauthorized = await amc(["status"], { environment: environment({ token: "another token" }) });
        expect([unauthorized.code, unauthorized.stderr]).toEqual([1, "amc: Dataverse refused the sign-in (the server answered HTTP 401). Check that the signed-in account is a user of this environment, and sign in again.\n"]);
        const broken = await amc(["status"], { environment: environment(), faults: { users: { status: 200, rawBody: '{"value": [' } } });
        expect([broken.code, broken.stderr]).toEqual([1, "amc: Dataverse failed to answer (the server's answer could not be read). Try again; if it persists, check the environment in the Power Platform admin center.\n"]);
        const closed = await amc(["status"], { environment: environment(), faults: { users: { status: 0, destroy: true } } });
        expect(closed.code).toBe(1);
        expect(closed.stderr).toMatch(/^amc: Dataverse could not be reached \(the request failed \(.+\)\)\. Check the --url and the network, then try again\.\n$/);
        const forbidden = await amc(["set", JANE.systemuserid, "read", "--yes"], { environment: environment(), faults: { whoAmI: dataverseError(403, "0x80040220", "Principal user is missing prvReadUser privilege.") } });
        expect([forbidden.code, forbidden.writes, forbidden.stderr]).toEqual([
            1,
            [],
            "amc: Dataverse refused the request (the server answered HTTP 403: Principal user is missing prvReadUser privilege). The signed-in account lacks a privilege it needs; ask for the System Administrator role in this environment.\n",
        ]);
        const failing = await amc(["status"], { environment: environment(), faults: { users: dataverseError(500, "0x80040216", "An unexpected error occurred.") } });
        expect([failing.code, failing.stderr]).toEqual([1, "amc: Dataverse failed to answer (the server answered HTTP 500: An unexpected error occurred). Try again; if it persists, check the environment in the Power Platform admin center.\n"]);
        for (const run of [unauthorized, broken, closed, forbidden, failing]) expect(run.stderr).not.toMatch(/\n\s+at /);
    });

    it("gives up on a request after --timeout seconds", async () => {
        const run = await amc(["status", "--timeout", "1"], { environment: environment(), faults: { users: { status: 200, hang: true } } });
        expect([run.code, run.stderr]).toEqual([1, `amc: Dataverse could not be reached (${t("Error_Timeout", 1)}). Check the --url and the network, then try again.\n`]);
    }, 10_000);

    it("waits as Retry-After asks on 429 and 503 for reads", async () => {
        const run = await amc(["status"], { environment: environment(), faults: { whoAmI: passThrough(), users: [tooManyRequests(2), { status: 503, headers: { "Retry-After": "1" } }, passThrough()] } });
        expect([run.code, run.waits]).toEqual([0, [2000, 1000]]);
        expect(run.stderr).toContain("Dataverse answered 429 (busy): waiting 2 s as it asks, then trying again…");
    });

    it("prints names from Dataverse as plain text, on stdout and stderr alike: no escape sequence or bell reaches the terminal", async () => {
        const evil = user("Evil\u001b[31mRed\u001b]0;pwned\u0007");
        const evilApp = user("Ada\u001b]0;pwned\u0007", { accessmode: 4, applicationid: "c0000000-0000-4000-8000-0000000000e1" });
        const scenario = () => ({ environment: environment({ users: [ADMIN, evil, evilApp], syncResetTo: 0 }) });
        const shown = "Evil [31mRed ]0;pwned ";
        // eslint-disable-next-line no-control-regex -- what must not be printed: every control character but tab and line feed
        const controlCharacters = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

        const asked = await amc(["set", evil.systemuserid, "non-interactive"], scenario(), { tty: { stdin: true, stdout: true }, answers: ["y"] });
        expect(asked.stdout).toContain(`${shown} (${evil.domainname}): Access Mode Read-Write → Non-interactive`);
        expect(asked.stderr).toContain(`Change the access mode of ${shown} from Read-Write to Non-interactive? [y/N] `);
        expect(asked.stderr).toContain(`The change did not hold: Access Mode of ${shown} reads back as Read-Write`);
        const refused = await amc(["set", evilApp.systemuserid, "read-write", "--yes"], scenario());
        expect(refused.stderr).toBe(`amc: Ada ]0;pwned : ${t("Lock_ApplicationUser")}\n`);
        const listed = await amc(["status"], scenario(), { tty: { stdout: true } });
        expect(listed.stdout).toContain("Ada ]0;pwned ");
        for (const run of [asked, refused, listed]) expect(run.stdout + run.stderr).not.toMatch(controlCharacters);
    });

    it("never shows the token", async () => {
        const runs = await Promise.all([
            amc(["status", "--json"], { environment: environment() }),
            amc(["audit"], { environment: environment() }, { tty: { stderr: true, stdout: true } }),
            amc(["set", JANE.systemuserid, "read", "--yes"], { environment: environment() }),
            amc(["status"], { environment: environment({ token: "x" }) }),
        ]);
        for (const run of runs) {
            expect(run.requests.every((r) => r.headers.authorization?.startsWith("Bearer "))).toBe(true);
            expect(run.stdout + run.stderr).not.toContain("eyJ");
        }
    });
});

it("keeps ok() and organizationResources() of the control's scenarios usable in CLI scenarios", async () => {
    const run = await amc(["status", "--json"], { environment: environment(), organizationResources: ok({ OrganizationResources: { CurrentNumberOfNonInteractiveUsers: 5 } }) });
    expect(run.json()).toMatchObject({ seats: { nonInteractiveInUse: 5, nonInteractiveLimit: 7, limitAssumed: true } });
});
