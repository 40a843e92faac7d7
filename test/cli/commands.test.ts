/**
 * The commands in process (`check` has its own file), against the scripted Dataverse: what they print (the control's own texts), the exit codes,
 * and above all what they send — no write the rules refuse, none unconfirmed, nothing but accessmode in `set`.
 */
import {
    afterApplying,
    dataverseError,
    ok,
    organizationResources,
    passThrough,
    startDataverse,
    tooManyRequests,
} from "../../testkit/dataverseServer";
import { requestBudget } from "../../testkit/budgets";
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
} from "../../testkit/amcEnvironment";
import { translator } from "../helpers/pcfContext";

const t = translator();

describe("amc status", () => {
    it("shows the seats and every user that is not Read-Write, as a table on a terminal", async () => {
        const run = await amc(["status"], { environment: environment() }, { tty: { stdout: true } });
        expect(run.code).toBe(0);
        expect(run.stdout).toContain(t("Seats_InUse", 2, 7));
        expect(run.stdout).toContain(t("Consequence_ActiveSeats", 41, 50));
        expect(run.stdout).toMatch(/^NAME\s+USER NAME\s+ACCESS MODE\s+LICENSED\s+DISABLED\s+APPLICATION USER\s+ID$/m);
        expect(run.stdout).toMatch(
            new RegExp(
                `^Integration Account\\s+integration\\.account@contoso\\.example\\s+Non-interactive\\s+yes\\s+no\\s+no\\s+${INTEGRATION.systemuserid}$`,
                "m",
            ),
        );
        for (const shown of [UNLICENSED, INTEGRATION, SERVICE, RETIRED, APP, SUPPORT, DELEGATED, FUTURE, RESET])
            expect(run.stdout).toContain(shown.systemuserid);
        for (const hidden of [ADMIN, JANE]) expect(run.stdout).not.toContain(hidden.systemuserid);
        expect(run.stdout).toContain("Unknown (9)");
        expect(run.writes).toEqual([]);
        expect(run.unexpected).toEqual([]);
    });

    it("prints tab-separated lines when piped, and JSON alone with --json", async () => {
        const piped = await amc(["status"], { environment: environment() });
        expect(piped.stdout).toContain(
            `# Reporting App\t.reporting.app@contoso.example\tNon-interactive\tno\tno\tyes\t${APP.systemuserid}\n`,
        );
        expect(piped.stdout).not.toContain("NAME  ");
        const json = await amc(["status", "--json"], { environment: environment() });
        const body = json.json() as {
            seats: { nonInteractiveInUse: number; limitAssumed: boolean };
            users: { id: string; accessMode: number }[];
        };
        expect(body.seats).toMatchObject({ nonInteractiveInUse: 2, nonInteractiveLimit: 7, limitAssumed: false });
        expect(body.users.map((u) => u.id)).toContain(SUPPORT.systemuserid);
        expect(json.stderr).toBe("");
    });

    it("counts the seats itself against the assumed limit when RetrieveOrganizationResources() is refused", async () => {
        const run = await amc(["status"], {
            environment: environment(),
            organizationResources: dataverseError(
                403,
                "0x80040220",
                "Principal user is missing prvReadOrganization privilege.",
            ),
        });
        expect(run.code).toBe(0);
        expect(run.stdout).toContain(t("Seats_InUseAssumed", 2, 7));
        expect(run.requests.map((r) => r.query)).toContain(
            "?$select=systemuserid&$filter=accessmode eq 4 and isdisabled eq false and applicationid eq null",
        );
    });

    it("says why the seats could not be read when neither question is answered", async () => {
        const refused = dataverseError(500, "0x80040216", "An unexpected error occurred.");
        const run = await amc(["status"], {
            environment: environment(),
            faults: { organizationResources: refused, users: [refused, passThrough()] },
        });
        expect(run.stdout).toContain(
            t("Seats_Unavailable", t("Error_HttpWithMessage", 500, "An unexpected error occurred")),
        );
    });

    it("reads any number of users page by page", async () => {
        const run = await amc(
            ["status", "--json"],
            {
                environment: environment({
                    generated: 30,
                    users: [ADMIN, ...Array.from({ length: 23 }, (_, i) => user(`Bot ${i}`, { accessmode: 4 }))],
                }),
            },
            { pageSize: 5 },
        );
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
        const body = run.json() as {
            findings: { kind: string; user: string | null; text: string }[];
            history: { available: boolean };
        };
        expect(body.history).toEqual({ available: true });
        expect(body.findings.map((f) => [f.kind, f.user])).toEqual([
            ["licenceToFree", INTEGRATION.systemuserid],
            ["disabledNonInteractive", RETIRED.systemuserid],
            ["resetFromNonInteractive", RESET.systemuserid],
        ]);
        expect(body.findings[0].text).toBe(t("Notice_LicenceStillAssigned"));
        // The control's sentence, from the same rule: a disabled user takes no seat.
        expect(body.findings[1].text.startsWith(`${t("Consequence_DisabledTakesNoSeat")} Enable it`)).toBe(true);
        expect(body.findings[2].text).toBe(
            `Was Non-interactive until 2026-11-20T09:14:00Z (changed by CDSUserManagement), now Administrative: the directory sync may have reset it. Make it non-interactive again (amc set ${RESET.systemuserid} non-interactive) and check after the next sync that it stays so (amc check ${RESET.systemuserid} --expect non-interactive).`,
        );
        expect(run.writes).toEqual([]);
        expect(run.unexpected).toEqual([]);
    });

    it("reads only the latest access mode change of a user, and exits 0 without findings", async () => {
        const calm = environment({
            users: [ADMIN, JANE, RESET],
            audit: {
                enabled: true,
                entries: [
                    audited(RESET, { accessmode: 4 }, { accessmode: 1 }, "2026-11-01T00:00:00Z"),
                    audited(RESET, { accessmode: 1 }, { accessmode: 4 }, "2026-11-02T00:00:00Z"),
                    audited(RESET, { accessmode: 4 }, { accessmode: 1 }, "2026-11-03T00:00:00Z", "Ada Admin"),
                    audited(RESET, { title: "x" }, { title: "y" }, "2026-11-04T00:00:00Z"),
                ],
            },
        });
        const reset = await amc(["audit", "--json"], { environment: calm });
        expect((reset.json() as { findings: { text: string }[] }).findings.map((f) => f.text)).toEqual([
            expect.stringContaining("until 2026-11-03T00:00:00Z (changed by Ada Admin)"),
        ]);
        // Only the latest row whose attributemask lists Access Mode is detailed (the newer title change is skipped).
        expect(reset.requests.filter((r) => r.resource.endsWith("RetrieveAuditDetails"))).toHaveLength(1);

        const clean = await amc(["audit"], { environment: environment({ users: [ADMIN, JANE, SERVICE] }) });
        expect(clean.code).toBe(0);
        expect(clean.stdout).toContain("No findings.");
    });

    it("decides only from RetrieveAuditDetails: a row without attributemask is detailed, one whose mask omits Access Mode is not", async () => {
        const unmasked = audited(RESET, { title: "x" }, { title: "y" }, "2026-11-22T00:00:00Z");
        const run = await amc(["audit", "--json"], {
            environment: environment({
                audit: { enabled: true, entries: [...RESET_HISTORY, { ...unmasked, attributemask: null }] },
            }),
        });
        expect((run.json() as { findings: { kind: string }[] }).findings.map((f) => f.kind)).toContain(
            "resetFromNonInteractive",
        );
        expect(run.requests.filter((r) => r.resource.endsWith("RetrieveAuditDetails")).map((r) => r.resource)).toEqual([
            `audits(${unmasked.auditid})/Microsoft.Dynamics.CRM.RetrieveAuditDetails`,
            `audits(${RESET_HISTORY[1].auditid})/Microsoft.Dynamics.CRM.RetrieveAuditDetails`,
        ]);
        expect(run.requests.map((r) => r.resource + r.query)).toContain(
            "EntityDefinitions(LogicalName='systemuser')/Attributes(LogicalName='accessmode')?$select=ColumnNumber,IsAuditEnabled",
        );
        expect(run.requests.find((r) => r.resource === "audits")?.query).toContain(
            "$select=auditid,createdon,_objectid_value,_userid_value,attributemask",
        );
    });

    it("pages the audit log in a unique order: createdon, then auditid", async () => {
        const entries = [...syncUpdates(30), ...RESET_HISTORY];
        const run = await amc(
            ["audit", "--json"],
            { environment: environment({ audit: { enabled: true, entries } }) },
            { pageSize: 25 },
        );
        const pages = run.requests.filter((r) => r.resource === "audits");
        expect(pages.length).toBeGreaterThan(1);
        for (const page of pages)
            expect(new URLSearchParams(page.query).get("$orderby")).toBe("createdon desc,auditid desc");
        expect((run.json() as { findings: { kind: string }[] }).findings.map((f) => f.kind)).toContain(
            "resetFromNonInteractive",
        );
    });

    it("stays within its budget when the directory sync has updated many users: 1,000 users, 200 of them updated 3 times", async () => {
        const entries = [...syncUpdates(200), ...RESET_HISTORY];
        const run = await amc(
            ["audit", "--json"],
            { environment: environment({ generated: 1000 - EVERYONE.length, audit: { enabled: true, entries } }) },
            { pageSize: 100 },
        );
        expect((run.json() as { findings: { kind: string }[]; usersRead: number }).usersRead).toBe(1000);
        expect(run.requests.length).toBeLessThanOrEqual(requestBudget(1000, entries.length, 100));
        expect(run.requests.filter((r) => r.resource.endsWith("RetrieveAuditDetails"))).toHaveLength(1);
    });

    it("says the history was partly read when a detail fails after resets were found, beside those findings", async () => {
        const again = user("Reset Again", { accessmode: 0 });
        const history = [
            ...RESET_HISTORY,
            audited(again, { accessmode: 0 }, { accessmode: 4 }, "2026-11-23T00:00:00Z"),
            audited(again, { accessmode: 4 }, { accessmode: 0 }, "2026-11-24T00:00:00Z"),
        ];
        const scenario = () => ({
            environment: environment({
                users: [ADMIN, JANE, RESET, again],
                audit: { enabled: true, entries: history },
            }),
            faults: {
                auditDetails: [passThrough(), dataverseError(500, "0x80040216", "An unexpected error occurred.")],
            },
        });
        const run = await amc(["audit", "--json"], scenario());
        expect(run.code).toBe(4);
        const body = run.json() as {
            history: { available: unknown; reason: string };
            findings: { kind: string; user: string }[];
        };
        expect(body.findings).toEqual([
            expect.objectContaining({ kind: "resetFromNonInteractive", user: RESET.systemuserid }),
            expect.objectContaining({
                kind: "historyUnavailable",
                user: null,
                text: expect.stringContaining("Access mode history partly read"),
            }),
        ]);
        expect(body.history).toEqual({
            available: "partly",
            reason: "the audit log could not be read (the server answered HTTP 500: An unexpected error occurred) after 1 of the 2 users with an access mode change were checked",
        });
        const text = await amc(["audit"], scenario());
        expect(text.stdout).toContain("Access mode history partly read: the audit log could not be read");
        expect(text.stdout).toContain("Resets by the directory sync of the users not checked cannot be seen.");
    });

    it.each([
        [
            "no privilege to read the log",
            { missingPrivileges: ["prvReadAuditSummary"] as const },
            {},
            "reading the audit log needs the View Audit Summary and View Audit History privileges: give the signed-in account a security role that has them",
        ],
        [
            "auditing off for the organization",
            { audit: { enabled: false, entries: RESET_HISTORY } },
            {},
            "auditing is off for the organization; switch it on: Power Platform admin center → the environment → Settings → Audit and logs → Audit settings → Start Auditing",
        ],
        [
            "auditing off for the User table",
            { audit: { enabled: true, table: false, entries: RESET_HISTORY } },
            {},
            "auditing is off for the User table; switch it on: Power Apps → Tables → User → Properties → Advanced options → Audit changes to its data",
        ],
        [
            "auditing off for the Access Mode column",
            { audit: { enabled: true, column: false, entries: RESET_HISTORY } },
            {},
            "auditing is off for its Access Mode column; switch it on: Power Apps → Tables → User → Columns → Access Mode → Advanced options → Enable auditing",
        ],
        [
            "a 403 on the details",
            {},
            {
                auditDetails: dataverseError(
                    403,
                    "0x80040220",
                    "Principal user is missing prvReadRecordAuditHistory privilege.",
                ),
            },
            "reading the audit log needs",
        ],
        [
            "a refused column definition",
            {},
            {
                userColumnDefinition: dataverseError(
                    403,
                    "0x80040220",
                    "Principal user is missing prvReadEntity privilege.",
                ),
            },
            "whether auditing is on could not be read",
        ],
    ])(
        "with %s, reports that the reset check could not run as a finding (exit 4), never that nothing changed",
        async (_, options, faults, reason) => {
            // Users that give no other finding: without the blind spot there would be nothing to report.
            const scenario = () => ({ environment: environment({ users: [ADMIN, JANE, RESET], ...options }), faults });
            const run = await amc(["audit", "--json"], scenario());
            expect(run.code).toBe(4);
            const body = run.json() as {
                history: { available: boolean; reason: string };
                findings: { kind: string; text: string }[];
            };
            expect(body.history.available).toBe(false);
            expect(body.history.reason).toContain(reason);
            expect(body.findings).toEqual([
                expect.objectContaining({ kind: "historyUnavailable", text: expect.stringContaining(reason) }),
            ]);
            const text = await amc(["audit"], scenario());
            expect(text.code).toBe(4);
            expect(text.stdout).toContain("Access mode history not available:");
            expect(text.stdout).toContain("Resets by the directory sync cannot be seen.");
        },
    );

    it("reads an empty audit log with auditing on everywhere as no change: no finding", async () => {
        const run = await amc(["audit", "--json"], {
            environment: environment({ users: [ADMIN, JANE, RESET], audit: { enabled: true, entries: [] } }),
        });
        expect(run.code).toBe(0);
        expect(run.json()).toMatchObject({ history: { available: true }, findings: [] });
        expect(run.requests.map((r) => r.resource + r.query)).toEqual(
            expect.arrayContaining([
                "organizations?$select=isauditenabled",
                "EntityDefinitions(LogicalName='systemuser')?$select=IsAuditEnabled",
            ]),
        );
    });

    it("advises freeing a seat first when a reset is found and every seat is taken", async () => {
        const run = await amc(["audit", "--json"], {
            environment: environment(),
            organizationResources: organizationResources(7, 7),
        });
        const reset = (run.json() as { findings: { kind: string; text: string }[] }).findings.find(
            (f) => f.kind === "resetFromNonInteractive",
        );
        expect(reset?.text).toContain(
            "Every non-interactive seat is taken, so first free one (make a non-interactive user interactive again, or disable one that is no longer used); then make it non-interactive again",
        );
        const free = await amc(["audit", "--json"], { environment: environment() });
        expect(
            (free.json() as { findings: { kind: string; text: string }[] }).findings.find(
                (f) => f.kind === "resetFromNonInteractive",
            )?.text,
        ).not.toContain("free one");
    });

    it.each([
        [7, "seatsFull", "Every non-interactive seat is taken (7 of 7)"],
        [6, "oneSeatLeft", "One non-interactive seat is left (6 of 7 in use)"],
    ])("reports %i of 7 seats in use", async (inUse, kind, text) => {
        const run = await amc(["audit", "--json"], {
            environment: environment({ users: [ADMIN] }),
            organizationResources: organizationResources(inUse, 7),
        });
        expect(run.code).toBe(4);
        expect((run.json() as { findings: { kind: string; text: string }[] }).findings).toEqual([
            { kind, user: null, name: null, text: expect.stringContaining(text) },
        ]);
    });

    it("shows progress on stderr only when stderr is a terminal", async () => {
        const scenario = { environment: environment({ generated: 20 }) };
        expect((await amc(["audit"], scenario, { pageSize: 10, tty: { stderr: true } })).stderr).toContain(
            "Reading users… 31",
        );
        expect((await amc(["audit"], scenario, { pageSize: 10 })).stderr).toBe("");
    });
});

