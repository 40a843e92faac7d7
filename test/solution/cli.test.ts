import * as fs from "node:fs";
import * as path from "node:path";
import { unzipSync } from "fflate";
import { MAX_CONTROL_FILE_BYTES } from "../../tools/pack/controlBuild";
import { projectLayout } from "../../tools/pack/layout";
import { ENABLED_USERS_VIEW_ID, packSolution } from "../../tools/pack/pack";
import { CONTROL_NAME, controlBuildDir, createFixtureProject, editFile, filesIn, runPackCli, runPackCliAsync } from "./helpers";

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
    ];

    it(`exits 1 with one line "pack: file[:line]: reason", never a stack trace, and writes no zip (${badInputs.map(({ name }) => name).join(", ")})`, async () => {
        const roots = badInputs.map(({ breakProject }) => {
            const root = createFixtureProject();
            breakProject(root);
            return root;
        });
        const results = await Promise.all(roots.map((root) => runPackCliAsync(["--root", root])));
        expect(results.map(({ status, stdout, stderr }, index) => ({ status, stdout, stderr, zips: filesIn(projectLayout(roots[index]).zipOutput) }))).toEqual(
            badInputs.map(({ stderr }, index) => ({ status: 1, stdout: "", stderr: `pack: ${stderr(roots[index])}\n`, zips: [] })),
        );
    });

    it("exits 2 with the usage on an unknown option", () => {
        const result = runPackCli(["--managed-only"]);
        expect(result.status).toBe(2);
        expect(result.stderr).toContain("usage: tsx tools/pack/cli.ts [--root <project folder>] [--keep-enabled-users-view]");
    });
});
