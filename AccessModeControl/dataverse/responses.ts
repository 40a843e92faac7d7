/**
 * What the Web API's answers mean for the rules: the columns and filters asked for, and the answers turned into RecordFacts and
 * SeatFigures. Pure, so that every client (the control's, the command line's) reads Dataverse the same way.
 */
import { normalizeId, RecordFacts, SeatFigures } from "../domain/accessMode";
import { nonBlank } from "../domain/text";

export type FailureKind = "timeout" | "http" | "server" | "badResponse" | "network" | "aborted";

export class CheckFailure extends Error {
    readonly detail: string | null;
    readonly status: number | null;
    /** Dataverse's error code ("0x80040220") when its answer carried one. */
    readonly code: string | null;

    constructor(
        readonly kind: FailureKind,
        detail?: string | null,
        status?: number | null,
        code?: string | null,
    ) {
        super(`${kind}${status == null ? "" : ` ${status}`}${detail == null ? "" : `: ${detail}`}`);
        this.name = "CheckFailure";
        this.detail = detail ?? null;
        this.status = status ?? null;
        this.code = code ?? null;
    }
}

/** The documented default when the environment's own limit cannot be read. */
export const ASSUMED_NON_INTERACTIVE_LIMIT = 7;

/** The user columns the rules need (dataverse-facts §4). */
export const FACT_COLUMNS = "fullname,islicensed,isdisabled,applicationid";
/** The users that take a non-interactive seat: enabled, access mode 4, not application users (dataverse-facts §4). */
export const NON_INTERACTIVE_SEAT_FILTER = "accessmode eq 4 and isdisabled eq false and applicationid eq null";

const EMPTY_GUID = "00000000-0000-0000-0000-000000000000";

/**
 * An application user has an application id; null and the empty GUID are none. An answer without the column, or with
 * something else in it, does not tell (null): the rules then keep the application-user lock.
 */
function isApplicationId(value: unknown): boolean | null {
    if (value === null) return false;
    const id = typeof value === "string" ? normalizeId(value) : null;
    if (id === null) return typeof value === "string" ? false : null;
    return id !== EMPTY_GUID;
}

export function parseRecordFacts(record: unknown): RecordFacts {
    if (!record || typeof record !== "object" || Array.isArray(record)) throw new CheckFailure("badResponse");
    const r = record as Record<string, unknown>;
    return {
        fullName: nonBlank(r.fullname),
        isLicensed: typeof r.islicensed === "boolean" ? r.islicensed : null,
        isDisabled: typeof r.isdisabled === "boolean" ? r.isdisabled : null,
        isApplicationUser: isApplicationId(r.applicationid),
    };
}

/** The answer of `RetrieveOrganizationResources()`; a missing limit is assumed, a missing count is no answer. */
export function parseOrganizationResources(body: unknown): SeatFigures {
    const resources = (body as { OrganizationResources?: Record<string, unknown> } | null)?.OrganizationResources;
    const count = (name: string): number | null => {
        const value = resources?.[name];
        return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : null;
    };
    const inUse = count("CurrentNumberOfNonInteractiveUsers");
    const limit = count("MaxNumberOfNonInteractiveUsers");
    if (inUse === null) throw new CheckFailure("badResponse");
    const activeInUse = count("CurrentNumberOfActiveUsers");
    const activeLimit = count("MaxNumberOfActiveUsers");
    const activeKnown = activeInUse !== null && activeLimit !== null;
    return {
        nonInteractiveInUse: inUse,
        nonInteractiveLimit: limit ?? ASSUMED_NON_INTERACTIVE_LIMIT,
        limitAssumed: limit === null,
        activeInUse: activeKnown ? activeInUse : null,
        activeLimit: activeKnown ? activeLimit : null,
    };
}

/** The fallback: the users counted with NON_INTERACTIVE_SEAT_FILTER, against the documented limit (assumed). */
export function seatsFromCount(nonInteractiveUsers: number): SeatFigures {
    return {
        nonInteractiveInUse: nonInteractiveUsers,
        nonInteractiveLimit: ASSUMED_NON_INTERACTIVE_LIMIT,
        limitAssumed: true,
        activeInUse: null,
        activeLimit: null,
    };
}

/**
 * The seat figures as every client reads them: from `resources` (RetrieveOrganizationResources()), else from `count` (the
 * users counted with NON_INTERACTIVE_SEAT_FILTER, the limit assumed). When both fail, the first failure tells why; a failure
 * that is not a CheckFailure (a bug) ends the reading at once.
 */
export async function seatsOrCount(
    resources: () => Promise<SeatFigures>,
    count: () => Promise<SeatFigures>,
): Promise<SeatFigures> {
    try {
        return await resources();
    } catch (primary) {
        if (!(primary instanceof CheckFailure)) throw primary;
        try {
            return await count();
        } catch (fallback) {
            throw fallback instanceof CheckFailure ? primary : fallback;
        }
    }
}

/** One part of a Dataverse error body, `{"error": {"code", "message"}}`; null when the body is not one. */
function serverError(body: string, part: "code" | "message"): string | null {
    try {
        const parsed = JSON.parse(body) as { error?: Record<string, unknown> };
        return nonBlank(parsed?.error?.[part]);
    } catch {
        return null;
    }
}

/** The message of a Dataverse error body; null when the body is not one. */
export function serverMessage(body: string): string | null {
    return serverError(body, "message");
}

/** The code of a Dataverse error body ("0x80040220"); null when there is none. */
export function serverCode(body: string): string | null {
    return serverError(body, "code");
}
