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
            options: { root: { type: "string", default: "." }, "keep-enabled-users-view": { type: "boolean", default: false } },
        });
        root = path.resolve(values.root ?? ".");
        options = { keepEnabledUsersView: values["keep-enabled-users-view"] };
    } catch (error) {
        console.error(`${(error as Error).message}\n${USAGE}`);
        return EXIT_USAGE;
    }
    try {
        for (const zip of packSolution(root, options)) console.log(`wrote ${displayPath(zip)}`);
        return 0;
    } catch (error) {
        if (error instanceof PackError) {
            console.error(`pack: ${formatPackError(error)}`);
            return EXIT_BAD_INPUT;
        }
        console.error(error);
        return EXIT_INTERNAL_ERROR;
    }
}

process.exitCode = main(process.argv.slice(2));
