import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { unzipSync } from "fflate";
import { validateXML } from "xmllint-wasm";
import { PackError } from "../../tools/pack/errors";
import { projectLayout } from "../../tools/pack/layout";
import { packSolution } from "../../tools/pack/pack";
import { parseXml } from "../../tools/pack/xml";
import { fcParameters } from "../helpers/fastCheck";
import { filesUnder } from "../helpers/files";
import { CONTROL_NAME, controlBuildDir, createFixtureProject, filesIn, readCentralDirectory, writeFile } from "./helpers";

// The packer under arbitrary bad and hostile input (issue #6): every refusal is a PackError with no zip left behind, every zip
// it does write holds only safe entry names and well-formed XML, and the same input packs to the same bytes. The named cases
// (oversized bundle, control name mismatch, the command line) are in badInput.test.ts and cli.test.ts.

// Each run packs a solution: 200 on CI, 50 locally; FC_RUNS, FC_SEED and FC_PATH as for the control's properties.
const params = fcParameters({ ci: 200, local: 50 });
const RUNS = params.numRuns;
// Generous: a property is a few seconds on an idle machine, but the whole suite may share two cores with browsers; and
// FC_RUNS may be raised for a longer hunt.
jest.setTimeout(120_000 + RUNS * 100);
const PARTS_AT_ZIP_ROOT = ["customizations.xml", "solution.xml", "[Content_Types].xml"];

/** A fixture project packed over and over in-process: each run changes it, and the next starts again from the pristine copy. */
class Project {
    readonly root = createFixtureProject();
    readonly layout = projectLayout(this.root);
    readonly buildDir = controlBuildDir(this.root);
    readonly manifest = path.join(this.buildDir, "ControlManifest.xml");
    readonly solutionXml = path.join(this.layout.solutionSource, "Other", "Solution.xml");
    readonly formFile: string;
    private readonly pristine = new Map<string, Buffer>();

    constructor() {
        for (const file of filesUnder(this.root)) this.pristine.set(file, fs.readFileSync(file));
        const forms = this.files().filter((file) => file.includes(`${path.sep}FormXml${path.sep}`));
        if (forms.length !== 1) throw new Error(`expected one form in the fixture, found ${forms.length}`);
        this.formFile = forms[0];
    }

    files(): string[] {
        return [...this.pristine.keys()];
    }

    original(file: string): Buffer {
        const data = this.pristine.get(file);
        if (data === undefined) throw new Error(`${file} is not in the fixture`);
        return data;
    }

    reset(): void {
        for (const entry of fs.readdirSync(this.root)) fs.rmSync(path.join(this.root, entry), { recursive: true, force: true });
        for (const [file, data] of this.pristine) writeFile(file, data);
    }

    /** The pristine text of `file` with `search` replaced (every occurrence, at least one), written back. */
    replace(file: string, search: string, replacement: string): void {
        const text = this.original(file).toString("utf8");
        if (!text.includes(search)) throw new Error(`"${search}" is not in ${file}`);
        writeFile(file, text.split(search).join(replacement));
    }
}

type Outcome = { readonly files: string[]; readonly zips: Buffer[] } | { readonly error: unknown };

function pack(project: Project): Outcome {
    try {
        const files = packSolution(project.root);
        return { files, zips: files.map((file) => fs.readFileSync(file)) };
    } catch (error) {
        return { error };
    }
}

/** A refusal: a PackError (anything else is re-thrown as the failure), and the output folder holds no zip and no temporary file. */
function expectRefusal(project: Project, error: unknown): PackError {
    if (!(error instanceof PackError)) throw error;
    expect(filesIn(project.layout.zipOutput)).toEqual([]);
    return error;
}

/** Why a zip entry name is unsafe, or undefined: relative, `/`-separated, no dot-only, empty or control-character segment, inside its folder. */
function entryNameProblem(name: string, controlFolder: string): string | undefined {
    if (name.startsWith("/")) return "absolute";
    if (name.includes("\\")) return "backslash";
    if (/^[A-Za-z]:/.test(name)) return "drive letter";
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(name)) return "control character";
    if (name.split("/").some((segment) => segment === "" || /^\.+$/.test(segment))) return "empty or dot-only segment";
    if (!PARTS_AT_ZIP_ROOT.includes(name) && !name.startsWith(`Controls/${controlFolder}/`)) return `outside Controls/${controlFolder}/`;
    return undefined;
}

