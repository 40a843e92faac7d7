import * as fs from "node:fs";
import * as path from "node:path";
import { unzipSync } from "fflate";
import { MAX_CONTROL_FILE_BYTES } from "../../tools/pack/controlBuild";
import { projectLayout } from "../../tools/pack/layout";
import { ENABLED_USERS_VIEW_ID, packSolution } from "../../tools/pack/pack";
import { NOT_FOLLOWED } from "../../tools/pack/projectTree";
import { MAX_XML_DEPTH } from "../../tools/pack/wellFormed";
import {
    CONTROL_NAME,
    DEVELOPMENT_BUNDLE,
    controlBuildDir,
    createFixtureProject,
    createTemporaryFolder,
    editFile,
    filesIn,
    makeFifo,
    replaceWithLink,
    runPackCli,
    runPackCliAsync,
    writeFile,
} from "./helpers";

// Each test starts the packer (tsx) as a child process, on a machine that may be busy.
jest.setTimeout(120_000);

/** The bytes of every file in Solution/bin, by name. */
const readZips = (root: string): Record<string, Buffer> => {
    const output = projectLayout(root).zipOutput;
    return Object.fromEntries(filesIn(output).map((name) => [name, fs.readFileSync(path.join(output, name))]));
};

// Every case starts the packer as `npm run pack` does, tsx compiling it first: about a second alone, the five overlapping
// bad inputs over 5 s on a busy two-core machine. Nothing here measures time, so the limit only catches a hang.
jest.setTimeout(60_000);

