import * as fs from "node:fs";
import * as path from "node:path";
import { PackError } from "./errors";

// Without O_NONBLOCK, opening a FIFO waits for a writer; O_NOFOLLOW refuses a link that appears after the lstat. Windows has neither.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

export const NOT_FOLLOWED =
    "the packer reads and writes only regular files and folders inside the project, and follows no link";

/**
 * The project root as the packer reads it: with every link in the path resolved, so that a link met below it is one inside
 * the tree (see assertNoLinkOnTheWay). A root that does not exist stays as given: reading from it reports what is missing.
 */
export function realRoot(root: string): string {
    try {
        return fs.realpathSync(root);
    } catch {
        return root;
    }
}

/**
 * Reads a file the packer needs: only a regular file reached through real folders; a missing or unreadable one is an input
 * error, not a crash. `hint` says how to fix a missing one; `maxBytes`, for a file that goes into the zip as it is, is the
 * Dataverse upload limit: a larger file is refused before it is read.
 */
export function readInputFile(file: string, hint?: string, maxBytes?: number): Uint8Array {
    let descriptor: number | undefined;
    try {
        assertNoLinkOnTheWay(path.dirname(file));
        assertRegularFile(file, fs.lstatSync(file));
        descriptor = fs.openSync(file, OPEN_FLAGS);
        const stats = fs.fstatSync(descriptor);
        assertRegularFile(file, stats);
        if (maxBytes !== undefined && stats.size > maxBytes) {
            throw new PackError(
                "oversized",
                `is larger than ${maxBytes} bytes, the Dataverse default upload limit`,
                file,
            );
        }
        return fs.readFileSync(descriptor);
    } catch (error) {
        if (error instanceof PackError) throw error;
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT" || code === "ENOTDIR")
            throw new PackError("missing-file", hint === undefined ? "is missing" : `is missing; ${hint}`, file);
        if (code === "ELOOP") throw new PackError("unsafe-path", `is a symbolic link; ${NOT_FOLLOWED}`, file);
        if (code !== undefined) throw new PackError("unreadable", `cannot be read (${code})`, file);
        throw error;
    } finally {
        if (descriptor !== undefined) fs.closeSync(descriptor);
    }
}

/**
 * The entries of a folder the packer lists, sorted so that the output never depends on the file system's listing order; an
 * absent folder is empty. Only files and folders: a link or a special file is refused rather than skipped or followed.
 */
export function entriesOf(dir: string): fs.Dirent[] {
    let entries: fs.Dirent[];
    try {
        assertNoLinkOnTheWay(dir);
        entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
        if (error instanceof PackError) throw error;
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT") return [];
        if (code === "ENOTDIR") throw new PackError("unreadable", "is a file, not a folder", dir);
        if (code !== undefined) throw new PackError("unreadable", `cannot be read (${code})`, dir);
        throw error;
    }
    for (const entry of entries) {
        if (!entry.isFile() && !entry.isDirectory())
            throw new PackError("unsafe-path", `is ${kindOf(entry)}; ${NOT_FOLLOWED}`, path.join(dir, entry.name));
    }
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Refuses a path that passes through a link. Every path the packer reads is built from the real root (realRoot) and names
 * checked to stay inside it, so a path whose real form differs has a link in the tree, which could lead anywhere.
 */
export function assertNoLinkOnTheWay(dir: string): void {
    const real = fs.realpathSync(dir);
    if (real === dir) return;
    let link = dir;
    while (path.dirname(link) !== link && fs.realpathSync(path.dirname(link)) !== path.dirname(link))
        link = path.dirname(link);
    throw new PackError("unsafe-path", `is a symbolic link; ${NOT_FOLLOWED}`, link);
}

function assertRegularFile(file: string, stats: fs.Stats): void {
    if (stats.isDirectory()) throw new PackError("unreadable", "is a folder, not a file", file);
    if (!stats.isFile()) throw new PackError("unsafe-path", `is ${kindOf(stats)}; ${NOT_FOLLOWED}`, file);
}

export function kindOf(entry: fs.Dirent | fs.Stats): string {
    if (entry.isSymbolicLink()) return "a symbolic link";
    if (entry.isFIFO()) return "a named pipe (FIFO)";
    if (entry.isSocket()) return "a socket";
    if (entry.isCharacterDevice() || entry.isBlockDevice()) return "a device";
    return "not a regular file";
}
