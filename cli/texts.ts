/**
 * The texts `amc` shows: the control's own (its 1033 resx, through the control's translator and presentation helpers),
 * so that a consequence, refusal or acknowledgement reads exactly as in the control's dialog.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createTranslator, Translate } from "../AccessModeControl/presentation/strings";
import { modeLabel } from "../AccessModeControl/presentation/viewModel";
import { readResx } from "../tools/resx";

const RESX = path.join("AccessModeControl", "strings", "AccessModeControl.1033.resx");

/** The repository root: the nearest folder above this file that holds the control's strings (from cli/ or its build in out/). */
function repositoryRoot(from = __dirname): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, RESX))) return dir;
        if (path.dirname(dir) === dir) throw new Error(`amc: ${RESX} not found above ${from}`);
    }
}

let translator: Translate | null = null;

/** The control's English texts. */
export function texts(): Translate {
    if (translator === null) {
        const strings = readResx(path.join(repositoryRoot(), RESX));
        translator = createTranslator((key) => strings[key] ?? key);
    }
    return translator;
}

/** The label of an access mode, as the control shows it without column metadata: "Non-interactive", "Unknown (9)" … */
export function label(mode: number | null): string {
    return modeLabel(mode, [], texts());
}
