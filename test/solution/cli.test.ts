/** @jest-environment node */
import * as fs from "node:fs";
import * as path from "node:path";
import { packSolution } from "../../tools/pack/pack";
import { createFixtureProject, filesIn, runPackCli } from "./helpers";

describe("the packer's command line (npm run pack)", () => {
    it("writes both zips and exits 0", () => {
        const root = createFixtureProject();
        const result = runPackCli(["--root", root]);
        expect(result.status).toBe(0);
        expect(result.stdout).toMatch(/wrote .*AccessModeControl_\d+_\d+_\d+_0\.zip\nwrote .*_managed\.zip\n/);
    });

    it("writes the same bytes in any time zone", () => {
        const root = createFixtureProject();
        expect(runPackCli(["--root", root], { TZ: "Pacific/Kiritimati" }).status).toBe(0);
        const elsewhere = filesIn(path.join(root, "Solution", "bin")).map((file) => fs.readFileSync(path.join(root, "Solution", "bin", file)));
        const here = packSolution(root).map((file) => fs.readFileSync(file));
        expect(here).toEqual(elsewhere);
    });

    it("exits 1 with file and reason on bad input", () => {
        const root = createFixtureProject();
        fs.rmSync(path.join(root, "out"), { recursive: true });
        const result = runPackCli(["--root", root]);
        expect(result.status).toBe(1);
        expect(result.stderr).toBe(`pack: ${path.join(root, "out", "controls")}: no built control (ControlManifest.xml) found; run "npm run build" first\n`);
    });

    it("exits 2 with the usage on an unknown option", () => {
        const result = runPackCli(["--managed-only"]);
        expect(result.status).toBe(2);
        expect(result.stderr).toContain("usage: tsx tools/pack/cli.ts [--root <project folder>]");
    });
});
