/** The text in `value` when it is a string with more than white space in it, else null: what every reader here counts as text. */
export function nonBlank(value: unknown): string | null {
    return typeof value === "string" && value.trim() !== "" ? value : null;
}
