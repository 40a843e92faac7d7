/**
 * The Dataverse questions and writes of `amc`, over the Web API client: each names its request (shapes in docs/amc.md) and
 * turns the answer into the rules' terms. Seats and record facts are read with the control's own parsers and filter.
 */
import { Check, normalizeId, SeatFigures } from "../AccessModeControl/domain/accessMode";
import {
    CheckFailure,
    NON_INTERACTIVE_SEAT_FILTER,
    parseOrganizationResources,
    parseRecordFacts,
    seatsFromCount,
    seatsOrCount,
} from "../AccessModeControl/dataverse/responses";
import { describeFailure } from "../AccessModeControl/presentation/viewModel";
import { usage } from "./errors";
import { capped } from "./output";
import { ModeChange, User } from "./rules";
import { texts } from "./texts";
import { Row, WebApi } from "./webApi";

const USER_COLUMNS =
    "systemuserid,fullname,domainname,internalemailaddress,accessmode,islicensed,isdisabled,applicationid";

const GUID = /^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/;

export function isGuid(text: string): boolean {
    return GUID.test(text.trim());
}

/** An OData string literal: quoted, a quote doubled. */
function odataString(text: string): string {
    return `'${text.replace(/'/g, "''")}'`;
}

/** A text column of an answer, cut to what amc shows of a server's text. */
const text = (value: unknown): string | null =>
    typeof value === "string" && value.trim() !== "" ? capped(value) : null;

/** An id from an answer, lower case without braces, only when it is a GUID: nothing else is put into a URL or compared. */
function idOf(value: unknown): string | null {
    return typeof value === "string" && isGuid(value) ? normalizeId(value) : null;
}

/** A record read by id must be the one asked for. */
function theOneAsked<T extends { id: string }>(record: T, id: string): T {
    if (record.id !== normalizeId(id))
        throw new CheckFailure("badResponse", `asked for the record ${normalizeId(id)}, it answered with ${record.id}`);
    return record;
}

function parseUser(row: Row): User {
    const facts = parseRecordFacts(row);
    const id = idOf(row.systemuserid);
    if (id === null) throw new CheckFailure("badResponse", "a user without a valid id");
    return {
        id,
        fullName: facts.fullName === null ? null : capped(facts.fullName),
        userName: text(row.domainname),
        email: text(row.internalemailaddress),
        accessMode: typeof row.accessmode === "number" ? row.accessmode : null,
        isLicensed: facts.isLicensed,
        isDisabled: facts.isDisabled,
        isApplicationUser: facts.isApplicationUser,
    };
}

/** GET WhoAmI → the signed-in user's id. */
export async function signedInUserId(api: WebApi): Promise<string> {
    const id = idOf((await api.get("WhoAmI")).UserId);
    if (id === null) throw new CheckFailure("badResponse", "WhoAmI without a valid user id");
    return id;
}

/** The seats read, or why they could not be: readSeats never leaves them pending or skipped. */
export type SeatCheck = Extract<Check<SeatFigures>, { state: "done" | "failed" }>;

/**
 * The seats as the control reads them: RetrieveOrganizationResources(), else the users counted with the control's filter
 * against the assumed limit. A failure of both is a failed check (the rules then ask for an acknowledgement), not an error.
 */
export async function readSeats(api: WebApi): Promise<SeatCheck> {
    const countUsers = async (): Promise<SeatFigures> => {
        let count = 0;
        for await (const page of api.pages(
            `systemusers?$select=systemuserid&$filter=${encodeURIComponent(NON_INTERACTIVE_SEAT_FILTER)}`,
        ))
            count += page.length;
        return seatsFromCount(count);
    };
    try {
        const value = await seatsOrCount(
            async () => parseOrganizationResources(await api.get("RetrieveOrganizationResources()")),
            countUsers,
        );
        return { state: "done", value };
    } catch (error) {
        if (!(error instanceof CheckFailure)) throw error;
        return { state: "failed", reason: describeFailure(error, texts()) };
    }
}

const usersQuery = (filter?: string): string =>
    `systemusers?$select=${USER_COLUMNS}${filter === undefined ? "" : `&$filter=${encodeURIComponent(filter)}`}`;
const userPath = (id: string): string => `systemusers(${normalizeId(id)})?$select=${USER_COLUMNS}`;

/** Every user that matches the filter (all users without one), a page at a time. */
export async function* userPages(api: WebApi, filter?: string): AsyncGenerator<User[]> {
    for await (const page of api.pages(usersQuery(filter))) yield page.map(parseUser);
}

