/**
 * Yes/no questions on the terminal: asked on stderr, answered by a line on stdin; anything but y or yes (or the end of
 * input) is no. Lines typed ahead are kept for the next question.
 */
import * as readline from "node:readline";
import type { Output, Streams } from "./output";

export function isInteractive(streams: Streams): boolean {
    return streams.stdin.isTTY === true;
}

export interface Questions {
    ask(question: string): Promise<boolean>;
    /** Stops reading stdin (so the process can end). */
    close(): void;
}

/** Questions asked through the output (so that a name in them is shown as plain text), answered on stdin. */
export function questions(stdin: Streams["stdin"], out: Pick<Output, "question" | "note">): Questions {
    let lines: readline.Interface | null = null;
    const typed: string[] = [];
    const waiting: ((line: string | null) => void)[] = [];
    let ended = false;
    const start = (): void => {
        lines = readline.createInterface({ input: stdin, terminal: false });
        lines.on("line", (line) => (waiting.length > 0 ? waiting.shift()!(line) : typed.push(line)));
        lines.on("close", () => {
            ended = true;
            for (const answer of waiting.splice(0)) answer(null);
        });
    };
    return {
        async ask(question) {
            if (lines === null) start();
            out.question(question);
            const line =
                typed.length > 0
                    ? typed.shift()!
                    : ended
                      ? null
                      : await new Promise<string | null>((resolve) => waiting.push(resolve));
            if (line === null) out.note("");
            return line !== null && /^\s*y(es)?\s*$/i.test(line);
        },
        close() {
            lines?.close();
        },
    };
}
