import * as path from "node:path";

/** Where the packer's inputs and outputs live, relative to the project root. */
export interface ProjectLayout {
    readonly root: string;
    readonly packageJson: string;
    readonly controlManifestInput: string;
    readonly solutionSource: string;
    /** `<language>.json` label tables for the languages other than the source's own. */
    readonly labelTables: string;
    readonly controlsBuild: string;
    readonly zipOutput: string;
}

export function projectLayout(root: string): ProjectLayout {
    return {
        root,
        packageJson: path.join(root, "package.json"),
        controlManifestInput: path.join(root, "AccessModeControl", "ControlManifest.Input.xml"),
        solutionSource: path.join(root, "Solution", "src"),
        labelTables: path.join(root, "Solution", "labels"),
        controlsBuild: path.join(root, "out", "controls"),
        zipOutput: path.join(root, "Solution", "bin"),
    };
}
