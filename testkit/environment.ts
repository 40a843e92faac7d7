/**
 * The whole environment behind the scripted Dataverse, for the `amc` command line: a table of users (generated on the fly,
 * so 100,000 of them cost no memory), the signed-in user, business units and the audit log; and the Web API answers
 * that read and write them (shapes: ../shared/dataverse-facts.md §4, §10, §11 and Microsoft Learn, see docs/amc.md).
 * The control's scenarios have no environment and never reach this file.
 */
import { GUID, ODataError, Filter, matches, maxPageSize, parseFilter, parseSelect } from "./odata";

export interface EnvironmentUser {
    systemuserid: string;
    fullname: string;
    domainname: string;
    internalemailaddress: string;
    accessmode: number;
    islicensed: boolean;
    isdisabled: boolean;
    applicationid: string | null;
    azureactivedirectoryobjectid: string | null;
}

export interface BusinessUnit {
    businessunitid: string;
    name: string;
}

/** One audited update of a user: the columns it changed, before and after. */
export interface AuditEntry {
    auditid: string;
    /** The user record changed. */
    objectid: string;
    /** Who changed it, and the name Dataverse formats for them. */
    userid: string;
    userName: string;
    createdon: string;
    old: Record<string, unknown>;
    new: Record<string, unknown>;
    /** The row's attributemask when it is not the changed columns' numbers (null: Dataverse wrote none). */
    attributemask?: string | null;
}

export const USER_COLUMNS: ReadonlySet<string> = new Set([
    "systemuserid",
    "fullname",
    "firstname",
    "lastname",
    "domainname",
    "internalemailaddress",
    "accessmode",
    "islicensed",
    "isdisabled",
    "applicationid",
    "azureactivedirectoryobjectid",
]);
/** The ColumnNumber of each systemuser column the audit rows name (attributemask lists these); made up, as the real ones are per environment. */
const COLUMN_NUMBERS: Readonly<Record<string, number>> = {
    systemuserid: 1,
    firstname: 6,
    lastname: 7,
    fullname: 8,
    title: 12,
    domainname: 14,
    internalemailaddress: 15,
    mobilephone: 21,
    isdisabled: 31,
    accessmode: 37,
    islicensed: 96,
    applicationid: 120,
    azureactivedirectoryobjectid: 130,
};

/** What Dataverse writes in attributemask: the changed columns' numbers, comma-separated ("7,37"; real audit rows, dataverse-facts §12). */
function attributemask(entry: AuditEntry): string | null {
    if (entry.attributemask !== undefined) return entry.attributemask;
    const numbers = Object.keys({ ...entry.old, ...entry.new }).map((column) => {
        if (!(column in COLUMN_NUMBERS))
            throw new Error(`The scripted environment has no column number for '${column}'; add it to COLUMN_NUMBERS.`);
        return COLUMN_NUMBERS[column];
    });
    return numbers.join(",");
}

const AUDIT_COLUMNS: ReadonlySet<string> = new Set([
    "auditid",
    "createdon",
    "_objectid_value",
    "_userid_value",
    "objecttypecode",
    "operation",
    "action",
    "attributemask",
]);
const BUSINESS_UNIT_COLUMNS: ReadonlySet<string> = new Set(["businessunitid", "name"]);

const GENERATED_ID = /^10000000-0000-4000-8000-(\d{12})$/;

/** The id of the i-th generated user. */
function generatedUserId(index: number): string {
    return `10000000-0000-4000-8000-${String(index).padStart(12, "0")}`;
}

/** A licensed, enabled Read-Write user: what most of an environment is made of. */
export function plainUser(index: number): EnvironmentUser {
    return {
        systemuserid: generatedUserId(index),
        fullname: `User ${index}`,
        domainname: `user${index}@contoso.example`,
        internalemailaddress: `user${index}@contoso.example`,
        accessmode: 0,
        islicensed: true,
        isdisabled: false,
        applicationid: null,
        azureactivedirectoryobjectid: null,
    };
}

/**
 * The users: the given ones first, then `generated` plain users made when read, then those created through the Web API.
 * Only the given, changed and created users are held in memory.
 */
export class UserTable {
    private readonly given: EnvironmentUser[];
    private readonly changes = new Map<string, Partial<EnvironmentUser>>();
    private readonly created: EnvironmentUser[] = [];
    /** Where the given and created users are; a generated user's id says where it is. */
    private readonly indexById = new Map<string, number>();

