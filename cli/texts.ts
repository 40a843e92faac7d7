/**
 * The texts `amc` shows: the control's own (its English strings, through the control's translator and presentation
 * helpers), so that a consequence, refusal or acknowledgement reads exactly as in the control's dialog.
 */
import { createTranslator, Translate } from "../AccessModeControl/presentation/strings";
import { modeLabel } from "../AccessModeControl/presentation/viewModel";
import { ENGLISH } from "./built";

const translator: Translate = createTranslator((key) => ENGLISH[key] ?? key);

/** The control's English texts. */
export function texts(): Translate {
    return translator;
}

/** The label of an access mode, as the control shows it without column metadata: "Non-interactive", "Unknown (9)" … */
export function label(mode: number | null): string {
    return modeLabel(mode, [], texts());
}