export async function readUser(api: WebApi, id: string): Promise<User> {
    return theOneAsked(parseUser(await api.get(userPath(id))), id);
}

/** How to find one record of a table by id or by name, and what to say when none or several match. */
interface Lookup<T> {
    path: (id: string) => string;
    /** The collection query of the records with that name (an OData string literal). */
    named: (literal: string) => string;
    parse: (row: Row) => T;
    /** Whether a record found by name has that name: a server that ignored the filter is not believed. */
    hasName: (record: T, name: string) => boolean;
    noSuchId: (id: string) => string;
    noSuchName: string;
    /** "2 users have the user name or email address …" */
    several: (count: number) => string;
}

/** Every record a query by name finds, read page by page; a server that ignored the filter is not believed. */
async function allNamed<T>(
    api: WebApi,
    query: string,
    parse: (row: Row) => T,
    hasName: (record: T) => boolean,
): Promise<T[]> {
    const found: T[] = [];
    for await (const page of api.pages(query)) {
        const records = page.map(parse);
        if (!records.every(hasName))
            throw new CheckFailure("badResponse", "records that do not match the name asked for");
        found.push(...records);
    }
    return found;
}

/** The one record a reference names: a GUID is read (404 → a usage error), anything else must match exactly one by name. */
async function findOne<T extends { id: string }>(api: WebApi, reference: string, lookup: Lookup<T>): Promise<T> {
    if (isGuid(reference)) {
        const id = normalizeId(reference)!;
        try {
            return theOneAsked(lookup.parse(await api.get(lookup.path(id))), id);
        } catch (error) {
            if (error instanceof CheckFailure && error.status === 404) throw usage(lookup.noSuchId(id));
            throw error;
        }
    }
    const name = reference.trim();
    const found = await allNamed(api, lookup.named(odataString(name)), lookup.parse, (record) =>
        lookup.hasName(record, name),
    );
    if (found.length === 1) return found[0];
    if (found.length === 0) throw usage(lookup.noSuchName);
    throw usage(
        `${lookup.several(found.length)} (${found.map((record) => record.id).join(", ")}); give the id of the one you mean`,
    );
}

const userHasName = (user: User, name: string): boolean =>
    [user.userName, user.email].some((value) => value?.toLowerCase() === name.toLowerCase());

const userNamed = (literal: string): string =>
    usersQuery(`domainname eq ${literal} or internalemailaddress eq ${literal}`);

/** The users whose user name (domainname) or email address is this one: none, one, or (rarely) several. */
export function usersNamed(api: WebApi, name: string): Promise<User[]> {
    return allNamed(api, userNamed(odataString(name.trim())), parseUser, (user) => userHasName(user, name.trim()));
}

/** A user named by id, user name (domainname) or email address (internalemailaddress); exactly one must match. */
export function findUser(api: WebApi, reference: string): Promise<User> {
    return findOne(api, reference, {
        path: userPath,
        named: userNamed,
        parse: parseUser,
        hasName: userHasName,
        noSuchId: (id) =>
            `No user has the id ${id} in this environment; check the id with \`amc status\` or the admin center`,
        noSuchName: `No user has the user name or email address ${reference} in this environment; give the user's id, user name or primary email address`,
        several: (count) => `${count} users have the user name or email address ${reference}`,
    });
}

/** PATCH systemusers(<id>) {"accessmode": n} — the only column `amc set` writes. */
export async function writeAccessMode(api: WebApi, id: string, mode: number): Promise<void> {
    await api.update(`systemusers(${normalizeId(id)})`, { accessmode: mode });
}

interface BusinessUnit {
    id: string;
    name: string;
}

/** A business unit named by id or by name; exactly one must match. */
export function findBusinessUnit(api: WebApi, reference: string): Promise<BusinessUnit> {
    return findOne(api, reference, {
        path: (id) => `businessunits(${id})?$select=businessunitid,name`,
        named: (literal) =>
            `businessunits?$select=businessunitid,name&$filter=${encodeURIComponent(`name eq ${literal}`)}`,
        parse: (row) => {
            const id = idOf(row.businessunitid);
            if (id === null) throw new CheckFailure("badResponse", "a business unit without a valid id");
            return { id, name: text(row.name) ?? "" };
        },
        hasName: (unit, name) => unit.name.toLowerCase() === name.toLowerCase(),
        noSuchId: (id) => `No business unit has the id ${id}; give the name or id of an existing business unit`,
        noSuchName: `No business unit is named ${reference}; give the name or id of an existing business unit`,
        several: (count) => `${count} business units are named ${reference}`,
    });
}