    constructor(
        given: readonly EnvironmentUser[],
        private readonly generated = 0,
    ) {
        this.given = given.map((user) => ({ ...user, systemuserid: user.systemuserid.toLowerCase() }));
        this.given.forEach((user, index) => this.indexById.set(user.systemuserid, index));
    }

    get size(): number {
        return this.given.length + this.generated + this.created.length;
    }

    at(index: number): EnvironmentUser {
        const g = this.given.length;
        const user =
            index < g
                ? this.given[index]
                : index < g + this.generated
                  ? plainUser(index - g)
                  : this.created[index - g - this.generated];
        const changed = this.changes.get(user.systemuserid);
        return changed ? { ...user, ...changed } : user;
    }

    byId(id: string): EnvironmentUser | null {
        const wanted = id.toLowerCase();
        const generated = GENERATED_ID.exec(wanted);
        const index =
            generated && Number(generated[1]) < this.generated
                ? this.given.length + Number(generated[1])
                : (this.indexById.get(wanted) ?? -1);
        return index < 0 ? null : this.at(index);
    }

    update(id: string, changes: Partial<EnvironmentUser>): void {
        this.changes.set(id.toLowerCase(), { ...this.changes.get(id.toLowerCase()), ...changes });
    }

    add(user: EnvironmentUser): void {
        this.indexById.set(user.systemuserid, this.size);
        this.created.push(user);
    }

    /** The users that take a non-interactive seat (dataverse-facts §2). */
    seatHolders(): number {
        let count = 0;
        for (let i = 0; i < this.size; i++) {
            const user = this.at(i);
            if (user.accessmode === 4 && !user.isdisabled && user.applicationid === null) count++;
        }
        return count;
    }
}

export interface Environment {
    users: UserTable;
    /** WhoAmI's UserId. */
    signedInUserId: string;
    businessUnits?: readonly BusinessUnit[];
    /**
     * Auditing on or off for the organization, the User table (on unless told) and its Access Mode column (on unless
     * told), and the audited updates of users (newest last).
     */
    audit?: { enabled: boolean; table?: boolean; column?: boolean; entries: readonly AuditEntry[] };
    /** Privileges the signed-in user lacks: reading the audit log (prvReadAuditSummary), creating users (prvCreateUser). */
    missingPrivileges?: readonly ("prvReadAuditSummary" | "prvCreateUser")[];
    /**
     * The directory sync resets one user: after `afterReads` reads of that user's record, it sets its access mode to
     * `resetTo` — as Dataverse does when a licence change reaches it (dataverse-facts §2) — and the audit log records it.
     */
    directorySync?: { userId: string; afterReads: number; resetTo: number };
    /** MaxNumberOfNonInteractiveUsers, and the limit a write of access mode 4 is refused at. */
    nonInteractiveLimit?: number;
    /** PATCH and POST are answered; without it every write is refused, as for the control. */
    writes?: boolean;
    /** The bearer token every request must carry; 401 otherwise. */
    token?: string;
    /** Users created through the Web API come out disabled (a directly created Entra user may, dataverse-facts §11). */
    createdDisabled?: boolean;
    /** After a write of access mode 4, the directory sync at once sets this mode instead (the reset of dataverse-facts §2). */
    syncResetTo?: number;
}

/** What the server needs to answer one Web API request. */
export interface ApiRequest {
    method: string;
    resource: string;
    /** The raw query string, undecoded, with its "?". */
    search: string;
    headers: Record<string, string | string[] | undefined>;
    body: string;
    /** The server's origin, for the links it writes (nextLink, OData-EntityId). */
    origin: string;
}

export interface ApiReply {
    status: number;
    body?: unknown;
    headers?: Record<string, string>;
}

/** The routes an environment answers; a scenario's faults are given per route. */
export type Route =
    | "whoAmI"
    | "organizationResources"
    | "users"
    | "user"
    | "businessUnits"
    | "audits"
    | "auditDetails"
    | "organizations"
    | "userTableDefinition"
    | "userColumnDefinition"
    | "update"
    | "create";

/** The organization's address; it only ever appears inside @odata.context, as Dataverse writes it. */
export const ORG_URL = "https://contoso.crm4.dynamics.com";
const ORGANIZATION_ID = "0c1d2e3f-4a5b-4c6d-8e7f-000000000001";

export function dataverseErrorBody(code: string, message: string): unknown {
    return { error: { code, message } };
}