describe("the packer's command line (npm run pack)", () => {
    it("writes both zips and exits 0", () => {
        const root = createFixtureProject();
        const result = runPackCli(["--root", root]);
        expect(result.status).toBe(0);
        expect(result.stdout).toMatch(/wrote .*AccessModeControl_\d+_\d+_\d+_0\.zip\nwrote .*_managed\.zip\n/);
    });

    it("says on stderr which strings a language packs in English, and still writes both zips and exits 0", () => {
        const root = createFixtureProject();
        const table = path.join(controlBuildDir(root), "strings", "AccessModeControl.1031.resx");
        editFile(table, "fixture content of strings/AccessModeControl.1031.resx", " ");
        const result = runPackCli(["--root", root]);
        expect(result).toMatchObject({
            status: 0,
            stderr: `pack: language 1031 of ${CONTROL_NAME} lacks 1 string (missing or blank in strings/AccessModeControl.1031.resx); English is used for them: Control_DisplayName\n`,
        });
        expect(result.stdout).toMatch(/^wrote .*\.zip\nwrote .*_managed\.zip\n$/);
    });

    it("packs through a --root that is itself a link: only links inside the project are refused", () => {
        const root = createFixtureProject();
        const link = path.join(createTemporaryFolder(), "project");
        fs.symlinkSync(root, link);
        expect(runPackCli(["--root", link])).toMatchObject({ status: 0, stderr: "" });
        expect(filesIn(projectLayout(root).zipOutput)).toHaveLength(2);
    });

    it("leaves the built-in Enabled Users view out with --keep-enabled-users-view", () => {
        const root = createFixtureProject();
        expect(runPackCli(["--root", root, "--keep-enabled-users-view"]).status).toBe(0);
        const zips = filesIn(projectLayout(root).zipOutput).map((file) => unzipSync(fs.readFileSync(path.join(projectLayout(root).zipOutput, file))));
        expect(zips).toHaveLength(2);
        for (const zip of zips) expect(new TextDecoder().decode(zip["customizations.xml"])).not.toContain(ENABLED_USERS_VIEW_ID);
    });

    it("writes the same bytes in any time zone", () => {
        const root = createFixtureProject();
        expect(runPackCli(["--root", root], { TZ: "Pacific/Kiritimati" }).status).toBe(0);
        const elsewhere = filesIn(path.join(root, "Solution", "bin")).map((file) => fs.readFileSync(path.join(root, "Solution", "bin", file)));
        const here = packSolution(root).map((file) => fs.readFileSync(file));
        expect(here).toEqual(elsewhere);
    });

    const bundleOf = (root: string) => path.join(controlBuildDir(root), "bundle.js");
    const relationships = (root: string) => path.join(projectLayout(root).solutionSource, "Other", "Relationships.xml");
    const badInputs: { name: string; breakProject: (root: string) => void; stderr: (root: string) => string }[] = [
        {
            name: "no control build",
            breakProject: (root) => fs.rmSync(path.join(root, "out"), { recursive: true }),
            stderr: (root) => `${path.join(root, "out", "controls")}: no built control (ControlManifest.xml) found; run "npm run build" first`,
        },
        {
            name: "an oversized bundle",
            breakProject: (root) => fs.truncateSync(bundleOf(root), MAX_CONTROL_FILE_BYTES + 1),
            stderr: (root) => `${bundleOf(root)}: is larger than ${MAX_CONTROL_FILE_BYTES} bytes, the Dataverse default upload limit`,
        },
        {
            name: "a missing bundle",
            breakProject: (root) => fs.rmSync(bundleOf(root)),
            stderr: (root) => `${bundleOf(root)}: is missing; the control build is incomplete; run "npm run build"`,
        },
        {
            name: "a control name mismatch",
            breakProject: (root) => editFile(path.join(controlBuildDir(root), "ControlManifest.xml"), 'constructor="AccessModeControl"', 'constructor="Renamed"'),
            stderr: (root) => {
                const formDir = path.join(projectLayout(root).solutionSource, "Entities", "SystemUser", "FormXml", "main");
                const form = path.join(formDir, filesIn(formDir)[0]);
                const line = fs.readFileSync(form, "utf8").split("\n").findIndex((text) => text.includes(`name="${CONTROL_NAME}"`)) + 1;
                return `${form}:${line}: form binds control "${CONTROL_NAME}", which is not in the build (built: amc_AccessMode.Renamed)`;
            },
        },
        {
            name: "malformed XML",
            breakProject: (root) => editFile(relationships(root), " />", ">"),
            stderr: (root) => `${relationships(root)}:2: malformed XML: unclosed xml tag(s): EntityRelationships`,
        },
        // Hostile trees (issue 14): nothing outside the project is read, nothing waits on a pipe, no stack trace.
        {
            name: "a source file linked to /etc/passwd",
            breakProject: (root) => replaceWithLink(relationships(root), "/etc/passwd"),
            stderr: (root) => `${relationships(root)}: is a symbolic link; ${NOT_FOLLOWED}`,
        },
        {
            name: "the bundle a named pipe",
            breakProject: (root) => makeFifo(bundleOf(root)),
            stderr: (root) => `${bundleOf(root)}: is a named pipe (FIFO); ${NOT_FOLLOWED}`,
        },
        {
            name: "the bundle linked to a named pipe",
            breakProject: (root) => {
                makeFifo(path.join(root, "pipe"));
                replaceWithLink(bundleOf(root), path.join(root, "pipe"));
            },
            stderr: (root) => `${bundleOf(root)}: is a symbolic link; ${NOT_FOLLOWED}`,
        },
        {
            name: "a named pipe among the label tables",
            breakProject: (root) => makeFifo(path.join(projectLayout(root).labelTables, "1031.json")),
            stderr: (root) => `${path.join(projectLayout(root).labelTables, "1031.json")}: is a named pipe (FIFO); ${NOT_FOLLOWED}`,
        },
        {
            name: "Solution/bin a file",
            breakProject: (root) => writeFile(projectLayout(root).zipOutput, "not a folder"),
            stderr: (root) => `${projectLayout(root).zipOutput}: is a file, not a folder; the zips are written there, so move it away`,
        },
        {
            name: "Solution/bin a link out of the project",
            breakProject: (root) => replaceWithLink(projectLayout(root).zipOutput, createTemporaryFolder()),
            stderr: (root) => `${projectLayout(root).zipOutput}: is a symbolic link; ${NOT_FOLLOWED}`,
        },
        {
            name: "absurdly nested XML",
            breakProject: (root) => editFile(relationships(root), " />", `>${"<a>".repeat(100_000)}${"</a>".repeat(100_000)}</EntityRelationships>`),
            stderr: (root) => `${relationships(root)}:2: elements are nested more than ${MAX_XML_DEPTH} levels deep`,
        },
        {
            name: "a development bundle",
            breakProject: (root) => fs.copyFileSync(DEVELOPMENT_BUNDLE, bundleOf(root)),
            stderr: (root) => `${bundleOf(root)}: is a development build (its code runs through eval); run "npm run build" to build the control for production`,
        },
        {
            name: "a folder name with a line break and a bidi override",
            breakProject: (root) => fs.mkdirSync(path.join(projectLayout(root).solutionSource, "Entities", "x\n\u202Ey")),
            stderr: (root) => `${path.join(projectLayout(root).solutionSource, "Entities", "x\\u000a\\u202ey", "Entity.xml")}: is missing`,
        },
    ];
    /** The zips in Solution/bin; none when it is not a folder (or not one of the project's). */
    const zipsIn = (root: string): string[] => {
        const output = projectLayout(root).zipOutput;
        return fs.lstatSync(output, { throwIfNoEntry: false })?.isDirectory() ? filesIn(output) : [];
    };

    it(`exits 1 with one line "pack: file[:line]: reason", never a stack trace, and writes no zip (${badInputs.map(({ name }) => name).join(", ")})`, async () => {
        const roots = badInputs.map(({ breakProject }) => {
            const root = createFixtureProject();
            breakProject(root);
            return root;
        });
        const results = await Promise.all(roots.map((root) => runPackCliAsync(["--root", root])));
        expect(results.map(({ status, stdout, stderr }, index) => ({ status, stdout, stderr, zips: zipsIn(roots[index]) }))).toEqual(
            badInputs.map(({ stderr }, index) => ({ status: 1, stdout: "", stderr: `pack: ${stderr(roots[index])}\n`, zips: [] })),
        );
    });

    it("leaves the pair already in Solution/bin as it was when it refuses", () => {
        const root = createFixtureProject();
        expect(runPackCli(["--root", root]).status).toBe(0);
        const zips = readZips(root);
        fs.copyFileSync(DEVELOPMENT_BUNDLE, bundleOf(root));
        expect(runPackCli(["--root", root])).toMatchObject({ status: 1, stdout: "" });
        expect(readZips(root)).toEqual(zips);
    });

    it("refuses to replace a folder that has a zip's name, before it writes either zip", () => {
        const root = createFixtureProject();
        expect(runPackCli(["--root", root]).status).toBe(0);
        const [unmanaged, managed] = filesIn(projectLayout(root).zipOutput).map((name) => path.join(projectLayout(root).zipOutput, name));
        const before = fs.readFileSync(unmanaged);
        fs.rmSync(managed);
        fs.mkdirSync(managed);
        editFile(relationships(root), "<EntityRelationships", "<!-- changed -->\n<EntityRelationships");
        expect(runPackCli(["--root", root])).toEqual({ status: 1, stdout: "", stderr: `pack: ${managed}: is a folder, where the packer writes a zip; move it away\n` });
        expect(fs.readFileSync(unmanaged)).toEqual(before);
    });

    it("exits 2 with the usage on an unknown option", () => {
        const result = runPackCli(["--managed-only"]);
        expect(result.status).toBe(2);
        expect(result.stderr).toContain("usage: tsx tools/pack/cli.ts [--root <project folder>] [--keep-enabled-users-view]");
    });
});
