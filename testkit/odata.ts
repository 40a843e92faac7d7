/**
 * The small part of OData the scripted Dataverse understands: `$select` lists and `$filter` expressions of
 * `<column> eq|ne <literal>` joined by `and` / `or` (and binding tighter), literals being numbers, 'text' (with '' for a
 * quote), true, false, null and bare GUIDs. Anything else is refused as Dataverse refuses a bad query: HTTP 400 with a
 * message, so a query the CLI gets wrong fails its test instead of being answered.
 */

export class ODataError extends Error {}

/** A GUID as Dataverse writes one (the source of a RegExp, to match one inside a path). */
export const GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
const BARE_GUID = new RegExp(`^${GUID}$`);

export function isGuid(text: string): boolean {
    return BARE_GUID.test(text);
}

export type Literal = string | number | boolean | null;
export type Filter =
    { op: "eq" | "ne"; column: string; value: Literal } | { op: "and" | "or"; left: Filter; right: Filter };

// A GUID before a name: one that starts with a letter ("a0000000-…") is a literal, not a column.
const TOKEN =
    /\s*(?:('(?:[^']|'')*')|([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b|[A-Za-z_][\w.]*|-?\d+(?:\.\d+)?)|(\S))/y;

function tokenize(text: string): string[] {
    const tokens: string[] = [];
    TOKEN.lastIndex = 0;
    while (TOKEN.lastIndex < text.length) {
        const match = TOKEN.exec(text);
        if (!match) break;
        if (match[3] !== undefined) throw new ODataError(`Syntax error at position ${match.index} in '${text}'.`);
        tokens.push(match[1] ?? match[2]);
        if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    }
    return tokens;
}

function literal(token: string | undefined, text: string): Literal {
    if (token === undefined) throw new ODataError(`Expression expected at the end of '${text}'.`);
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
    if (token === "true" || token === "false") return token === "true";
    if (token === "null") return null;
    if (isGuid(token)) return token.toLowerCase();
    if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
    throw new ODataError(`'${token}' is not a literal in '${text}'.`);
}

/** Parses a `$filter`, checking every column against those the table has. */
export function parseFilter(text: string, columns: ReadonlySet<string>, entity: string): Filter {
    const tokens = tokenize(text);
    let at = 0;
    const comparison = (): Filter => {
        const column = tokens[at++];
        const op = tokens[at++];
        if (column === undefined || !/^[A-Za-z_]/.test(column))
            throw new ODataError(`Expression expected in '${text}'.`);
        if (!columns.has(column))
            throw new ODataError(
                `Could not find a property named '${column}' on type 'Microsoft.Dynamics.CRM.${entity}'.`,
            );
        if (op !== "eq" && op !== "ne")
            throw new ODataError(`The operator '${op ?? ""}' is not supported here in '${text}'.`);
        return { op, column, value: literal(tokens[at++], text) };
    };
    const conjunction = (): Filter => {
        let left = comparison();
        while (tokens[at] === "and") {
            at++;
            left = { op: "and", left, right: comparison() };
        }
        return left;
    };
    let filter = conjunction();
    while (tokens[at] === "or") {
        at++;
        filter = { op: "or", left: filter, right: conjunction() };
    }
    if (at !== tokens.length) throw new ODataError(`Unexpected '${tokens[at]}' in '${text}'.`);
    return filter;
}

export function matches(filter: Filter, row: Readonly<Record<string, unknown>>): boolean {
    switch (filter.op) {
        case "and":
            return matches(filter.left, row) && matches(filter.right, row);
        case "or":
            return matches(filter.left, row) || matches(filter.right, row);
        default: {
            const value = row[filter.column] ?? null;
            const equal =
                typeof value === "string" && typeof filter.value === "string"
                    ? value.toLowerCase() === filter.value.toLowerCase()
                    : value === filter.value;
            return filter.op === "eq" ? equal : !equal;
        }
    }
}

/** The columns of a `$select`, each checked against those the table has. */
export function parseSelect(text: string | null, columns: ReadonlySet<string>, entity: string): string[] {
    if (text === null || text.trim() === "")
        throw new ODataError(
            `This scripted Dataverse wants a $select on every ${entity} query (Dataverse's own advice).`,
        );
    const selected = text.split(",").map((column) => column.trim());
    const unknown = selected.find((column) => !columns.has(column));
    if (unknown !== undefined)
        throw new ODataError(
            `Could not find a property named '${unknown}' on type 'Microsoft.Dynamics.CRM.${entity}'.`,
        );
    return selected;
}

/** The page size a request asks for with `Prefer: odata.maxpagesize=n` (Dataverse: default and maximum 5,000). */
export function maxPageSize(prefer: string | undefined): number {
    const asked = /odata\.maxpagesize=(\d+)/.exec(prefer ?? "")?.[1];
    return Math.min(5000, asked === undefined ? 5000 : Math.max(1, Number(asked)));
}