/** The levels that must all audit for Access Mode changes to reach the audit log (dataverse-facts §12). */
export type AuditLevel = "organization" | "table" | "column";

export interface AuditSettings {
    /** The number audit rows name the Access Mode column by in their attributemask (its ColumnNumber in the table's definition). */
    columnNumber: number;
    /** The levels where auditing is off. */
    off: AuditLevel[];
}

/** IsAuditEnabled of a table or column definition is a BooleanManagedProperty, `{"Value": true, …}` (Learn, AttributeMetadata). */
function managedBoolean(property: unknown): boolean {
    const value = (property as { Value?: unknown } | null)?.Value;
    if (typeof value !== "boolean") throw new CheckFailure("badResponse");
    return value;
}

/** GET organizations, the User table's and its Access Mode column's definitions: whether each audits, and the column's number. */
export async function auditSettings(api: WebApi): Promise<AuditSettings> {
    const [organizations, table, column] = await Promise.all([
        api.get("organizations?$select=isauditenabled"),
        api.get("EntityDefinitions(LogicalName='systemuser')?$select=IsAuditEnabled"),
        api.get(
            "EntityDefinitions(LogicalName='systemuser')/Attributes(LogicalName='accessmode')?$select=ColumnNumber,IsAuditEnabled",
        ),
    ]);
    const organization = Array.isArray(organizations.value)
        ? (organizations.value[0] as Row | undefined)?.isauditenabled
        : undefined;
    if (typeof organization !== "boolean" || typeof column.ColumnNumber !== "number")
        throw new CheckFailure("badResponse");
    const on: Record<AuditLevel, boolean> = {
        organization,
        table: managedBoolean(table.IsAuditEnabled),
        column: managedBoolean(column.IsAuditEnabled),
    };
    return { columnNumber: column.ColumnNumber, off: (Object.keys(on) as AuditLevel[]).filter((level) => !on[level]) };
}

/** One audited update of a user, without its values (the audits table has no readable old values: docs/amc.md). */
export interface AuditRow {
    auditId: string;
    userId: string;
    on: string;
    by: string | null;
    /** The column numbers its attributemask lists; null when it lists none readably (then only its details tell). */
    changedColumns: readonly number[] | null;
}

/** "37,112" (as Dataverse writes it; stray commas around it are skipped) → [37, 112]; null for no mask, or one that is not a list of numbers. */
function columnNumbers(mask: string | null): number[] | null {
    const numbers = (mask ?? "")
        .split(",")
        .filter((part) => part.trim() !== "")
        .map(Number);
    return numbers.length > 0 && numbers.every(Number.isInteger) ? numbers : null;
}

/**
 * GET audits: every audited update of a user (of one user, given its id), newest first, a page at a time (needs
 * prvReadAuditSummary). The order is unique — createdon alone may repeat or skip rows between pages (dataverse-facts §12).
 */
export async function* userUpdateAudits(api: WebApi, userId?: string): AsyncGenerator<AuditRow[]> {
    const filter = `objecttypecode eq 'systemuser' and operation eq 2${userId === undefined ? "" : ` and _objectid_value eq ${normalizeId(userId)}`}`;
    const query = `audits?$select=auditid,createdon,_objectid_value,_userid_value,attributemask&$filter=${encodeURIComponent(filter)}&$orderby=${encodeURIComponent("createdon desc,auditid desc")}`;
    for await (const page of api.pages(query, { annotations: true })) {
        yield page.flatMap((row) => {
            const auditId = idOf(row.auditid);
            const userId = idOf(row._objectid_value);
            const on = text(row.createdon);
            if (auditId === null || userId === null || on === null) return [];
            return [
                {
                    auditId,
                    userId,
                    on,
                    by: text(row["_userid_value@OData.Community.Display.V1.FormattedValue"]),
                    changedColumns: columnNumbers(text(row.attributemask)),
                },
            ];
        });
    }
}

/** GET audits(<id>)/Microsoft.Dynamics.CRM.RetrieveAuditDetails: the access mode change of that update, null when it changed none. */
export async function accessModeChange(api: WebApi, row: AuditRow): Promise<ModeChange | null> {
    const detail = (await api.get(`audits(${row.auditId})/Microsoft.Dynamics.CRM.RetrieveAuditDetails`)).AuditDetail as
        Record<string, Record<string, unknown> | undefined> | undefined;
    const from = detail?.OldValue?.accessmode;
    const to = detail?.NewValue?.accessmode;
    return typeof from === "number" && typeof to === "number" && from !== to
        ? { from, to, on: row.on, by: row.by }
        : null;
}
