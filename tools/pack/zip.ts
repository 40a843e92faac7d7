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
        // Case-insensitively: zip readers on Windows and macOS would let one overwrite the other.
        if (seen.has(path.toLowerCase()))
            throw new PackError("unsafe-path", `zip entry "${path}" would be written twice`);
        seen.add(path.toLowerCase());
        zippable[path] = [data, { level: DEFLATE_LEVEL, mtime: FIXED_TIMESTAMP, os: MS_DOS_HOST }];
    }
    return zipSync(zippable);
}
