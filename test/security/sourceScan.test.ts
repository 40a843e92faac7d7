/**
 * Security review (docs/security.md): the control's source never injects HTML or evaluates code, and never
 * talks to Dataverse other than by its two read-only questions. A static scan of every file under AccessModeControl/, so a
 * new component cannot slip past it; the runtime side is checked in test/properties/lifecycle.property.test.tsx.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { filesUnder } from "../helpers/files";

const ROOT = path.resolve(__dirname, "..", "..", "AccessModeControl");

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
    expect(SOURCES.map((file) => path.relative(ROOT, file))).toEqual(
        expect.arrayContaining(["index.ts", path.join("components", "AccessModeView.tsx")]),
    );
});

// Each forbidden pattern with a line it must catch, so that a pattern that could never match fails here first.
const INJECTION: [string, RegExp, string][] = [
    ["dangerouslySetInnerHTML", /dangerouslySetInnerHTML/, "<div dangerouslySetInnerHTML={{ __html: name }} />"],
    ["innerHTML / outerHTML", /\b(inner|outer)HTML\b/, "element.innerHTML = message;"],
    ["insertAdjacentHTML", /insertAdjacentHTML/, 'element.insertAdjacentHTML("beforeend", html);'],
    ["document.write", /document\s*\.\s*write(ln)?\s*\(/, "document.writeln(html);"],
    ["createContextualFragment", /createContextualFragment/, "range.createContextualFragment(html);"],
    ["eval", /(^|[^\w.])eval\s*\(/, "const value = eval(text);"],
    ["new Function", /new\s+Function\s*\(/, 'const run = new Function("return 1");'],
    ["setTimeout/setInterval with a string", /set(Timeout|Interval)\s*\(\s*["'`]/, 'setTimeout("refresh()", 10);'],
];
const WRITES_OR_OTHER_REQUESTS: [string, RegExp, string][] = [
    [
        "a write through context.webAPI",
        /\b(createRecord|updateRecord|deleteRecord|execute)\s*\(/,
        'webAPI.updateRecord("systemuser", id, { accessmode: 4 });',
    ],
    [
        "another transport than fetch",
        /\b(XMLHttpRequest|WebSocket|EventSource|sendBeacon)\b/,
        "const request = new XMLHttpRequest();",
    ],
    ["an absolute URL", /["'`]https?:\/\//, 'fetch("https://example.com/api");'],
    ["a method other than GET", /method\s*:(?!\s*["']GET["'])/, 'fetch(url, { method: "PATCH" });'],
];

it.each([...INJECTION, ...WRITES_OR_OTHER_REQUESTS])("catches %s where it appears", (_, pattern, line) => {
    expect(pattern.test(line)).toBe(true);
});

it.each(INJECTION)("injects no HTML and evaluates no code: no %s", (_, pattern) => {
    expect(occurrences(pattern)).toEqual([]);
});

it.each(WRITES_OR_OTHER_REQUESTS)("sends nothing but its read-only questions: no %s", (_, pattern) => {
    expect(occurrences(pattern)).toEqual([]);
});
