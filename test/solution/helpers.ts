import { execFile, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { unzipSync } from "fflate";
import { DOMImplementation, XMLSerializer, type Document, type Element } from "@xmldom/xmldom";
import { validateXML } from "xmllint-wasm";
import { projectLayout } from "../../tools/pack/layout";
import { onCi } from "../helpers/ci";
import { parseXml, readXmlFile } from "../../tools/pack/xml";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** Shared format material every developer and CI run has beside the project (see ../shared/README.md). */
export const SHARED_DIR = path.resolve(REPO_ROOT, "..", "shared");
export const SCHEMA_DIR = path.join(SHARED_DIR, "schemas");
export const REFERENCE_DIR = path.join(SHARED_DIR, "reference");
export const CONTROL_NAME = "amc_AccessMode.AccessModeControl";
export const PICKLIST_CLASS_ID = "{3EF39988-22BB-4F0B-BBBE-64B5A3748AEE}";

const CONTROL_BUILD_FOLDER = "AccessModeControl";
const temporaryRoots: string[] = [];

afterAll(() => {
    for (const root of temporaryRoots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

/** A new empty folder, removed after the test file. */
export function createTemporaryFolder(): string {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "amc-pack-"));
    temporaryRoots.push(folder);
    return folder;
}

/**
 * A throw-away project holding the real solution sources, label tables, manifest and package.json version, plus a control build
 * shaped like pcf-scripts' output (built manifest naming bundle.js, the bundle and every resx file).
 */
export function createFixtureProject(): string {
    const root = createTemporaryFolder();
    const real = projectLayout(REPO_ROOT);
    const fixture = projectLayout(root);
    fs.cpSync(real.solutionSource, fixture.solutionSource, { recursive: true });
    fs.cpSync(real.labelTables, fixture.labelTables, { recursive: true });
    fs.mkdirSync(path.dirname(fixture.controlManifestInput), { recursive: true });
    fs.copyFileSync(real.controlManifestInput, fixture.controlManifestInput);
    fs.writeFileSync(fixture.packageJson, JSON.stringify({ name: "fixture", version: packageVersion() }));

    const manifest = readXmlFile(real.controlManifestInput);
    const resources = element(manifest, "resources");
    element(resources, "code").setAttribute("path", "bundle.js");
    const buildDir = controlBuildDir(root);
    writeFile(path.join(buildDir, "ControlManifest.xml"), new XMLSerializer().serializeToString(manifest));
    for (const resource of Array.from(resources.getElementsByTagName("*")).filter((candidate) => candidate.hasAttribute("path"))) {
        const resourcePath = resource.getAttribute("path") ?? "";
        writeFile(path.join(buildDir, resourcePath), fixtureContent(resourcePath));
    }
    return root;
}

/** What the fixture build holds for a resource: a string table for resx files (the packer checks that they are XML), text otherwise. */
function fixtureContent(resourcePath: string): string {
    if (!resourcePath.endsWith(".resx")) return `fixture content of ${resourcePath}`;
    return resxText({ Control_DisplayName: `fixture content of ${resourcePath}` });
}

/** A resx string table, key → text (null: a `<data>` without `<value>`), written by xmldom so that any text is escaped as XML needs. */
export function resxText(strings: Readonly<Record<string, string | null>>): string {
    const document = new DOMImplementation().createDocument(null, "root", null);
    const root = element(document, "root");
    for (const [key, text] of Object.entries(strings)) {
        const data = document.createElement("data");
        data.setAttribute("name", key);
        data.setAttribute("xml:space", "preserve");
        if (text !== null) data.appendChild(document.createElement("value")).textContent = text;
        root.appendChild(data);
    }
    return `<?xml version="1.0" encoding="utf-8"?>\n${new XMLSerializer().serializeToString(document)}\n`;
}

export function controlBuildDir(root: string): string {
    return path.join(projectLayout(root).controlsBuild, CONTROL_BUILD_FOLDER);
}

/**
 * A development build's bundle, as `pcf-scripts build --buildMode development` (and `npm start`) leaves it in out/: the real
 * output of pcf-scripts 1.51.1 / webpack 5.112.2 for this control, cut to its first module (about 6 KB of its 80 KB).
 */
export const DEVELOPMENT_BUNDLE = path.join(__dirname, "fixtures", "development-bundle.js");

/** A named pipe (FIFO) at `file`, the file there removed first: reading it without care would wait for a writer forever. */
export function makeFifo(file: string): void {
    fs.rmSync(file, { force: true });
    const result = spawnSync("mkfifo", [file], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`mkfifo ${file} failed: ${result.stderr}`);
}

/** `file` replaced by a symbolic link to `target`. */
export function replaceWithLink(file: string, target: string): void {
    fs.rmSync(file, { recursive: true, force: true });
    fs.symlinkSync(target, file);
}

export function packageVersion(): string {
    return (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
}

export function writeFile(file: string, content: string | Uint8Array): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
}

/**
 * Replaces exactly one occurrence, so a fixture edit that misses its target fails loudly; with `after`, the first one
 * after that text (itself there exactly once).
 */
export function editFile(file: string, search: string, replacement: string, after?: string): void {
    const text = fs.readFileSync(file, "utf8");
    const once = (needle: string, haystack: string) => {
        if (haystack.split(needle).length !== 2) throw new Error(`"${needle}" is not in ${file} exactly once`);
    };
    if (after === undefined) once(search, text);
    else once(after, text);
    const start = after === undefined ? 0 : text.indexOf(after);
    const at = text.indexOf(search, start);
    if (at < 0) throw new Error(`"${search}" is not in ${file} after "${after}"`);
    fs.writeFileSync(file, text.slice(0, at) + replacement + text.slice(at + search.length));
}

export function filesIn(dir: string): string[] {
    return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

export interface CentralDirectoryEntry {
    readonly name: string;
    readonly compressionMethod: number;
    readonly hostSystem: number;
    readonly dosTime: number;
    readonly dosDate: number;
}

/** The zip's central directory, read independently of the library that wrote it. */
export function readCentralDirectory(zip: Uint8Array): CentralDirectoryEntry[] {
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const endOfCentralDirectory = zip.byteLength - 22; // the packer writes no zip comment
    expect(view.getUint32(endOfCentralDirectory, true)).toBe(0x06054b50);
    const count = view.getUint16(endOfCentralDirectory + 10, true);
    let offset = view.getUint32(endOfCentralDirectory + 16, true);
    const entries: CentralDirectoryEntry[] = [];
    for (let index = 0; index < count; index++) {
        expect(view.getUint32(offset, true)).toBe(0x02014b50);
        const nameLength = view.getUint16(offset + 28, true);
        const extraLength = view.getUint16(offset + 30, true);
        const commentLength = view.getUint16(offset + 32, true);
        entries.push({
            name: new TextDecoder().decode(zip.subarray(offset + 46, offset + 46 + nameLength)),
            hostSystem: view.getUint8(offset + 5),
            compressionMethod: view.getUint16(offset + 10, true),
            dosTime: view.getUint16(offset + 12, true),
            dosDate: view.getUint16(offset + 14, true),
        });
        offset += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
}

export function unzip(zipFile: string): Record<string, Uint8Array> {
    return unzipSync(fs.readFileSync(zipFile));
}

export function parseEntry(entries: Record<string, Uint8Array>, name: string): Document {
    const bytes = entries[name];
    if (bytes === undefined) throw new Error(`no zip entry ${name}`);
    return parseXml(bytes, name);
}

/** The first descendant of that name; fails the test when there is none. */
export function element(parent: Document | Element, name: string): Element {
    const [found] = Array.from(parent.getElementsByTagName(name));
    if (found === undefined) throw new Error(`no <${name}> found`);
    return found;
}

export function elements(parent: Document | Element, name: string): Element[] {
    return Array.from(parent.getElementsByTagName(name));
}

const SHARED_MISSING = `${SHARED_DIR} is missing: it is the shared material (Microsoft's schemas, real exports) every developer and CI run keeps beside the project as ../shared`;
let sharedSkipNoticeShown = false;

/** Whether the tests that read ../shared run: always on CI, where a missing folder must fail them; elsewhere when it is there. */
export function runsSharedTests(sharedDir: string = SHARED_DIR, env: NodeJS.ProcessEnv = process.env): boolean {
    return fs.existsSync(sharedDir) || onCi(env);
}

/**
 * A test that reads ../shared (schemas, reference exports). Without that folder it is skipped, with one notice per test
 * file, on a developer's machine; on CI (`CI` set) it runs and fails on the missing folder.
 */
export function itWithShared(name: string, test: jest.ProvidesCallback): void {
    if (runsSharedTests()) {
        it(name, test);
        return;
    }
    if (!sharedSkipNoticeShown) console.warn(`Skipping the tests that need ../shared: ${SHARED_MISSING}.`);
    sharedSkipNoticeShown = true;
    it.skip(name, test);
}

/** Validates against ../shared/schemas exactly as its README's usage snippet does. */
export async function validateCustomizations(xml: Uint8Array): Promise<{ valid: boolean; rawOutput: string }> {
    if (!fs.existsSync(path.join(SCHEMA_DIR, "CustomizationsSolution.xsd"))) throw new Error(`Microsoft's solution schemas are not at ${SCHEMA_DIR}: ${SHARED_MISSING}.`);
    const read = (fileName: string) => ({ fileName, contents: fs.readFileSync(path.join(SCHEMA_DIR, fileName), "utf8") });
    const result = await validateXML({
        xml: [{ fileName: "customizations.xml", contents: xml }],
        schema: [read("CustomizationsSolution.xsd")],
        preload: fs
            .readdirSync(SCHEMA_DIR)
            .filter((file) => file.endsWith(".xsd") && file !== "CustomizationsSolution.xsd")
            .map(read),
    });
    return { valid: result.valid, rawOutput: result.rawOutput };
}

export interface CliResult {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

const PACK_CLI = [path.join(REPO_ROOT, "node_modules", ".bin", "tsx"), path.join(REPO_ROOT, "tools", "pack", "cli.ts")] as const;

/** Runs the packer's command line as `npm run pack` does, in a child process. */
export function runPackCli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
    const result = spawnSync(PACK_CLI[0], [PACK_CLI[1], ...args], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, ...env } });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A run that takes longer has hung (on a named pipe, say): it is killed and the test fails. */
const PACK_CLI_TIMEOUT_MS = 60_000;

/** The same without blocking, so that several runs can overlap. */
export function runPackCliAsync(args: string[]): Promise<CliResult> {
    return new Promise((resolve, reject) => {
        execFile(PACK_CLI[0], [PACK_CLI[1], ...args], { cwd: REPO_ROOT, encoding: "utf8", timeout: PACK_CLI_TIMEOUT_MS }, (error, stdout, stderr) => {
            const status = error === null ? 0 : typeof error.code === "number" ? error.code : null;
            if (status === null) reject(error);
            else resolve({ status, stdout, stderr });
        });
    });
}
