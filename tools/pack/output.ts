import * as fs from "node:fs";
import * as path from "node:path";
import { PackError } from "./errors";
import { NOT_FOLLOWED, assertNoLinkOnTheWay, kindOf } from "./projectTree";

export interface OutputFile {
    /** A file name inside the output folder. */
    readonly name: string;
    readonly data: Uint8Array;
}

/**
 * Puts the files into `dir` as one set, so that no one ever finds one of them new and another old (the unmanaged and the
 * managed zip of one version must come from the same source):
 * 1. each file is written to a temporary beside its target; a failure here leaves the old set as it was;
 * 2. the old files of the set are removed, and only then are the temporaries renamed into place; a failure here leaves no
 *    file of the set at all (the new ones already in place are removed again): missing, never mixed.
 * No temporary file is left behind. Returns the full paths, in the order given.
 */
export function writeFileSet(dir: string, files: readonly OutputFile[]): string[] {
    prepareFolder(dir);
    const targets = files.map(({ name }) => path.join(dir, name));
    for (const target of targets) assertReplaceable(target);
    const temporaries = files.map(({ name }) => path.join(dir, `.${name}.${process.pid}.tmp`));
    const placed: string[] = [];
    let failing = targets[0];
    let replacing = false;
    try {
        files.forEach(({ data }, index) => {
            failing = targets[index];
            // "wx": never through a file or a link that is already there.
            fs.writeFileSync(temporaries[index], data, { flag: "wx" });
        });
        replacing = true;
        for (const target of targets) {
            failing = target;
            fs.rmSync(target, { force: true });
        }
        targets.forEach((target, index) => {
            failing = target;
            fs.renameSync(temporaries[index], target);
            placed.push(target);
        });
        return targets;
    } catch (error) {
        for (const file of [...temporaries, ...placed]) removeQuietly(file);
        const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        if (!replacing)
            throw new PackError(
                "unwritable",
                `cannot be written (${reason}); the zips already there are unchanged`,
                failing,
            );
        throw new PackError(
            "unwritable",
            `cannot be put in place (${reason}); no zip of this version is left, rather than a mismatched pair: pack again`,
            failing,
        );
    }
}

/**
 * The output folder, created when absent. It, or the part of its path that exists, must be real folders inside the project,
 * checked before anything is created: a link there could lead the zips anywhere.
 */
function prepareFolder(dir: string): void {
    let existing = dir;
    while (!exists(existing)) existing = path.dirname(existing);
    const stats = fs.lstatSync(existing);
    if (stats.isSymbolicLink()) throw new PackError("unsafe-path", `is a symbolic link; ${NOT_FOLLOWED}`, existing);
    assertNoLinkOnTheWay(existing);
    if (!stats.isDirectory()) {
        const where = existing === dir ? "there" : `to ${path.relative(existing, dir)} inside it`;
        throw new PackError(
            "unwritable",
            `is ${stats.isFile() ? "a file" : kindOf(stats)}, not a folder; the zips are written ${where}, so move it away`,
            existing,
        );
    }
    try {
        fs.mkdirSync(dir, { recursive: true });
    } catch (error) {
        throw new PackError(
            "unwritable",
            `cannot be created (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
            dir,
        );
    }
}

/** A target that exists must be a regular file: the packer replaces its own zips, not a folder or a link someone put there. */
function assertReplaceable(target: string): void {
    const stats = fs.lstatSync(target, { throwIfNoEntry: false });
    if (stats !== undefined && !stats.isFile())
        throw new PackError(
            "unwritable",
            `is ${stats.isDirectory() ? "a folder" : kindOf(stats)}, where the packer writes a zip; move it away`,
            target,
        );
}

/** Whether there is anything at `file` (a dangling link included); not when a folder on its way is a file (ENOTDIR). */
function exists(file: string): boolean {
    try {
        fs.lstatSync(file);
        return true;
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT" || code === "ENOTDIR") return false;
        throw error;
    }
}

function removeQuietly(file: string): void {
    try {
        fs.rmSync(file, { force: true });
    } catch {
        // Reporting the failure that got us here matters more than a leftover file.
    }
}