/** What Dataverse answers a user without a privilege: 403, PrivilegeDenied (dataverse-facts §12; Learn, "Troubleshoot Dataverse client errors"). */
function privilegeDenied(env: Environment, privilege: string, on: string): ApiReply {
    return {
        status: 403,
        body: dataverseErrorBody(
            "0x80040220",
            `Principal user (Id=${env.signedInUserId}, type=8, roleCount=1, privilegeCount=412, accessMode=0), is missing ${privilege} privilege (Id=3d3ad6e1-0000-4000-8000-000000000001) on OTC=${on}.`,
        ),
    };
}

/** IsAuditEnabled as table and column definitions carry it: a BooleanManagedProperty (Learn, EntityMetadata / AttributeMetadata). */
function managedProperty(value: boolean): unknown {
    return { Value: value, CanBeChanged: true, ManagedPropertyLogicalName: "canmodifyauditsettings" };
}

function badRequest(message: string): ApiReply {
    return { status: 400, body: dataverseErrorBody("0x80060888", message) };
}

function notFound(message: string): ApiReply {
    return { status: 404, body: dataverseErrorBody("0x80040217", message) };
}

/** The systemuser table's definition, and a column of it by its logical name (Learn, "Query table definitions using the Web API"); other metadata is unknown here. */
const TABLE_DEFINITION = "EntityDefinitions(LogicalName='systemuser')";
const COLUMN_DEFINITION = /^EntityDefinitions\(LogicalName='systemuser'\)\/Attributes\(LogicalName='(\w+)'\)$/;

/** Which route a request is for, or null when the environment does not know it. */
export function routeOf(r: Pick<ApiRequest, "method" | "resource">): Route | null {
    const get = r.method === "GET";
    if (get && /^WhoAmI(\(\))?$/.test(r.resource)) return "whoAmI";
    if (get && r.resource === "RetrieveOrganizationResources()") return "organizationResources";
    if (r.resource === "systemusers") return get ? "users" : r.method === "POST" ? "create" : null;
    if (new RegExp(`^systemusers\\(${GUID}\\)$`).test(r.resource))
        return get ? "user" : r.method === "PATCH" ? "update" : null;
    if (get && new RegExp(`^businessunits(\\(${GUID}\\))?$`).test(r.resource)) return "businessUnits";
    if (get && r.resource === "audits") return "audits";
    if (
        get &&
        new RegExp(`^audits\\(${GUID}\\)/Microsoft\\.Dynamics\\.CRM\\.RetrieveAuditDetails(\\(\\))?$`).test(r.resource)
    )
        return "auditDetails";
    if (get && r.resource === "organizations") return "organizations";
    if (get && r.resource === TABLE_DEFINITION) return "userTableDefinition";
    if (get && COLUMN_DEFINITION.test(r.resource)) return "userColumnDefinition";
    return null;
}

/** The query options of a request, each given at most once. */
function queryOptions(search: string): Map<string, string> {
    const options = new Map<string, string>();
    for (const [name, value] of new URLSearchParams(search)) {
        if (options.has(name)) throw new ODataError(`The query option '${name}' was specified more than once.`);
        options.set(name, value);
    }
    return options;
}

function only(options: Map<string, string>, allowed: readonly string[]): void {
    const unknown = [...options.keys()].find((name) => !allowed.includes(name));
    if (unknown !== undefined) throw new ODataError(`This scripted Dataverse does not answer '${unknown}' here.`);
}

function idIn(resource: string): string {
    return new RegExp(`\\((${GUID})\\)`).exec(resource)![1].toLowerCase();
}

function pick(row: Record<string, unknown>, columns: readonly string[], always: string): Record<string, unknown> {
    const picked: Record<string, unknown> = {};
    for (const column of columns) picked[column] = column in row ? row[column] : null;
    picked[always] = row[always];
    return picked;
}

function userView(user: EnvironmentUser): Record<string, unknown> {
    const [firstname, ...rest] = user.fullname.split(" ");
    return { ...user, firstname, lastname: rest.join(" ") };
}

/**
 * One page of a collection: up to the page size asked for, from the position in `$skiptoken`, and an absolute
 * `@odata.nextLink` (the same query, the next position) when more rows match.
 */