describe("amc set", () => {
    const ack = ["--yes", "--acknowledge"];

    it("prints the consequences the control's dialog shows, writes only accessmode with If-Match: *, and reads it back", async () => {
        const run = await amc(["set", JANE.domainname, "non-interactive", "--yes"], { environment: environment() });
        expect(run.code).toBe(0);
        expect(run.stdout).toContain("Jane Doe (jane.doe@contoso.example): Access Mode Read-Write → Non-interactive");
        for (const text of [
            t("Consequence_NoUiAccess"),
            t("Consequence_SeatTaken", 3, 7),
            t("Consequence_LicencePath"),
        ])
            expect(run.stdout).toContain(text);
        expect(run.stdout).toContain("Done: Access Mode of Jane Doe now reads back as Non-interactive.");
        expect(run.writes.map((w) => [w.method, w.resource, w.body, w.headers["if-match"]])).toEqual([
            ["PATCH", `systemusers(${JANE.systemuserid})`, '{"accessmode":4}', "*"],
        ]);
        const after = run.requests.slice(run.requests.indexOf(run.writes[0]) + 1);
        expect(after.map((r) => r.resource)).toEqual([`systemusers(${JANE.systemuserid})`]);
    });

    it("finds the user by id, user name or email address", async () => {
        for (const reference of [
            JANE.systemuserid.toUpperCase(),
            `{${JANE.systemuserid}}`,
            JANE.domainname,
            JANE.internalemailaddress.toUpperCase(),
        ]) {
            const run = await amc(["set", reference, "administrative", "--dry-run"], { environment: environment() });
            expect(run.stdout).toContain("Jane Doe");
            expect(run.code).toBe(0);
        }
        const twins = environment({
            users: [
                ADMIN,
                user("Twin One", { internalemailaddress: "twin@contoso.example" }),
                user("Twin Two", { domainname: "twin@contoso.example" }),
            ],
        });
        const ambiguous = await amc(["set", "twin@contoso.example", "read"], { environment: twins });
        expect([ambiguous.code, ambiguous.stderr]).toEqual([
            2,
            expect.stringContaining("2 users have the user name or email address twin@contoso.example"),
        ]);
        const missing = await amc(["set", "nobody@contoso.example", "read"], { environment: environment() });
        expect([missing.code, missing.stderr]).toEqual([
            2,
            expect.stringContaining("No user has the user name or email address nobody@contoso.example"),
        ]);
        const missingId = await amc(["set", "a0000000-0000-4000-8000-999999999999", "read"], {
            environment: environment(),
        });
        expect([missingId.code, missingId.stderr]).toEqual([
            2,
            expect.stringContaining("No user has the id a0000000-0000-4000-8000-999999999999"),
        ]);
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

    it("refuses a user Dataverse does not say is no application user (no applicationid in the answer), exit 3", async () => {
        const unsaid = user("Nobody Says", { applicationid: undefined as unknown as null });
        const run = await amc(["set", unsaid.systemuserid, "non-interactive", ...ack], {
            environment: environment({ users: [ADMIN, unsaid] }),
        });
        expect([run.code, run.writes]).toEqual([3, []]);
        expect(run.stderr).toBe(`amc: Nobody Says: ${t("Lock_ApplicationUserUnknown")}\n`);
    });

    it("changes a disabled user with every seat taken, in the control's words: it takes no seat while disabled", async () => {
        const dee = user("Dee Disabled", { isdisabled: true });
        const scenario = () => ({
            environment: environment({ users: [ADMIN, JANE, dee] }),
            organizationResources: organizationResources(7, 7),
        });
        const on = await amc(["set", dee.systemuserid, "non-interactive", "--yes"], scenario());
        expect([on.code, on.writes.map((w) => w.body)]).toEqual([0, ['{"accessmode":4}']]);
        expect(on.stdout).toContain(t("Consequence_DisabledTakesNoSeat"));
        expect(on.stdout).not.toContain(t("Consequence_SeatTaken", 8, 7));
        const dan = user("Dan Disabled", { isdisabled: true, accessmode: 4 });
        const off = await amc(["set", dan.systemuserid, "read-write", "--dry-run"], {
            environment: environment({ users: [ADMIN, dan] }),
        });
        expect(off.code).toBe(0);
        expect(off.stdout).toContain(t("Consequence_RegainsUiAccessWhenEnabled", "Read-Write"));
        expect(off.stdout).not.toContain(t("Consequence_RegainsUiAccess", "Read-Write"));
    });

    it("refuses a full seat count with the control's message", async () => {
        const run = await amc(["set", JANE.systemuserid, "non-interactive", ...ack], {
            environment: environment(),
            organizationResources: organizationResources(7, 7),
        });
        expect([run.code, run.writes]).toEqual([3, []]);
        expect(run.stderr).toContain(t("Refusal_SeatsFull", 7, 7));
    });

    it.each([
        [
            "the seats could not be checked",
            JANE,
            "non-interactive",
            {
                faults: {
                    organizationResources: dataverseError(500, "0x1", "down"),
                    users: dataverseError(500, "0x1", "down"),
                },
            },
            t("Ack_SeatsUnchecked"),
        ],
        [
            "an unlicensed user goes to Read-Write",
            UNLICENSED,
            "read-write",
            {},
            t("Ack_UnlicensedWillBeDisabled", "Sam Unlicensed"),
        ],
        [
            "the licence is unknown",
            user("Nobody Knows", { islicensed: null as unknown as boolean }),
            "read",
            {},
            t("Ack_LicenceUnchecked", "Nobody Knows"),
        ],
    ])(
        "needs an acknowledgement when %s: --acknowledge, or asked on a terminal",
        async (_, target, mode, faults, acknowledgement) => {
            const scenario = () => ({
                environment: environment({ users: [ADMIN, JANE, UNLICENSED, target] }),
                ...faults,
            });
            const refused = await amc(["set", target.systemuserid, mode, "--yes"], scenario());
            expect([refused.code, refused.writes]).toEqual([3, []]);
            expect(refused.stderr).toContain(acknowledgement);
            expect(refused.stderr).toContain("--acknowledge");

            const declined = await amc(["set", target.systemuserid, mode], scenario(), {
                tty: { stdin: true },
                answers: ["n"],
            });
            expect([declined.code, declined.writes, declined.stderr]).toEqual([
                3,
                [],
                `${acknowledgement} [y/N] amc: ${t("Announce_Cancelled")}\n`,
            ]);

            const asked = await amc(["set", target.systemuserid, mode], scenario(), {
                tty: { stdin: true },
                answers: ["yes", "y"],
            });
            expect(asked.code).toBe(0);
            expect(asked.writes.map((w) => w.body)).toEqual([
                JSON.stringify({ accessmode: mode === "read" ? 2 : mode === "read-write" ? 0 : 4 }),
            ]);

            expect((await amc(["set", target.systemuserid, mode, ...ack], scenario())).writes).toHaveLength(1);
        },
    );

    it("asks for confirmation on a terminal, and refuses to write without --yes when stdin is not one", async () => {
        const piped = await amc(["set", JANE.systemuserid, "administrative"], { environment: environment() });
        expect([piped.code, piped.writes]).toEqual([2, []]);
        expect(piped.stderr).toBe(
            "amc: Nothing was changed: standard input is not a terminal, so amc cannot ask for confirmation; run again with --yes to confirm the change.\n",
        );
        const no = await amc(
            ["set", JANE.systemuserid, "administrative"],
            { environment: environment() },
            { tty: { stdin: true }, answers: ["no"] },
        );
        expect([no.code, no.writes]).toEqual([3, []]);
        expect(no.stderr).toContain("Change the access mode of Jane Doe from Read-Write to Administrative? [y/N]");
        const eof = await amc(
            ["set", JANE.systemuserid, "administrative"],
            { environment: environment() },
            { tty: { stdin: true }, answers: [] },
        );
        expect([eof.code, eof.writes]).toEqual([3, []]);
        const yes = await amc(
            ["set", JANE.systemuserid, "administrative"],
            { environment: environment() },
            { tty: { stdin: true }, answers: ["y"] },
        );
        expect([yes.code, yes.writes.length]).toEqual([0, 1]);
    });

    it("with --dry-run shows the change and what it would ask, and writes nothing", async () => {
        const run = await amc(["set", UNLICENSED.systemuserid, "read-write", "--dry-run", "--yes"], {
            environment: environment(),
        });
        expect([run.code, run.writes]).toEqual([0, []]);
        expect(run.stdout).toContain(t("Consequence_UnlicensedWillBeDisabled", "Read-Write"));
        expect(run.stdout).toContain(
            `This change needs an acknowledgement (--acknowledge): ${t("Ack_UnlicensedWillBeDisabled", "Sam Unlicensed")}`,
        );
        expect(run.stdout).toContain("Dry run: nothing was changed.");
    });

    it("says nothing changes when the user has the mode already", async () => {
        const run = await amc(["set", INTEGRATION.systemuserid, "non-interactive", "--yes"], {
            environment: environment(),
        });
        expect([run.code, run.writes, run.stdout]).toEqual([
            0,
            [],
            "Integration Account is Non-interactive already: nothing to change.\n",
        ]);
    });

    it("says when the new mode did not hold (exit 1), and when Dataverse disabled the user", async () => {
        const reset = await amc(["set", JANE.systemuserid, "non-interactive", "--yes"], {
            environment: environment({ syncResetTo: 1 }),
        });
        expect(reset.code).toBe(1);
        expect(reset.stderr).toContain(
            "The change did not hold: Access Mode of Jane Doe reads back as Administrative, not Non-interactive",
        );
        const disabled = await amc(["set", UNLICENSED.systemuserid, "read-write", ...ack, "--json"], {
            environment: environment(),
        });
        expect(disabled.code).toBe(0);
        expect(disabled.json()).toMatchObject({
            changed: true,
            held: true,
            readBack: { accessMode: 0, isDisabled: true },
        });
    });

    it("shows Dataverse's refusal of the write as text, and retries it only after a 429", async () => {
        const refused = await amc(["set", JANE.systemuserid, "read", "--yes"], {
            environment: environment(),
            faults: {
                update: dataverseError(
                    403,
                    "0x80048d2f",
                    "You need to have system administrator role and access mode Full to change access mode of a user.",
                ),
            },
        });
        expect(refused.code).toBe(1);
        expect(refused.stderr).toBe(
            "amc: Dataverse refused the change: the server answered HTTP 403: You need to have system administrator role and access mode Full to change access mode of a user. Nothing was changed.\n",
        );
        expect(refused.writes).toHaveLength(1);
        const busy = await amc(["set", JANE.systemuserid, "read", "--yes"], {
            environment: environment(),
            faults: { update: dataverseError(503, "0x1", "Service Unavailable") },
        });
        expect([busy.code, busy.writes.length]).toEqual([1, 1]);
        const limited = await amc(["set", JANE.systemuserid, "read", "--yes"], {
            environment: environment(),
            faults: { update: [tooManyRequests(7), passThrough()] },
        });
        expect([limited.code, limited.writes.length, limited.waits]).toEqual([0, 2, [7000]]);
    });

    it("reads the user back after a lost answer, and reports only what it shows", async () => {
        const lost = { status: 504, rawBody: "Gateway Time-out" };
        const readFails = dataverseError(500, "0x80040216", "An unexpected error occurred.");
        const [held, notMade, unknown, unconfirmed] = await Promise.all([
            amc(["set", JANE.domainname, "read", "--yes", "--json"], {
                environment: environment(),
                faults: { update: { ...lost, applyFirst: true } },
            }),
            amc(["set", JANE.domainname, "read", "--yes"], { environment: environment(), faults: { update: lost } }),
            amc(["set", JANE.domainname, "read", "--yes"], {
                environment: environment(),
                faults: { update: lost, user: readFails },
            }),
            amc(["set", JANE.domainname, "read", "--yes"], { environment: environment(), faults: { user: readFails } }),
        ]);
        expect([held.code, held.writes.length]).toEqual([0, 1]);
        expect(held.json()).toMatchObject({
            changed: true,
            held: true,
            answerLost: true,
            readBack: { accessMode: 2 },
            next: expect.stringMatching(/^amc check jane\.doe@contoso\.example --expect read --url /),
        });
        expect([notMade.code, notMade.writes.length]).toEqual([1, 1]);
        expect(notMade.stderr).toMatch(
            /^amc: The change was not made \(the server's answer was lost: .*HTTP 504.*\): Access Mode of Jane Doe reads back as Read-Write, not changed\. To try again, run amc set/,
        );
        expect(unknown.code).toBe(1);
        expect(unknown.stderr).toMatch(
            /^amc: The change was sent but its answer was lost \(.+\), and Jane Doe could not be read back \(.+\)\. It may or may not have been made: check with amc check jane\.doe@contoso\.example --expect read/,
        );
        expect(unconfirmed.code).toBe(1);
        expect(unconfirmed.stderr).toMatch(
            /^amc: Dataverse accepted the change, but Jane Doe could not be read back to confirm it/,
        );
    });

    it("refuses a mode it does not set, before any request", async () => {
        const run = await amc(["set", JANE.systemuserid, "support-user"], { environment: environment() });
        expect([run.code, run.requests]).toEqual([2, []]);
        expect(run.stderr).toBe(
            'amc: "support-user" is not an access mode amc sets; use one of non-interactive, read-write, administrative, read.\n',
        );
    });
});

describe("amc create", () => {
    const args = ["create", "--first", "Nia", "--last", "Sync", "--business-unit", "Contoso"];
    const NIA = "nia@contoso.example";
    const createdLine = /Created Nia Sync: id 20000000-0000-4000-8000-\d{12}, Access Mode Non-interactive, enabled\./;

    it("posts the user as non-interactive with the UPN as domainname and internalemailaddress, never the object id, and prints the next steps", async () => {
        const run = await amc([...args, "--upn", NIA, "--yes"], { environment: environment() });
        expect(run.code).toBe(0);
        expect(run.writes.map((w) => [w.method, w.resource, JSON.parse(w.body ?? "")])).toEqual([
            [
                "POST",
                "systemusers",
                {
                    accessmode: 4,
                    firstname: "Nia",
                    lastname: "Sync",
                    "businessunitid@odata.bind": `/businessunits(${BUSINESS_UNIT.businessunitid})`,
                    domainname: NIA,
                    internalemailaddress: NIA,
                },
            ],
        ]);
        expect(run.stdout).toContain(
            "It will sign in to the API and SDK only, never to the web interface or the admin portals.",
        );
        expect(run.stdout).toContain(t("Consequence_SeatTaken", 3, 7));
        expect(run.stdout).toMatch(createdLine);
        const id = /id (20000000-[0-9a-f-]+)/.exec(run.stdout)![1];
        expect(run.stdout).toContain(
            "Add the user to the environment's security group, if one restricts access (Power Platform admin center → the environment → Edit → Security group)",
        );
        expect(run.stdout).toContain(`amc check ${id} --expect non-interactive --wait 1h`);
        // Written for a user that does not exist yet: none of the control's words for changing an existing one.
        for (const words of ["can no longer sign in", "save this change", "reopen this user"])
            expect(run.stdout).not.toContain(words);
    });

    it("finds the business unit by id, and answers --json with the user read back", async () => {
        const run = await amc(
            [
                "create",
                "--first",
                "Nia",
                "--last",
                "Sync",
                "--business-unit",
                BUSINESS_UNIT.businessunitid,
                "--upn",
                NIA,
                "--yes",
                "--json",
            ],
            { environment: environment() },
        );
        expect(run.json()).toMatchObject({ created: true, user: { userName: NIA, accessMode: 4, isDisabled: false } });
    });

    it.each([
        [JANE, `amc set ${JANE.systemuserid} non-interactive`, "Read-Write"],
        [
            INTEGRATION,
            `it is non-interactive already; check it with \`amc check ${INTEGRATION.systemuserid}\``,
            "Non-interactive",
        ],
    ])(
        "refuses a UPN that a user has already (exit 3), before the seats or any write: %#",
        async (existing, next, mode) => {
            const run = await amc([...args, "--upn", existing.domainname.toUpperCase(), "--yes"], {
                environment: environment(),
            });
            expect([run.code, run.writes]).toEqual([3, []]);
            expect(run.stderr).toContain(
                `a user with the user name ${existing.domainname.toUpperCase()} exists — ${existing.fullname}, id ${existing.systemuserid}, Access Mode ${mode}`,
            );
            expect(run.stderr).toContain(next);
            expect(run.requests.map((r) => r.resource)).not.toContain("RetrieveOrganizationResources()");
        },
    );

    it("says why a user created disabled is disabled, and what to do", async () => {
        const run = await amc([...args, "--upn", NIA, "--yes"], {
            environment: environment({ createdDisabled: true }),
        });
        expect(run.stdout).toMatch(/Created Nia Sync: id [0-9a-f-]+, Access Mode Non-interactive, disabled\./);
        expect(run.stdout).toContain(
            "Dataverse created Nia Sync disabled: it enables a directory user only when the user may use this environment — a member of the environment's security group",
        );
        expect(run.stdout).toContain(
            `Check that ${NIA} is an Entra user in that group; or add the user in the Power Platform admin center (the environment → Users → Add user) or with PowerShell (Add-AdminPowerAppsSyncUser`,
        );
    });

    it("answers a refusal by its cause: a missing privilege names the role needed", async () => {
        const run = await amc([...args, "--upn", NIA, "--yes"], {
            environment: environment({ missingPrivileges: ["prvCreateUser"] }),
        });
        expect(run.code).toBe(1);
        expect(run.stderr).toContain("is missing prvCreateUser privilege");
        expect(run.stderr).toContain(
            "The signed-in account may not create users here: it needs a security role with the Create privilege on the User table in this environment (System Administrator has it).",
        );
        expect(run.stderr).not.toContain("Add-AdminPowerAppsSyncUser");
    });

    it("answers a refusal by its cause: a duplicate made since amc looked is shown as the user it is (exit 3)", async () => {
        // Someone adds Jane's UPN between amc's look-up (answered as none here) and its write.
        const empty = ok({
            "@odata.context": "https://contoso.crm4.dynamics.com/api/data/v9.2/$metadata#systemusers",
            value: [],
        });
        const run = await amc([...args, "--upn", JANE.domainname, "--yes"], {
            environment: environment(),
            faults: { users: [empty, passThrough()] },
        });
        expect(run.code).toBe(3);
        expect(run.writes).toHaveLength(1);
        expect(run.stderr).toContain(`exists (made since amc looked) — Jane Doe, id ${JANE.systemuserid}`);
    });

    it("answers a refusal by its cause: Dataverse's seat limit says to free a seat first", async () => {
        // The seats read 2 of 7 in use, but the environment's own limit is 2 (INTEGRATION and SERVICE hold them).
        const run = await amc([...args, "--upn", NIA, "--yes"], {
            environment: environment({ nonInteractiveLimit: 2 }),
            organizationResources: organizationResources(2, 7),
        });
        expect(run.code).toBe(1);
        expect(run.stderr).toContain("reached its maximum number of non-interactive users");
        expect(run.stderr).toContain(
            "Every non-interactive seat is taken: free one first (make a non-interactive user interactive again, or disable one that is no longer used), then try again.",
        );
    });

    it("says the user was created, with its id, when only reading it back fails (exit 1)", async () => {
        const run = await amc([...args, "--upn", NIA, "--yes"], {
            environment: environment(),
            faults: { user: dataverseError(500, "0x80040216", "An unexpected error occurred.") },
        });
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(
            /^amc: Dataverse created the user \(id (20000000-[0-9a-f-]+)\), but reading it back failed \(the server answered HTTP 500: An unexpected error occurred\): check it with `amc check \1`\.$/m,
        );
    });

    it("answers a refusal by its cause: anything else with Dataverse's message and the admin center's route", async () => {
        const run = await amc([...args, "--upn", NIA, "--yes"], {
            environment: environment(),
            faults: { create: dataverseError(400, "0x80040203", "Invalid user principal name.") },
        });
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(
            "Dataverse refused to create the user: the server answered HTTP 400: Invalid user principal name.",
        );
        expect(run.stderr).toContain(
            "Instead, add the user in the Power Platform admin center (the environment → Users → Add user) or with PowerShell (Add-AdminPowerAppsSyncUser",
        );
    });

    it.each([
        ["a 502", afterApplying(dataverseError(502, "0x80040216", "Bad gateway."))],
        ["a lost answer", afterApplying({ status: 0, destroy: true })],
        ["a 204 without OData-EntityId", afterApplying({ status: 204 })],
        [
            "a redirect, never followed",
            afterApplying({ status: 307, headers: { Location: "https://elsewhere.example/" } }),
        ],
    ])(
        "after %s, looks the user up by UPN before saying anything: it exists, so its id is given and nothing is sent again",
        async (_, answer) => {
            const run = await amc([...args, "--upn", NIA, "--yes", "--json"], {
                environment: environment(),
                faults: { create: answer },
            });
            expect(run.code).toBe(0);
            expect(run.writes).toHaveLength(1);
            const created = (run.json() as { created: boolean; user: { id: string; userName: string } }).user;
            expect(created.userName).toBe(NIA);
            expect(run.stderr).toContain(`Dataverse's answer did not say whether ${NIA} was created (`);
            expect(run.stderr).toContain(`but it exists: id ${created.id}.`);
        },
    );

    it("after a 502 when the user was not created, says so after looking (exit 1); when the look-up fails too, says how to check", async () => {
        const notMade = await amc([...args, "--upn", NIA, "--yes"], {
            environment: environment(),
            faults: { create: dataverseError(502, "0x80040216", "Bad gateway.") },
        });
        expect(notMade.code).toBe(1);
        expect(notMade.stderr).toContain("it does not exist, so it was not created. Try again.");
        const blind = await amc([...args, "--upn", NIA, "--yes"], {
            environment: environment(),
            faults: {
                create: afterApplying({ status: 0, destroy: true }),
                users: [passThrough(), dataverseError(500, "0x80040216", "An unexpected error occurred.")],
            },
        });
        expect(blind.code).toBe(1);
        expect(blind.stderr).toContain(
            `looking it up failed too (the server answered HTTP 500: An unexpected error occurred). Check with \`amc check ${NIA}\` before trying again.`,
        );
        expect(blind.stderr).not.toMatch(/create it again|try again\./i);
    });

    it("is refused when every seat is taken, and writes nothing on a dry run or without --yes", async () => {
        const full = await amc([...args, "--upn", NIA, "--yes"], {
            environment: environment(),
            organizationResources: organizationResources(7, 7),
        });
        expect([full.code, full.writes]).toEqual([3, []]);
        expect(full.stderr).toContain(t("Refusal_SeatsFull", 7, 7));
        const dry = await amc([...args, "--upn", NIA, "--dry-run"], { environment: environment() });
        expect([dry.code, dry.writes]).toEqual([0, []]);
        const unconfirmed = await amc([...args, "--upn", NIA], { environment: environment() });
        expect([unconfirmed.code, unconfirmed.writes]).toEqual([2, []]);
    });

    it.each([
        [[], "Required option '--upn <name>' not specified"],
        [["--upn", NIA, "--object-id", "f0000000-0000-4000-8000-00000000000c"], "Unknown option '--object-id'"],
        [["--upn", "nia"], "--upn must be a user principal name"],
        [["--upn", "nia;reboot@contoso.example"], "--upn must be a user principal name"],
    ])("checks the directory identity before any request: %j", async (identity, message) => {
        const run = await amc([...args, ...identity, "--yes"], { environment: environment() });
        expect([run.code, run.requests]).toEqual([2, []]);
        expect(run.stderr).toContain(message);
    });

    it("names a business unit that does not exist", async () => {
        const run = await amc(
            [
                "create",
                "--first",
                "N",
                "--last",
                "S",
                "--business-unit",
                "Fabrikam",
                "--upn",
                "n@contoso.example",
                "--yes",
            ],
            { environment: environment() },
        );
        expect([run.code, run.writes]).toEqual([2, []]);
        expect(run.stderr).toContain("No business unit is named Fabrikam");
    });
});

describe("every command", () => {
    it.each(["status", "audit", "check", "set", "create"])(
        "%s --help shows its usage and the common options, and exits 0",
        async (command) => {
            const run = await amc([command, "--help"], { environment: environment() }, { noUrl: true });
            expect(run.code).toBe(0);
            expect(run.stdout).toMatch(new RegExp(`^Usage: amc ${command} \\[options\\]`));
            if (command === "create")
                for (const option of ["--first", "--last", "--business-unit", "--upn"])
                    expect(run.stdout).toMatch(new RegExp(`${option} <[^>]+>\\s+.*\\(required\\)`));
            for (const option of [
                "--url <url>",
                "--auth <kind>",
                '"azure-cli"',
                '"device-code"',
                '"environment"',
                '"managed-identity"',
                "--json",
                "--timeout <seconds>",
                "--help",
            ])
                expect(run.stdout).toContain(option);
            if (command === "set" || command === "create")
                for (const option of ["--dry-run", "--yes", "--acknowledge"]) expect(run.stdout).toContain(option);
            expect(run.requests).toEqual([]);
        },
    );

    it("answers an unknown command, option or --auth kind, and no command at all, with usage (exit 2)", async () => {
        for (const args of [["statuz"], ["status", "--colour"], ["status", "--auth", "password"], []]) {
            const run = await amc(args, { environment: environment() }, { noUrl: true });
            expect([args, run.code]).toEqual([args, 2]);
            expect(run.stderr).not.toBe("");
        }
    });

    it("words an unknown command as one sentence (exit 2): no command, so no --json was parsed", async () => {
        const run = await amc(["statuz", "--json"], { environment: environment() });
        expect([run.code, run.stdout, run.stderr]).toEqual([
            2,
            "",
            "amc: Unknown command 'statuz' (did you mean status?); `amc <command> --help` shows the command's usage.\n",
        ]);
    });

    it.each([
        [["status", "--colour"], "Unknown option '--colour'; `amc <command> --help` shows the command's usage."],
        [
            ["status", "--auth", "password"],
            "Option '--auth <kind>' argument 'password' is invalid: allowed choices are azure-cli, device-code, environment, managed-identity; `amc <command> --help` shows the command's usage.",
        ],
        [
            ["status", "extra"],
            "Too many arguments for 'status': expected 0 arguments but got 1; `amc <command> --help` shows the command's usage.",
        ],
        [
            ["create", "--last", "Sync"],
            "Required option '--first <name>' not specified; `amc <command> --help` shows the command's usage.",
        ],
        [["status", "--timeout", "0.01"], '--timeout must be a number of seconds from 1 to 600, not "0.01".'],
    ])(
        "words a parse error of %j as one sentence (exit 2), and with --json also as the JSON error",
        async (args, message) => {
            const run = await amc(args, { environment: environment() });
            expect([run.code, run.stdout, run.stderr]).toEqual([2, "", `amc: ${message}\n`]);
            const json = await amc([args[0], "--json", ...args.slice(1)], { environment: environment() });
            expect([json.code, json.stderr, json.json()]).toEqual([
                2,
                `amc: ${message}\n`,
                { error: { exitCode: 2, message } },
            ]);
            expect(json.requests).toEqual([]);
        },
    );

    it('takes --json from the parsed options, not from the words: --first --json makes "--json" the first name', async () => {
        const run = await amc(
            [
                "create",
                "--first",
                "--json",
                "--last",
                "Sync",
                "--business-unit",
                "Contoso",
                "--upn",
                "nia@contoso.example",
                "--dry-run",
            ],
            { environment: environment() },
        );
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/^New user --json Sync \(nia@contoso\.example\) in business unit Contoso/);
        expect(run.stdout).toContain("Dry run: nothing was changed.");
    });

    it.each([
        [["status", "--url", "http://contoso.crm.dynamics.com"], "--url must use https"],
        [
            ["status", "--url", "https://contoso.crm.dynamics.com/main.aspx?appid=1"],
            "--url must be the environment's address alone: https://contoso.crm.dynamics.com",
        ],
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
        const wrong = await amc(
            ["status", "--json"],
            { environment: environment() },
            { noUrl: true, env: { AMC_URL: "placeholder" } },
        );
        expect(wrong.code).toBe(2);
        expect(wrong.json()).toEqual({
            error: {
                exitCode: 2,
                message: '"placeholder" is not a URL; give the environment URL, e.g. https://contoso.crm.dynamics.com.',
            },
        });
    });

    it("turns a failed request into one sentence with exit code 1, never a stack trace", async () => {
        const unauthorized = await amc(["status"], { environment: environment({ token: "another token" }) });
        expect([unauthorized.code, unauthorized.stderr]).toEqual([
            1,
            "amc: Dataverse refused the sign-in (the server answered HTTP 401). Check that the signed-in account is a user of this environment, and sign in again.\n",
        ]);
        const broken = await amc(["status"], {
            environment: environment(),
            faults: { users: { status: 200, rawBody: '{"value": [' } },
        });
        expect([broken.code, broken.stderr]).toEqual([
            1,
            "amc: Dataverse failed to answer (the server's answer could not be read). Try again; if it persists, check the environment in the Power Platform admin center.\n",
        ]);
        const closed = await amc(["status"], {
            environment: environment(),
            faults: { users: { status: 0, destroy: true } },
        });
        expect(closed.code).toBe(1);
        expect(closed.stderr).toMatch(
            /^amc: Dataverse could not be reached \(the request failed \(.+\)\)\. Check the --url and the network, then try again\.\n$/,
        );
        const forbidden = await amc(["set", JANE.systemuserid, "read", "--yes"], {
            environment: environment(),
            faults: { whoAmI: dataverseError(403, "0x80040220", "Principal user is missing prvReadUser privilege.") },
        });
        expect([forbidden.code, forbidden.writes, forbidden.stderr]).toEqual([
            1,
            [],
            "amc: Dataverse refused the request (the server answered HTTP 403: Principal user is missing prvReadUser privilege). The signed-in account lacks a privilege it needs; ask for the System Administrator role in this environment.\n",
        ]);
        const failing = await amc(["status"], {
            environment: environment(),
            faults: { users: dataverseError(500, "0x80040216", "An unexpected error occurred.") },
        });
        expect([failing.code, failing.stderr]).toEqual([
            1,
            "amc: Dataverse failed to answer (the server answered HTTP 500: An unexpected error occurred). Try again; if it persists, check the environment in the Power Platform admin center.\n",
        ]);
        for (const run of [unauthorized, broken, closed, forbidden, failing])
            expect(run.stderr).not.toMatch(/\n\s+at /);
    });

    it("gives up on a request after --timeout seconds", async () => {
        const run = await amc(["status", "--timeout", "1"], {
            environment: environment(),
            faults: { users: { status: 200, hang: true } },
        });
        expect([run.code, run.stderr]).toEqual([
            1,
            "amc: Dataverse could not be reached (no answer within 1 s). Check the --url and the network, then try again.\n",
        ]);
    }, 10_000);

    it("waits as Retry-After asks on 429 and 503 for reads", async () => {
        const run = await amc(["status"], {
            environment: environment(),
            faults: {
                whoAmI: passThrough(),
                users: [tooManyRequests(2), { status: 503, headers: { "Retry-After": "1" } }, passThrough()],
            },
        });
        expect([run.code, run.waits]).toEqual([0, [2000, 1000]]);
        expect(run.stderr).toContain("Dataverse answered 429 (busy): waiting 2 s as it asks, then trying again…");
    });

    it("prints names from Dataverse as plain text, on stdout and stderr alike: no escape sequence or bell reaches the terminal", async () => {
        const evil = user("Evil\u001b[31mRed\u001b]0;pwned\u0007");
        const evilApp = user("Ada\u001b]0;pwned\u0007", {
            accessmode: 4,
            applicationid: "c0000000-0000-4000-8000-0000000000e1",
        });
        const scenario = () => ({ environment: environment({ users: [ADMIN, evil, evilApp], syncResetTo: 0 }) });
        const shown = "Evil [31mRed ]0;pwned ";
        // eslint-disable-next-line no-control-regex -- what must not be printed: every control character but tab and line feed
        const controlCharacters = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

        const asked = await amc(["set", evil.systemuserid, "non-interactive"], scenario(), {
            tty: { stdin: true, stdout: true },
            answers: ["y"],
        });
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
    const run = await amc(["status", "--json"], {
        environment: environment(),
        organizationResources: ok({ OrganizationResources: { CurrentNumberOfNonInteractiveUsers: 5 } }),
    });
    expect(run.json()).toMatchObject({ seats: { nonInteractiveInUse: 5, nonInteractiveLimit: 7, limitAssumed: true } });
});
