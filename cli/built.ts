/**
 * What `amc` takes from the repository: its version (package.json) and the control's English texts (the 1033 resx), so
 * that a consequence, refusal or acknowledgement reads exactly as in the control's dialog. `npm run build:cli`
 * (tools/build/amc.ts) bundles amc with this module replaced by its values, fixed at build time: the built command reads
 * no file and imports nothing of tools/. The tests, running the sources, read the files here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readResx } from "../tools/resx";

const ROOT = path.join(__dirname, "..");

export const VERSION: string = (
    JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }
).version;

export const ENGLISH: Readonly<Record<string, string>> = readResx(
    path.join(ROOT, "AccessModeControl", "strings", "AccessModeControl.1033.resx"),
);