function collectionPage(
    r: ApiRequest,
    set: string,
    rows: (index: number) => Record<string, unknown> | undefined,
    columns: ReadonlySet<string>,
    entity: string,
    key: string,
    annotate: (row: Record<string, unknown>, picked: Record<string, unknown>) => void = () => undefined,
): ApiReply {
    const options = queryOptions(r.search);
    only(options, ["$select", "$filter", "$orderby", "$skiptoken"]);
    const select = parseSelect(options.get("$select") ?? null, columns, entity);
    const filter: Filter | null = options.has("$filter") ? parseFilter(options.get("$filter")!, columns, entity) : null;
    const orderby = options.get("$orderby");
    if (orderby !== undefined && orderby !== "createdon desc" && orderby !== "createdon desc,auditid desc")
        throw new ODataError(`This scripted Dataverse does not sort by '${orderby}'.`);
    const token = options.get("$skiptoken");
    const start = token === undefined ? 0 : Number(/position="(\d+)"/.exec(token)?.[1] ?? NaN);
    if (!Number.isInteger(start)) throw new ODataError(`The $skiptoken '${token}' is not one this server wrote.`);
    const size = maxPageSize(headerOf(r, "prefer"));
    const value: Record<string, unknown>[] = [];
    let next: number | null = null;
    for (let index = start, row = rows(index); row !== undefined; row = rows(++index)) {
        if (filter !== null && !matches(filter, row)) continue;
        if (value.length === size) {
            next = index;
            break;
        }
        const picked = { "@odata.etag": `W/"${5000 + index}"`, ...pick(row, select, key) };
        annotate(row, picked);
        value.push(picked);
    }
    const body: Record<string, unknown> = {
        "@odata.context": `${ORG_URL}/api/data/v9.2/$metadata#${set}(${select.join(",")})`,
        value,
    };
    if (next !== null) {
        const link = new URLSearchParams(r.search);
        link.set("$skiptoken", `<cookie pagenumber="${Math.floor(start / size) + 2}" position="${next}" />`);
        body["@odata.nextLink"] = `${r.origin}/api/data/v9.2/${set}?${link.toString().replace(/\+/g, "%20")}`;
    }
    const headers: Record<string, string> = headerOf(r, "prefer")?.includes("odata.maxpagesize")
        ? { "Preference-Applied": `odata.maxpagesize=${size}` }
        : {};
    return { status: 200, body, headers };
}

function headerOf(r: Pick<ApiRequest, "headers">, name: string): string | undefined {
    const value = r.headers[name];
    return Array.isArray(value) ? value.join(",") : value;
}

function wantsAnnotations(r: ApiRequest): boolean {
    return /odata\.include-annotations="\*"/.test(headerOf(r, "prefer") ?? "");
}

function jsonBody(r: ApiRequest): Record<string, unknown> {
    if (!/^application\/json/.test(headerOf(r, "content-type") ?? ""))
        throw new ODataError("A write must be sent as Content-Type: application/json.");
    let body: unknown;
    try {
        body = JSON.parse(r.body);
    } catch {
        throw new ODataError("The request body is not valid JSON.");
    }
    if (!body || typeof body !== "object" || Array.isArray(body))
        throw new ODataError("The request body must be a JSON object.");
    return body as Record<string, unknown>;
}

const SEATS_FULL =
    "Your organization has reached its maximum number of non-interactive users. To mark this account as non-interactive, mark another user account as interactive or deactivate a user account.";
/**
 * No code is documented for the non-interactive limit (dataverse-facts §12; 0x80040220 is PrivilegeDenied): a code no
 * Learn page lists, so that nothing can rely on it; only the message tells.
 */
const SEATS_FULL_CODE = "0x8004f0ff";
/** ApplicationUserCannotChangeAccessMode (Learn: web service error codes). */
function applicationUserRefusal(): ApiReply {
    return {
        status: 400,
        body: dataverseErrorBody("0x80040d40", "An application user's access mode cannot be changed."),
    };
}

/** The environment's answer to a request of a known route (the seats are the server's own organizationResources()). */
export function answerEnvironment(
    env: Environment,
    route: Exclude<Route, "organizationResources">,
    r: ApiRequest,
): ApiReply {
    try {
        return answerRoute(env, route, r);
    } catch (error) {
        if (error instanceof ODataError) return badRequest(error.message);
        throw error;
    }
}

