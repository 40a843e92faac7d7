import * as fs from "node:fs";
import * as path from "node:path";

/** Every file below `dir`, at any depth, as full paths. */
export function filesUnder(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true, recursive: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.join(entry.parentPath, entry.name));
}