const STRICT_BATCH_SIZE = 200;

/** XML entries of every accepted zip, checked in one batch at the end by libxml2 (a strict parser, unlike the packer's own). */
class StrictXmlBatch {
    private readonly files = new Map<string, { fileName: string; contents: Uint8Array; origin: string }>();

    add(entryName: string, contents: Uint8Array, origin: string): void {
        const key = Buffer.from(contents).toString("base64");
        if (this.files.has(key)) return;
        this.files.set(key, { fileName: `part${this.files.size}-${entryName.replace(/[^A-Za-z0-9.]/g, "_")}`, contents, origin });
    }

    async expectWellFormed(): Promise<void> {
        const files = [...this.files.values()];
        const origins = new Map(files.map(({ fileName, origin }) => [fileName, origin]));
        const errors: string[] = [];
        // In batches: xmllint-wasm's fixed memory runs out on a few thousand files at once (FC_RUNS set high).
        for (let start = 0; start < files.length; start += STRICT_BATCH_SIZE) {
            const batch = files.slice(start, start + STRICT_BATCH_SIZE);
            const result = await validateXML({ xml: batch.map(({ fileName, contents }) => ({ fileName, contents })), schema: [] });
            errors.push(...result.errors.map((error) => `${error.rawMessage} (from ${origins.get(error.loc?.fileName ?? "") ?? "?"})`));
        }
        expect(errors).toEqual([]);
    }
}

/**
 * An accepted package: both zips in the output folder and nothing else, safe entry names (read from the central directory,
 * and fflate agrees), every XML part parses, and packing the same input again gives the same bytes.
 */
function expectValidPackage(project: Project, outcome: { files: string[]; zips: Buffer[] }, controlFolder: string, strict: StrictXmlBatch, origin: string) {
    expect(outcome.files.map((file) => path.dirname(file))).toEqual([project.layout.zipOutput, project.layout.zipOutput]);
    expect(filesIn(project.layout.zipOutput)).toEqual(outcome.files.map((file) => path.basename(file)).sort());
    const unzipped = outcome.zips.map((zip) => {
        const names = readCentralDirectory(zip).map((entry) => entry.name);
        expect(names.flatMap((name) => entryNameProblem(name, controlFolder) ?? [])).toEqual([]);
        const entries = unzipSync(zip);
        expect(Object.keys(entries)).toEqual(names);
        for (const name of names.filter((candidate) => /\.(xml|resx)$/i.test(candidate))) {
            parseXml(entries[name], name);
            strict.add(name, entries[name], origin);
        }
        return entries;
    });
    const again = pack(project);
    if ("error" in again) throw again.error;
    expect(again.zips.map((zip, index) => zip.equals(outcome.zips[index]))).toEqual([true, true]);
    return unzipped;
}

function lineCount(bytes: Uint8Array): number {
    return bytes.filter((byte) => byte === 0x0a).length + 1;
}

/**
 * The first line an error about a change at `offset` may point at. The text before the change parsed before; the parser gives
 * the line where the last node it began starts, which is at the latest the end of the markup before the one the change is in.
 */
function earliestLine(bytes: Buffer, offset: number | undefined): number {
    if (offset === undefined) return 1;
    const before = bytes.subarray(0, offset);
    const previousMarkupEnd = before.subarray(0, Math.max(before.lastIndexOf("<"), 0)).lastIndexOf(">");
    return lineCount(before.subarray(0, Math.max(previousMarkupEnd, 0)));
}

let project: Project;
let pristineEntries: string[];

beforeAll(() => {
    project = new Project();
    const outcome = pack(project);
    if ("error" in outcome) throw outcome.error;
    pristineEntries = Object.keys(unzipSync(outcome.zips[0]));
    project.reset();
});