function answerRoute(env: Environment, route: Exclude<Route, "organizationResources">, r: ApiRequest): ApiReply {
    const limit = env.nonInteractiveLimit ?? 7;
    switch (route) {
        case "whoAmI":
            return {
                status: 200,
                body: {
                    "@odata.context": `${ORG_URL}/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
                    BusinessUnitId: env.businessUnits?.[0]?.businessunitid ?? "0c1d2e3f-4a5b-4c6d-8e7f-0000000000b0",
                    UserId: env.signedInUserId,
                    OrganizationId: ORGANIZATION_ID,
                },
            };
        case "users":
            return collectionPage(
                r,
                "systemusers",
                (i) => (i < env.users.size ? userView(env.users.at(i)) : undefined),
                USER_COLUMNS,
                "systemuser",
                "systemuserid",
            );
        case "user": {
            directorySync(env, idIn(r.resource));
            const user = env.users.byId(idIn(r.resource));
            if (!user) return notFound(`systemuser With Id = ${idIn(r.resource)} Does Not Exist`);
            const options = queryOptions(r.search);
            only(options, ["$select"]);
            const select = parseSelect(options.get("$select") ?? null, USER_COLUMNS, "systemuser");
            return {
                status: 200,
                body: {
                    "@odata.context": `${ORG_URL}/api/data/v9.2/$metadata#systemusers(${select.join(",")})/$entity`,
                    "@odata.etag": 'W/"4711"',
                    ...pick(userView(user), select, "systemuserid"),
                },
            };
        }
        case "businessUnits": {
            const units = env.businessUnits ?? [];
            if (r.resource !== "businessunits") {
                const unit = units.find((u) => u.businessunitid === idIn(r.resource));
                if (!unit) return notFound(`businessunit With Id = ${idIn(r.resource)} Does Not Exist`);
                const select = parseSelect(
                    queryOptions(r.search).get("$select") ?? null,
                    BUSINESS_UNIT_COLUMNS,
                    "businessunit",
                );
                return {
                    status: 200,
                    body: {
                        "@odata.context": `${ORG_URL}/api/data/v9.2/$metadata#businessunits(${select.join(",")})/$entity`,
                        ...pick({ ...unit }, select, "businessunitid"),
                    },
                };
            }
            return collectionPage(
                r,
                "businessunits",
                (i) => (units[i] ? { ...units[i] } : undefined),
                BUSINESS_UNIT_COLUMNS,
                "businessunit",
                "businessunitid",
            );
        }
        case "audits": {
            if (env.missingPrivileges?.includes("prvReadAuditSummary"))
                return privilegeDenied(env, "prvReadAuditSummary", "4567 for entity 'audit'");
            const entries = env.audit?.enabled ? [...env.audit.entries].reverse() : [];
            const annotate = wantsAnnotations(r)
                ? (row: Record<string, unknown>, picked: Record<string, unknown>) => {
                      if ("_userid_value" in picked)
                          picked["_userid_value@OData.Community.Display.V1.FormattedValue"] = row.userName;
                      if ("createdon" in picked)
                          picked["createdon@OData.Community.Display.V1.FormattedValue"] = new Date(
                              String(row.createdon),
                          ).toUTCString();
                  }
                : undefined;
            const row = (i: number): Record<string, unknown> | undefined => {
                const entry = entries[i];
                if (!entry) return undefined;
                return {
                    auditid: entry.auditid,
                    createdon: entry.createdon,
                    _objectid_value: entry.objectid,
                    _userid_value: entry.userid,
                    userName: entry.userName,
                    objecttypecode: "systemuser",
                    operation: 2,
                    action: 2,
                    attributemask: attributemask(entry),
                };
            };
            return collectionPage(r, "audits", row, AUDIT_COLUMNS, "audit", "auditid", annotate);
        }
        case "auditDetails": {
            const entry = env.audit?.enabled
                ? env.audit.entries.find((e) => e.auditid === idIn(r.resource))
                : undefined;
            if (!entry) return notFound(`audit With Id = ${idIn(r.resource)} Does Not Exist`);
            return {
                status: 200,
                body: {
                    "@odata.context": `${ORG_URL}/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.RetrieveAuditDetailsResponse`,
                    AuditDetail: {
                        "@odata.type": "#Microsoft.Dynamics.CRM.AttributeAuditDetail",
                        InvalidNewValueAttributes: [],
                        LocLabelLanguageCode: 0,
                        DeletedAttributes: { Count: 0, Keys: [], Values: [] },
                        OldValue: { "@odata.type": "#Microsoft.Dynamics.CRM.systemuser", ...entry.old },
                        NewValue: { "@odata.type": "#Microsoft.Dynamics.CRM.systemuser", ...entry.new },
                    },
                },
            };
        }
        case "organizations": {
            const options = queryOptions(r.search);
            only(options, ["$select"]);
            const select = parseSelect(
                options.get("$select") ?? null,
                new Set(["organizationid", "isauditenabled", "auditretentionperiodv2"]),
                "organization",
            );
            const row = {
                organizationid: ORGANIZATION_ID,
                isauditenabled: env.audit?.enabled ?? false,
                auditretentionperiodv2: 30,
            };
            return {
                status: 200,
                body: {
                    "@odata.context": `${ORG_URL}/api/data/v9.2/$metadata#organizations(${select.join(",")})`,
                    value: [pick(row, select, "organizationid")],
                },
            };
        }
        case "userTableDefinition": {
            const options = queryOptions(r.search);
            only(options, ["$select"]);
            const select = parseSelect(
                options.get("$select") ?? null,
                new Set(["IsAuditEnabled", "LogicalName", "MetadataId"]),
                "EntityMetadata",
            );
            const definition = {
                IsAuditEnabled: managedProperty(env.audit?.table ?? true),
                LogicalName: "systemuser",
                MetadataId: "e0000000-0000-4000-8000-000000000008",
            };
            return {
                status: 200,
                body: {
                    "@odata.context": `${ORG_URL}/api/data/v9.2/$metadata#EntityDefinitions(${select.join(",")})/$entity`,
                    ...pick(definition, select, "MetadataId"),
                },
            };
        }
        case "userColumnDefinition": {
            const name = COLUMN_DEFINITION.exec(r.resource)![1];
            if (!(name in COLUMN_NUMBERS))
                return notFound(`Could not find an attribute with LogicalName = '${name}' on the entity 'systemuser'.`);
            const options = queryOptions(r.search);
            only(options, ["$select"]);
            const select = parseSelect(
                options.get("$select") ?? null,
                new Set(["ColumnNumber", "IsAuditEnabled", "LogicalName", "MetadataId"]),
                "AttributeMetadata",
            );
            const definition = {
                ColumnNumber: COLUMN_NUMBERS[name],
                IsAuditEnabled: managedProperty(name === "accessmode" ? (env.audit?.column ?? true) : true),
                LogicalName: name,
                MetadataId: `f0000000-0000-4000-8000-${String(COLUMN_NUMBERS[name]).padStart(12, "0")}`,
            };
            return {
                status: 200,
                body: {
                    "@odata.context": `${ORG_URL}/api/data/v9.2/$metadata#EntityDefinitions('systemuser')/Attributes(${select.join(",")})/$entity`,
                    ...pick(definition, select, "MetadataId"),
                },
            };
        }
        case "update":
            return update(env, r, limit);
        case "create":
            return create(env, r, limit);
    }
}

