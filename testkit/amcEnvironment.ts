/**
 * Ready-made environments of the scripted Dataverse for the `amc` tests: one user of each kind the rules tell apart,
 * the signed-in admin, a business unit, the token the server wants, and builders for the rest.
 */
import type { TokenCredential } from "@azure/identity";
import { AuditEntry, EnvironmentUser, Environment, plainUser, UserTable } from "./environment";

export const TOKEN = "eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJhbWMtdGVzdHMifQ.c2lnbmF0dXJlLWZvci10ZXN0cw";
export const BUSINESS_UNIT = { businessunitid: "b0000000-0000-4000-8000-000000000001", name: "Contoso" };

let next = 0;
/** A user of the environment: licensed, enabled Read-Write unless told otherwise. */
export function user(name: string, changes: Partial<EnvironmentUser> = {}): EnvironmentUser {
    next++;
    const login = name.toLowerCase().replace(/[^a-z]+/g, ".");
    return {
        systemuserid: `a0000000-0000-4000-8000-${String(next).padStart(12, "0")}`,
        fullname: name,
        domainname: `${login}@contoso.example`,
        internalemailaddress: `${login}@contoso.example`,
        accessmode: 0,
        islicensed: true,
        isdisabled: false,
        applicationid: null,
        azureactivedirectoryobjectid: null,
        ...changes,
    };
}

export const ADMIN = user("Ada Admin");
export const JANE = user("Jane Doe");
export const UNLICENSED = user("Sam Unlicensed", { accessmode: 1, islicensed: false });
export const INTEGRATION = user("Integration Account", { accessmode: 4, islicensed: true });
export const SERVICE = user("Service Account", { accessmode: 4, islicensed: false });
export const RETIRED = user("Retired Integration", { accessmode: 4, islicensed: false, isdisabled: true });
export const APP = user("# Reporting App", {
    accessmode: 4,
    islicensed: false,
    applicationid: "c0000000-0000-4000-8000-000000000001",
});
export const SUPPORT = user("Support User", { accessmode: 3, domainname: "crmoln@microsoft.com", islicensed: false });
export const DELEGATED = user("Delegated Admin", {
    accessmode: 5,
    domainname: "crmoln2@microsoft.com",
    islicensed: false,
});
export const FUTURE = user("Future Mode", { accessmode: 9 });
/** Non-interactive until the directory sync set it to Administrative (the audit log says so). */
export const RESET = user("Reset By Sync", { accessmode: 1, islicensed: false });

export const EVERYONE: readonly EnvironmentUser[] = [
    ADMIN,
    JANE,
    UNLICENSED,
    INTEGRATION,
    SERVICE,
    RETIRED,
    APP,
    SUPPORT,
    DELEGATED,
    FUTURE,
    RESET,
];

let auditCount = 0;
/** An audited update of a user's columns (newest last in an environment's list). */
export function audited(
    target: EnvironmentUser,
    old: Record<string, unknown>,
    now: Record<string, unknown>,
    on: string,
    by = "CDSUserManagement",
): AuditEntry {
    auditCount++;
    return {
        auditid: `d0000000-0000-4000-8000-${String(auditCount).padStart(12, "0")}`,
        objectid: target.systemuserid,
        userid: "e0000000-0000-4000-8000-000000000001",
        userName: by,
        createdon: on,
        old,
        new: now,
    };
}

/** RESET's history: made non-interactive by the admin, then set back to Administrative by the sync; and another user's rename. */
export const RESET_HISTORY: readonly AuditEntry[] = [
    audited(RESET, { accessmode: 1 }, { accessmode: 4 }, "2026-11-20T09:00:00Z", "Ada Admin"),
    audited(RESET, { accessmode: 4 }, { accessmode: 1 }, "2026-11-20T09:14:00Z"),
    audited(JANE, { lastname: "Smith" }, { lastname: "Doe" }, "2026-11-21T10:00:00Z", "Ada Admin"),
];

/**
 * What the directory sync writes all day: `perUser` audited updates of columns other than Access Mode (title, mobile
 * phone, last name in turn) for each of the first `users` generated users, all older than RESET_HISTORY.
 */
export function syncUpdates(users: number, perUser = 3): AuditEntry[] {
    const columns = ["title", "mobilephone", "lastname"];
    return Array.from({ length: users * perUser }, (_, i) => {
        const round = Math.floor(i / users);
        const column = columns[round % columns.length];
        const on = new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString().replace(".000Z", "Z");
        return audited(
            plainUser(i % users),
            { [column]: `${column} ${round}` },
            { [column]: `${column} ${round + 1}` },
            on,
        );
    });
}

export interface EnvironmentOptions extends Partial<Omit<Environment, "users">> {
    users?: readonly EnvironmentUser[];
    /** Plain Read-Write users after the given ones. */
    generated?: number;
}

/** An environment of EVERYONE (or the users given) with the admin signed in, auditing on, the token required, writes allowed. */
export function environment(options: EnvironmentOptions = {}): Environment {
    const { users = EVERYONE, generated = 0, ...rest } = options;
    return {
        users: new UserTable(users, generated),
        signedInUserId: ADMIN.systemuserid,
        businessUnits: [BUSINESS_UNIT],
        audit: { enabled: true, entries: RESET_HISTORY },
        token: TOKEN,
        writes: true,
        ...rest,
    };
}

/** A credential that hands out TOKEN, for in-process runs: no sign-in. */
export const staticCredential: TokenCredential = {
    getToken: () => Promise.resolve({ token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }),
};
