import * as fs from "node:fs";
import { zipSync, type Zippable } from "fflate";
import { PackError } from "./errors";
import { assertSafeRelativePath } from "./paths";

export interface ZipEntry {
    readonly path: string;
    readonly data: Uint8Array;
}

// The earliest DOS date; built from local-time fields because fflate reads them back that way, so every time zone writes the same bytes.
const FIXED_TIMESTAMP = new Date(1980, 0, 1);
const MS_DOS_HOST = 0;
const DEFLATE_LEVEL = 9;

/** Deflated entries in the given order, no directory entries, fixed timestamps: the same input gives the same bytes. */
export function zipEntries(entries: readonly ZipEntry[]): Uint8Array {
    const zippable: Zippable = {};
    const seen = new Set<string>();
    for (const { path, data } of entries) {
        assertSafeRelativePath(path);
        if (seen.has(path)) throw new PackError("unsafe-path", `zip entry "${path}" would be written twice`);
        seen.add(path);
        zippable[path] = [data, { level: DEFLATE_LEVEL, mtime: FIXED_TIMESTAMP, os: MS_DOS_HOST }];
    }
    return zipSync(zippable);
}

/** Writes beside the target and renames, so a reader never sees a half-written file. */
export function writeFileAtomically(file: string, data: Uint8Array): void {
    const temporary = `${file}.${process.pid}.tmp`;
    try {
        fs.writeFileSync(temporary, data);
        fs.renameSync(temporary, file);
    } catch (error) {
        fs.rmSync(temporary, { force: true });
        throw error;
    }
}