describe("a corrupted source XML file (any one: source tree, built manifest or resx)", () => {
    type Corruption =
        | { kind: "truncate"; at: number }
        | { kind: "insert bytes"; at: number; bytes: number[] }
        | { kind: "insert text"; at: number; text: string }
        | { kind: "flip a byte"; at: number; mask: number }
        | { kind: "UTF-16"; littleEndian: boolean; bom: boolean; nonAscii: boolean }
        | { kind: "Latin-1"; at: number; char: number }
        | { kind: "declare an encoding"; encoding: string; bom: boolean }
        | { kind: "empty" };

    const at = fc.nat();
    const corruption: fc.Arbitrary<Corruption> = fc.oneof(
        fc.record({ kind: fc.constant("truncate" as const), at }),
        fc.record({ kind: fc.constant("insert bytes" as const), at, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 6 }) }),
        fc.record({
            kind: fc.constant("insert text" as const),
            at,
            text: fc.constantFrom("<", "&", "]]>", ">", '"', "'", "<!--", "-->", "<![CDATA[", "&#0;", "&#x1;", "&#xFFFE;", "&#xD800;", "&#65;", "&lt;", "&nosuch;", "\u0000", "\u0001", "\uFFFD", "\u00e9", " ", "\n"),
        }),
        fc.record({ kind: fc.constant("flip a byte" as const), at, mask: fc.integer({ min: 1, max: 255 }) }),
        fc.record({ kind: fc.constant("UTF-16" as const), littleEndian: fc.boolean(), bom: fc.boolean(), nonAscii: fc.boolean() }),
        fc.record({ kind: fc.constant("Latin-1" as const), at, char: fc.integer({ min: 0xa0, max: 0xff }) }),
        fc.record({
            kind: fc.constant("declare an encoding" as const),
            encoding: fc.constantFrom("iso-8859-1", "windows-1252", "utf-16", "UTF-16LE", "us-ascii", "utf8", "UTF-8", "utf-8"),
            bom: fc.boolean(),
        }),
        fc.constant({ kind: "empty" as const }),
    );

    function corrupt(original: Buffer, change: Corruption): { bytes: Buffer; changedAt?: number } {
        const text = original.toString("utf8");
        const offset = "at" in change ? change.at % (original.length + 1) : 0;
        switch (change.kind) {
            case "truncate":
                return { bytes: original.subarray(0, offset) };
            case "insert bytes":
            case "insert text": {
                const inserted = change.kind === "insert bytes" ? Buffer.from(change.bytes) : Buffer.from(change.text, "utf8");
                return { bytes: Buffer.concat([original.subarray(0, offset), inserted, original.subarray(offset)]), changedAt: offset };
            }
            case "flip a byte": {
                const bytes = Buffer.from(original);
                bytes[offset % bytes.length] ^= change.mask;
                return { bytes, changedAt: offset % bytes.length };
            }
            case "UTF-16": {
                const content = (change.bom ? "\uFEFF" : "") + (change.nonAscii ? text.replace('="', '="\u00e9\u4e2d') : text);
                const bytes = Buffer.from(content, "utf16le");
                return { bytes: change.littleEndian ? bytes : bytes.swap16() };
            }
            case "Latin-1": {
                const index = change.at % (text.length + 1);
                return { bytes: Buffer.from(text.slice(0, index) + String.fromCharCode(change.char) + text.slice(index), "latin1") };
            }
            case "declare an encoding": {
                const declaration = `<?xml version="1.0" encoding="${change.encoding}"?>`;
                const existing = /^\uFEFF?<\?xml[^?]*\?>/;
                const declared = existing.test(text) ? text.replace(existing, declaration) : declaration + text;
                return { bytes: Buffer.from((change.bom ? "\uFEFF" : "") + declared, "utf8") };
            }
            case "empty":
                return { bytes: Buffer.alloc(0) };
        }
    }

    it(`is refused with a PackError naming the file and line, or packed into a valid, deterministic zip (${RUNS} runs)`, async () => {
        const packerInputs = [project.layout.solutionSource, project.layout.controlsBuild].map((dir) => dir + path.sep);
        const xmlFiles = project.files().filter((file) => /\.(xml|resx)$/.test(file) && packerInputs.some((dir) => file.startsWith(dir)));
        // Seven source files (Other/*, Entity.xml, the form, two views), the built manifest, the resx of the ten languages.
        expect(xmlFiles).toHaveLength(18);
        const strict = new StrictXmlBatch();
        fc.assert(
            fc.property(fc.constantFrom(...xmlFiles), corruption, (file, change) => {
                project.reset();
                const { bytes, changedAt } = corrupt(project.original(file), change);
                writeFile(file, bytes);
                const outcome = pack(project);
                if ("error" in outcome) {
                    const error = expectRefusal(project, outcome.error);
                    if (error.kind === "malformed-xml" || error.kind === "encoding") {
                        expect(error.file).toBe(file);
                        const lines = { earliest: earliestLine(bytes, changedAt), last: lineCount(bytes) };
                        const line = error.line ?? 0;
                        if (line < lines.earliest || line > lines.last) throw new Error(`${error.message} at line ${line}, expected within ${JSON.stringify(lines)}`);
                    } else {
                        // Still XML, but now it says something else: the error names the file, or the one that no longer agrees with it.
                        expect(error.file?.startsWith(project.root + path.sep)).toBe(true);
                    }
                } else {
                    expectValidPackage(project, outcome, CONTROL_NAME, strict, `${path.relative(project.root, file)}: ${JSON.stringify(change)}`);
                    expect(Object.keys(unzipSync(outcome.zips[0]))).toEqual(pristineEntries);
                }
            }),
            params,
        );
        await strict.expectWellFormed();
    });
});

