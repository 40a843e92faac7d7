import * as fs from "node:fs";
import * as path from "node:path";
import { readManifestControl } from "../../tools/pack/controlBuild";
import { PackError } from "../../tools/pack/errors";
import { projectLayout } from "../../tools/pack/layout";
import { packSolution } from "../../tools/pack/pack";
import { readSolutionIdentity } from "../../tools/pack/solutionManifest";
import { readSolutionSource } from "../../tools/pack/sourceTree";
import { zipFileNames } from "../../tools/pack/version";
import { readXmlFile } from "../../tools/pack/xml";
import { stampVersion } from "../../tools/version/stampVersion";
import { REPO_ROOT, createFixtureProject, packageVersion, writeFile } from "./helpers";

const versionsOf = (root: string) => {
    const layout = projectLayout(root);
    return {
        packageJson: (JSON.parse(fs.readFileSync(layout.packageJson, "utf8")) as { version: string }).version,
        manifest: readManifestControl(readXmlFile(layout.controlManifestInput), layout.controlManifestInput).version,
        solution: readSolutionIdentity(readSolutionSource(layout.solutionSource).solution).version,
    };
};

describe("the version", () => {
    it("is the same in package.json, the control manifest and Solution.xml", () => {
        const { packageJson, manifest, solution } = versionsOf(REPO_ROOT);
        expect({ manifest, solution }).toEqual({ manifest: packageJson, solution: `${packageJson}.0` });
    });

    it("names the zips as a Dataverse export does", () => {
        expect(zipFileNames("AccessModeControl", "1.2.3.0")).toEqual({
            unmanaged: "AccessModeControl_1_2_3_0.zip",
            managed: "AccessModeControl_1_2_3_0_managed.zip",
        });
    });
});

describe("the version stamper (npm version)", () => {
    const stampedFiles = (root: string) => [projectLayout(root).controlManifestInput, path.join(projectLayout(root).solutionSource, "Other", "Solution.xml")];
    const setPackageVersion = (root: string, version: string) => writeFile(projectLayout(root).packageJson, JSON.stringify({ version }));

    it("writes package.json's version into the manifest and Solution.xml, changing nothing else", () => {
        const root = createFixtureProject();
        const before = stampedFiles(root).map((file) => fs.readFileSync(file, "utf8"));
        setPackageVersion(root, "2.3.4");
        stampVersion(root);
        expect(versionsOf(root)).toEqual({ packageJson: "2.3.4", manifest: "2.3.4", solution: "2.3.4.0" });
        const after = stampedFiles(root).map((file) => fs.readFileSync(file, "utf8"));
        const current = packageVersion();
        expect(after).toEqual([
            before[0].replace(`constructor="AccessModeControl" version="${current}"`, 'constructor="AccessModeControl" version="2.3.4"'),
            before[1].replace(`<Version>${current}.0</Version>`, "<Version>2.3.4.0</Version>"),
        ]);
    });

    it("leaves a stale control build to be refused by the packer until it is rebuilt", () => {
        const root = createFixtureProject();
        setPackageVersion(root, "2.3.4");
        stampVersion(root);
        expect(() => packSolution(root)).toThrow(expect.objectContaining({ kind: "version-mismatch" }));
    });

    it("refuses a version Dataverse cannot hold and touches no file", () => {
        const root = createFixtureProject();
        const before = stampedFiles(root).map((file) => fs.readFileSync(file, "utf8"));
        setPackageVersion(root, "2.3.4-rc.1");
        expect(() => stampVersion(root)).toThrow(PackError);
        expect(stampedFiles(root).map((file) => fs.readFileSync(file, "utf8"))).toEqual(before);
    });
});
