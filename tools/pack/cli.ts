import * as path from "node:path";
import { parseArgs } from "node:util";
import { PackError, displayPath, formatPackError } from "./errors";
import { packSolution, type PackOptions } from "./pack";

const EXIT_BAD_INPUT = 1;
const EXIT_USAGE = 2;
const EXIT_INTERNAL_ERROR = 3;
const USAGE = "usage: tsx tools/pack/cli.ts [--root <project folder>] [--keep-enabled-users-view]";

function main(args: string[]): number {
    let root: string;
    let options: PackOptions;
    try {
        const { values } = parseArgs({
            args,
            options: {
                root: { type: "string", default: "." },
                "keep-enabled-users-view": { type: "boolean", default: false },
            },
        });
        root = path.resolve(values.root ?? ".");
        options = {
            keepEnabledUsersView: values["keep-enabled-users-view"],
            onNotice: (notice) => console.error(`pack: ${oneLine(notice)}`),
        };
    } catch (error) {
        console.error(`${(error as Error).message}\n${USAGE}`);
        return EXIT_USAGE;
    }
    try {
        for (const zip of packSolution(root, options)) console.log(`wrote ${displayPath(zip)}`);
        return 0;
    } catch (error) {
        if (error instanceof PackError) {
            console.error(`pack: ${oneLine(formatPackError(error))}`);
            return EXIT_BAD_INPUT;
        }
        // A bug of the packer's own: one sentence too, never a stack trace.
        console.error(`pack: internal error: ${oneLine(error instanceof Error ? error.message : String(error))}`);
        return EXIT_INTERNAL_ERROR;
    }
}

/**
 * File names from the tree and texts from its files may hold line breaks, escape sequences or bidi overrides: shown as
 * `\u` escapes, so that the report stays one line and reads as it is.
 */
function oneLine(text: string): string {
    return text.replace(
        // eslint-disable-next-line no-control-regex
        /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
        (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
}

process.exitCode = main(process.argv.slice(2));