describe("a required file that is missing", () => {
    type Expectation = "read" | "rebuild" | "manifest" | "labelled";
    const required = (): { file: string; expectation: Expectation }[] => {
        const { layout, buildDir } = project;
        const inSource = (file: string) => file.startsWith(layout.solutionSource + path.sep);
        const formOrView = (file: string) => inSource(file) && /[\\/](FormXml[\\/][^\\/]+|SavedQueries)[\\/][^\\/]+\.xml$/.test(file);
        return [
            { file: layout.packageJson, expectation: "read" as const },
            ...project.files().filter((file) => inSource(file) && !formOrView(file)).map((file) => ({ file, expectation: "read" as const })),
            ...project.files().filter((file) => file.startsWith(layout.labelTables + path.sep)).map((file) => ({ file, expectation: "read" as const })),
            // Forms and views are found by listing their folders; the label tables still translate their labels.
            ...project.files().filter(formOrView).map((file) => ({ file, expectation: "labelled" as const })),
            { file: project.manifest, expectation: "manifest" as const },
            ...project.files().filter((file) => file.startsWith(buildDir + path.sep) && file !== project.manifest).map((file) => ({ file, expectation: "rebuild" as const })),
        ];
    };

    /** Whether `error` reports that `file` is missing (or, `asFolder`, a folder), as it should for that kind of file. */
    function reports(error: PackError, file: string, expectation: Expectation, asFolder: boolean): boolean {
        const absent = asFolder ? error.kind === "unreadable" && error.message === "is a folder, not a file" : error.kind === "missing-file";
        switch (expectation) {
            case "read":
                return error.file === file && absent;
            case "rebuild":
                return error.file === file && (asFolder ? absent : absent && error.message.includes('run "npm run build"'));
            case "manifest":
                return asFolder
                    ? error.file === file && absent
                    : error.kind === "missing-build" && error.file === project.layout.controlsBuild && error.message.includes('ControlManifest.xml) found; run "npm run build"');
            case "labelled":
                // A form or view folder holding a folder instead of the file is the same as not holding it.
                return error.kind === "invalid-source" && path.dirname(error.file ?? "") === project.layout.labelTables && error.message.includes("which no source file holds");
        }
    }

    it(`is reported by its path (and for the control build, with "npm run build"), and no zip is written (${RUNS} runs)`, () => {
        const files = required();
        // Read: five source files and the nine label tables; rebuilt: the bundle and the ten resx.
        expect(files.map(({ expectation }) => expectation).sort()).toEqual([...Array(14).fill("read"), ...Array(3).fill("labelled"), "manifest", ...Array(11).fill("rebuild")].sort());
        const removal = fc.record({ index: fc.nat({ max: files.length - 1 }), asFolder: fc.boolean() });
        fc.assert(
            fc.property(fc.uniqueArray(removal, { minLength: 1, maxLength: 4, selector: ({ index }) => index }), (removals) => {
                project.reset();
                for (const { index, asFolder } of removals) {
                    fs.rmSync(files[index].file);
                    if (asFolder) fs.mkdirSync(files[index].file);
                }
                const outcome = pack(project);
                if (!("error" in outcome)) throw new Error("packed although a required file is missing");
                const error = expectRefusal(project, outcome.error);
                // Several missing: the first the packer meets is reported.
                if (!removals.some(({ index, asFolder }) => reports(error, files[index].file, files[index].expectation, asFolder))) {
                    throw new Error(`unexpected report: ${error.kind} ${error.file}: ${error.message}`);
                }
            }),
            params,
        );
    });
});

