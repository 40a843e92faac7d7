/**
 * Where amc's output goes. stdout: the result — a readable table on a terminal, tab-separated lines when piped, or with
 * --json one JSON document and nothing else. stderr: errors, questions, notes and progress (progress only on a terminal).
 * Every text goes through plain() here, once: names and messages read from Dataverse are part of almost every line.
 */
import type { Readable, Writable } from "node:stream";

type OutStream = Writable & { isTTY?: boolean; columns?: number };
type InStream = Readable & { isTTY?: boolean };

export interface Streams {
    stdout: OutStream;
    stderr: OutStream;
    stdin: InStream;
}

// eslint-disable-next-line no-control-regex -- a name read from Dataverse must not move the cursor or change colours
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/** Text shown as text: no control characters (escape sequences, bells, line breaks), no tabs (they separate the piped columns). */
export function plain(value: string): string {
    return value.replace(CONTROL_CHARACTERS, " ");
}

export class Output {
    private progressShown = false;

    constructor(
        private readonly streams: Streams,
        readonly json: boolean,
    ) {}

    /** A line of the human-readable result (nothing with --json). */
    line(text = ""): void {
        if (!this.json) this.streams.stdout.write(`${plain(text)}\n`);
    }

    /** Rows under a header: aligned on a terminal, tab-separated without the header when piped (nothing with --json). */
    table(header: readonly string[], rows: readonly (readonly string[])[]): void {
        if (this.json) return;
        const cells = rows.map((row) => row.map(plain));
        if (!this.streams.stdout.isTTY) {
            for (const row of cells) this.streams.stdout.write(`${row.join("\t")}\n`);
            return;
        }
        const widths = header.map((title, i) => Math.max(title.length, ...cells.map((row) => row[i]?.length ?? 0)));
        const format = (row: readonly string[]): string => row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd();
        this.streams.stdout.write(`${[format(header), ...cells.map(format)].join("\n")}\n`);
    }

    /** The result with --json. */
    result(value: unknown): void {
        if (this.json) this.streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    }

    /** A note for the person at the terminal (stderr). */
    note(text: string): void {
        this.clearProgress();
        this.streams.stderr.write(`${plain(text)}\n`);
    }

    /** A yes/no question on stderr; the answer is typed on the same line. */
    question(text: string): void {
        this.clearProgress();
        this.streams.stderr.write(`${plain(text)} [y/N] `);
    }

    /** The one sentence of a failure, on stderr — and with --json also as the result, {"error": {exitCode, message}}. */
    error(exitCode: number, message: string): void {
        this.note(`amc: ${message}`);
        this.result({ error: { exitCode, message } });
    }

    /** One line of progress that the next replaces, only when stderr is a terminal. */
    progress(text: string): void {
        if (!this.streams.stderr.isTTY) return;
        this.streams.stderr.write(`\r\u001b[2K${plain(text)}`);
        this.progressShown = true;
    }

    clearProgress(): void {
        if (!this.progressShown) return;
        this.streams.stderr.write("\r\u001b[2K");
        this.progressShown = false;
    }
}
