/** @jest-environment node */
/**
 * Security review (README, "Security review notes"): the control's source never injects HTML or evaluates code, and never
 * talks to Dataverse other than by its two read-only questions. A static scan of every file under AccessModeControl/, so a
 * new component cannot slip past it; the runtime side is checked in test/properties/lifecycle.property.test.tsx.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..", "AccessModeControl");

function filesUnder(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true, recursive: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.join(entry.parentPath, entry.name));
}

const SOURCES = filesUnder(ROOT).filter((file) => /\.(ts|tsx|js|jsx|mjs|cjs|html|xml)$/.test(file));

/** Every line of the control's source that matches, as "file:line: text". */
function occurrences(pattern: RegExp): string[] {
    const found: string[] = [];
    for (const file of SOURCES) {
        fs.readFileSync(file, "utf8")
            .split("\n")
            .forEach((line, i) => {
                if (pattern.test(line)) found.push(`${path.relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
            });
    }
    return found;
}

it("scans the control's source files", () => {
    expect(SOURCES.map((file) => path.relative(ROOT, file))).toEqual(expect.arrayContaining(["index.ts", path.join("components", "AccessModeView.tsx")]));
});

it.each([
    ["dangerouslySetInnerHTML", /dangerouslySetInnerHTML/],
    ["innerHTML / outerHTML", /\b(inner|outer)HTML\b/],
    ["insertAdjacentHTML", /insertAdjacentHTML/],
    ["document.write", /document\s*\.\s*write(ln)?\s*\(/],
    ["createContextualFragment", /createContextualFragment/],
    ["eval", /(^|[^\w.])eval\s*\(/],
    ["new Function", /new\s+Function\s*\(/],
    ["setTimeout/setInterval with a string", /set(Timeout|Interval)\s*\(\s*["'`]/],
])("injects no HTML and evaluates no code: no %s", (_, pattern) => {
    expect(occurrences(pattern)).toEqual([]);
});

it.each([
    ["a write through context.webAPI", /\b(createRecord|updateRecord|deleteRecord|execute)\s*\(/],
    ["another transport than fetch", /\b(XMLHttpRequest|WebSocket|EventSource|sendBeacon)\b/],
    ["an absolute URL", /["'`]https?:\/\//],
    ["a method other than GET", /method\s*:(?!\s*["']GET["'])/],
])("sends nothing but its read-only questions: no %s", (_, pattern) => {
    expect(occurrences(pattern)).toEqual([]);
});
