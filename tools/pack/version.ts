import { PackError } from "./errors";
import { readInputFile } from "./projectTree";

// Dataverse versions are numeric, so pre-release or build suffixes cannot be carried over.
const RELEASE_VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** package.json `version`: the one source of the control's and the solution's version. */
export function readPackageVersion(packageJsonFile: string): string {
    let version: unknown;
    try {
        version = (JSON.parse(new TextDecoder().decode(readInputFile(packageJsonFile))) as { version?: unknown })
            .version;
    } catch (error) {
        if (error instanceof PackError) throw error;
        throw new PackError("invalid-source", `is not valid JSON: ${(error as Error).message}`, packageJsonFile);
    }
    if (typeof version !== "string" || !RELEASE_VERSION.test(version)) {
        throw new PackError(
            "invalid-source",
            `version ${JSON.stringify(version)} must be major.minor.patch`,
            packageJsonFile,
        );
    }
    return version;
}

/** Dataverse solution versions have four parts. */
export function toSolutionVersion(packageVersion: string): string {
    return `${packageVersion}.0`;
}

/** The names Dataverse gives exported solutions, e.g. `AccessModeControl_1_0_0_0.zip` and `…_managed.zip`. */
export function zipFileNames(uniqueName: string, solutionVersion: string): { unmanaged: string; managed: string } {
    const stem = `${uniqueName}_${solutionVersion.replace(/\./g, "_")}`;
    return { unmanaged: `${stem}.zip`, managed: `${stem}_managed.zip` };
}

export function assertVersion(found: string, expected: string, file: string, line: number | undefined): void {
    if (found !== expected) {
        throw new PackError(
            "version-mismatch",
            `version ${found} does not match package.json (expected ${expected}); ` +
                'change versions only with "npm version <new>", then rebuild with "npm run build"',
            file,
            line,
        );
    }
}