const userReads = new WeakMap<Environment, number>();

/** Counts a read of the directory sync's user; the read after `afterReads` finds it reset, and the audit log says so. */
function directorySync(env: Environment, id: string): void {
    const sync = env.directorySync;
    if (sync === undefined || sync.userId.toLowerCase() !== id) return;
    const reads = (userReads.get(env) ?? 0) + 1;
    userReads.set(env, reads);
    const user = env.users.byId(id);
    if (reads !== sync.afterReads + 1 || !user || user.accessmode === sync.resetTo) return;
    env.users.update(id, { accessmode: sync.resetTo });
    const entry: AuditEntry = {
        auditid: `d0000000-0000-4000-8000-${String(900000 + reads).padStart(12, "0")}`,
        objectid: user.systemuserid,
        userid: "e0000000-0000-4000-8000-000000000001",
        userName: "CDSUserManagement",
        createdon: "2026-12-01T08:30:00Z",
        old: { accessmode: user.accessmode },
        new: { accessmode: sync.resetTo },
    };
    if (env.audit?.enabled) env.audit = { ...env.audit, entries: [...env.audit.entries, entry] };
}

const WRITABLE_ON_UPDATE = new Set([
    "accessmode",
    "firstname",
    "lastname",
    "domainname",
    "internalemailaddress",
    "isdisabled",
]);
// azureactivedirectoryobjectid is not valid for create: the directory sync sets it (dataverse-facts §12, the systemuser table reference).
const WRITABLE_ON_CREATE = new Set([
    "accessmode",
    "firstname",
    "lastname",
    "domainname",
    "internalemailaddress",
    "businessunitid@odata.bind",
]);