describe("hostile names in the manifest and Solution.xml", () => {
    const HOSTILE_PIECES = [
        "..", ".", "/", "\\", "//", "/etc/passwd", "C:\\x", "C:", "\0", "%2e%2e", "%2f", "%00",
        // Look-alikes of `.` and `/` (one dot leader, fullwidth full stop, division slash, fullwidth solidus, reverse solidus operator).
        "\u2024", "\uFF0E", "\u2215", "\uFF0F", "\u29F5", "\u202E",
        "<", ">", "&", '"', "'", "]]>", "&amp;", "&#0;", " ", "\t", "\n", "\u0001", "\uFFFE", "\u00e9", "\u{1D4B3}",
        "a", "Z", "9", "_", "-", "[", "]", "bundle.js", "Bundle.JS", "strings", "ControlManifest.xml", "x.js", "CON",
    ];
    const hostile = fc.oneof(
        fc.constantFrom("/etc/passwd", "C:\\x", "\\\\server\\share\\x.js", "../../../package.json", "strings/../bundle.js", "...", "bundle.js.", "x".repeat(300)),
        fc.array(fc.constantFrom(...HOSTILE_PIECES), { maxLength: 8 }).map((pieces) => pieces.join("")),
        fc.string({ unit: "binary", maxLength: 12 }),
    );
    const identifier = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,20}$/);
    const resourcePath = fc.stringMatching(/^([a-z][a-z0-9_.-]{0,8}\/){0,2}[a-z][a-z0-9_-]{0,8}\.(js|css|resx|png)$/);
    // Labels may hold any character XML allows; the packer must escape what needs it.
    const label = fc
        .array(fc.constantFrom("<", ">", "&", '"', "'", "]]>", "&amp;", "&#0;", "<!--", "--", " ", "\t", "\n", "\r", "a", "Z", "/", "..", "\\", "\u00e9", "\u{1D4B3}", "\u202E"), { maxLength: 10 })
        .map((pieces) => pieces.join(""));
    // Mostly valid names, so that a run has one or two hostile ones among them and the accepting path is exercised too.
    const validOrHostile = (valid: fc.Arbitrary<string>) => fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: hostile, weight: 1 });
    const names = fc.record(
        {
            codePath: validOrHostile(resourcePath),
            resx: fc.record({ lcid: fc.constantFrom(1033, 1031, 3082, 1036), path: validOrHostile(resourcePath) }),
            extraResource: validOrHostile(resourcePath),
            namespace: validOrHostile(identifier),
            constructorName: validOrHostile(identifier),
            prefix: validOrHostile(fc.stringMatching(/^[a-z][a-z0-9]{1,7}$/)),
            uniqueName: validOrHostile(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,80}$/)),
            solutionLabel: validOrHostile(label),
            formLabel: validOrHostile(label),
        },
        { requiredKeys: [] },
    );
    type Names = typeof names extends fc.Arbitrary<infer T> ? T : never;

    /** For an attribute value or text: markup characters escaped, and tab, line feed and carriage return kept (as references). */
    const escape = (value: string): string =>
        value.replace(/[&<>"'\t\n\r]/g, (character) => `&#${character.charCodeAt(0)};`);

    const RESX = '<?xml version="1.0" encoding="utf-8"?><root><data name="x"><value>x</value></data></root>';

    /** A new resource file where the test may write it (inside the control build), so that a name the packer accepts has its file. */
    function createResource(relative: string): void {
        const content = /\.(resx|xml)$/i.test(relative) ? RESX : `resource ${relative}`;
        const file = path.resolve(project.buildDir, relative);
        if (relative.includes("\0") || !file.startsWith(project.buildDir + path.sep) || fs.existsSync(file)) return;
        try {
            writeFile(file, content);
        } catch {
            // A name the file system refuses (too long, a file in the way): the packer must then refuse it too.
        }
    }

    function apply(change: Names): void {
        const manifest: [string, string][] = [];
        if (change.codePath !== undefined) {
            manifest.push(['path="bundle.js"', `path="${escape(change.codePath)}"`]);
            createResource(change.codePath);
        }
        if (change.resx !== undefined) {
            manifest.push([`path="strings/AccessModeControl.${change.resx.lcid}.resx"`, `path="${escape(change.resx.path)}"`]);
            createResource(change.resx.path);
        }
        if (change.extraResource !== undefined) {
            manifest.push(["</resources>", `<css path="${escape(change.extraResource)}" order="1" /></resources>`]);
            createResource(change.extraResource);
        }
        if (change.namespace !== undefined) manifest.push(['namespace="AccessMode"', `namespace="${escape(change.namespace)}"`]);
        if (change.constructorName !== undefined) manifest.push(['constructor="AccessModeControl"', `constructor="${escape(change.constructorName)}"`]);
        editAll(project.manifest, manifest);

        const solution: [string, string][] = [];
        if (change.uniqueName !== undefined) solution.push(["<UniqueName>AccessModeControl</UniqueName>", `<UniqueName>${escape(change.uniqueName)}</UniqueName>`]);
        if (change.prefix !== undefined) solution.push(["<CustomizationPrefix>amc</CustomizationPrefix>", `<CustomizationPrefix>${escape(change.prefix)}</CustomizationPrefix>`]);
        if (change.solutionLabel !== undefined) solution.push(['description="Access Mode Control"', `description="${escape(change.solutionLabel)}"`]);
        editAll(project.solutionXml, solution);

        // The form binds the control by its name: follow the renaming, so that a name the packer accepts packs.
        const form: [string, string][] = [[`name="${CONTROL_NAME}"`, `name="${escape(controlName(change))}"`]];
        if (change.formLabel !== undefined) form.push(['description="User access"', `description="${escape(change.formLabel)}"`]);
        editAll(project.formFile, form);

        // The label tables translate the source's labels by their text: follow a changed label too.
        const relabelled: [string, string | undefined][] = [
            ["Access Mode Control", change.solutionLabel],
            ["User access", change.formLabel],
        ];
        for (const table of project.files().filter((file) => file.startsWith(project.layout.labelTables + path.sep))) {
            const labels = Object.entries(JSON.parse(fs.readFileSync(table, "utf8")) as Record<string, string>);
            const renamed = labels.map(([text, translation]) => [relabelled.find(([old]) => old === text)?.[1] ?? text, translation]);
            fs.writeFileSync(table, JSON.stringify(Object.fromEntries(renamed)));
        }
    }

    function editAll(file: string, edits: [string, string][]): void {
        const text = edits.reduce((current, [search, replacement]) => {
            if (!current.includes(search)) throw new Error(`"${search}" is not in ${file}`);
            return current.split(search).join(replacement);
        }, fs.readFileSync(file, "utf8"));
        fs.writeFileSync(file, text);
    }

    /** The name the packer gives the control: the publisher prefix is read as element text, so it is trimmed. */
    const controlName = (change: Names): string => `${(change.prefix ?? "amc").trim()}_${change.namespace ?? "AccessMode"}.${change.constructorName ?? "AccessModeControl"}`;

    /** The name the first `parentName` has in the source's own language. */
    const baseName = (xml: Uint8Array, parentName: string): string | null => {
        const names = Array.from(parseXml(xml, "zip entry").getElementsByTagName(parentName)[0]?.getElementsByTagName("LocalizedName") ?? []);
        return names.find((name) => name.getAttribute("languagecode") === "1033")?.getAttribute("description") ?? null;
    };

    it(`are refused with a PackError, or packed with safe entry names, inside the control folder, and escaped XML (${RUNS} runs)`, async () => {
        const strict = new StrictXmlBatch();
        fc.assert(
            fc.property(names, (change) => {
                project.reset();
                apply(change);
                const outcome = pack(project);
                if ("error" in outcome) {
                    expectRefusal(project, outcome.error);
                    return;
                }
                expect(outcome.files.map((file) => path.basename(file))).toEqual([
                    expect.stringMatching(/^[A-Za-z0-9_]+\.zip$/),
                    expect.stringMatching(/^[A-Za-z0-9_]+_managed\.zip$/),
                ]);
                const [entries] = expectValidPackage(project, outcome, controlName(change), strict, JSON.stringify(change));
                // The labels the packer carries over arrive unchanged: escaped where needed, never raw.
                expect(baseName(entries["solution.xml"], "SolutionManifest")).toBe(change.solutionLabel ?? "Access Mode Control");
                expect(baseName(entries["customizations.xml"], "systemform")).toBe(change.formLabel ?? "User access");
            }),
            params,
        );
        await strict.expectWellFormed();
    });
});
