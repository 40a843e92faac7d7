/** Yes/no questions on the terminal: asked on stderr, answered on stdin; anything but y or yes (or no answer at all) is no. */
import { once } from "node:events";
import * as readline from "node:readline/promises";
import type { Streams } from "./output";

export function isInteractive(streams: Streams): boolean {
    return streams.stdin.isTTY === true;
}

export async function askYesNo(streams: Streams, question: string): Promise<boolean> {
    const rl = readline.createInterface({ input: streams.stdin, output: streams.stderr, terminal: false });
    try {
        const answer = await Promise.race([rl.question(`${question} [y/N] `), once(rl, "close").then(() => "")]);
        return /^\s*y(es)?\s*$/i.test(answer);
    } finally {
        rl.close();
    }
}