function checkAccessMode(value: unknown): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 5) {
        throw new ODataError(
            `A validation error occurred. The value ${JSON.stringify(value)} of 'accessmode' on record of type 'systemuser' is outside the valid range.`,
        );
    }
    return value;
}

function checkColumns(body: Record<string, unknown>, writable: ReadonlySet<string>): void {
    const unknown = Object.keys(body).find((column) => !writable.has(column));
    if (unknown !== undefined)
        throw new ODataError(`Invalid property '${unknown}' was found in entity 'Microsoft.Dynamics.CRM.systemuser'.`);
}

/** PATCH systemusers(<id>) with If-Match: * (no upsert): the record must exist. */
function update(env: Environment, r: ApiRequest, limit: number): ApiReply {
    if (headerOf(r, "if-match") !== "*")
        throw new ODataError(
            "This scripted Dataverse wants If-Match: * on every update, so that none creates a record.",
        );
    const body = jsonBody(r);
    checkColumns(body, WRITABLE_ON_UPDATE);
    const user = env.users.byId(idIn(r.resource));
    if (!user) return notFound(`systemuser With Id = ${idIn(r.resource)} Does Not Exist`);
    const changes: Partial<EnvironmentUser> = {};
    if ("accessmode" in body) {
        const mode = checkAccessMode(body.accessmode);
        if (user.applicationid !== null) return applicationUserRefusal();
        const takesSeat = mode === 4 && user.accessmode !== 4 && !user.isdisabled;
        if (takesSeat && env.users.seatHolders() >= limit)
            return { status: 400, body: dataverseErrorBody(SEATS_FULL_CODE, SEATS_FULL) };
        changes.accessmode = mode === 4 && env.syncResetTo !== undefined ? env.syncResetTo : mode;
        // An unlicensed user switched to an interactive mode that needs a licence is disabled (dataverse-facts §2).
        if ((mode === 0 || mode === 2) && !user.islicensed) changes.isdisabled = true;
    }
    env.users.update(user.systemuserid, changes);
    return { status: 204 };
}

let createdCount = 0;

/** POST systemusers: the body of dataverse-facts §11 and §12 (domainname and internalemailaddress are required), checked column by column. */
function create(env: Environment, r: ApiRequest, limit: number): ApiReply {
    if (env.missingPrivileges?.includes("prvCreateUser"))
        return privilegeDenied(env, "prvCreateUser", "8 for entity 'systemuser'");
    const body = jsonBody(r);
    checkColumns(body, WRITABLE_ON_CREATE);
    const mode = checkAccessMode(body.accessmode);
    for (const column of ["firstname", "lastname", "domainname", "internalemailaddress"]) {
        if (typeof body[column] !== "string" || (body[column] as string).trim() === "")
            throw new ODataError(`'${column}' must be given as text.`);
    }
    const unit = new RegExp(`^/businessunits\\((${GUID})\\)$`).exec(String(body["businessunitid@odata.bind"] ?? ""));
    if (!unit || !(env.businessUnits ?? []).some((u) => u.businessunitid === unit[1].toLowerCase())) {
        throw new ODataError(
            "'businessunitid@odata.bind' must name an existing business unit as /businessunits(<id>).",
        );
    }
    const domainname = String(body.domainname);
    for (let i = 0; i < env.users.size; i++) {
        if (env.users.at(i).domainname.toLowerCase() === domainname.toLowerCase()) {
            return {
                status: 400,
                body: dataverseErrorBody("0x80040237", "A record with matching key values already exists."),
            };
        }
    }
    if (mode === 4 && !env.createdDisabled && env.users.seatHolders() >= limit)
        return { status: 400, body: dataverseErrorBody(SEATS_FULL_CODE, SEATS_FULL) };
    createdCount++;
    const id = `20000000-0000-4000-8000-${String(createdCount).padStart(12, "0")}`;
    env.users.add({
        systemuserid: id,
        fullname: `${String(body.firstname)} ${String(body.lastname)}`,
        domainname,
        internalemailaddress: String(body.internalemailaddress),
        accessmode: mode,
        islicensed: false,
        isdisabled: env.createdDisabled ?? false,
        applicationid: null,
        azureactivedirectoryobjectid: null,
    });
    return { status: 204, headers: { "OData-EntityId": `${r.origin}/api/data/v9.2/systemusers(${id})` } };
}
