/**
 * Where amc's output goes. stdout: the result — a readable table on a terminal, tab-separated lines when piped, or with
 * --json one JSON document and nothing else. stderr: errors, questions, notes and progress (progress only on a terminal).
 * Every text, --json included, is shown through here and only here: tokens and secrets removed (redact), control and
 * direction characters neutralised (plain). Names and messages read from Dataverse are part of almost every line.
 */
import type { Readable, Writable } from "node:stream";

type OutStream = Writable & { isTTY?: boolean; columns?: number };
type InStream = Readable & { isTTY?: boolean };

export interface Streams {
    stdout: OutStream;
    stderr: OutStream;
    stdin: InStream;
}

/**
 * What a text from outside must not carry to a terminal or a log: C0 and C1 control characters (escape sequences, bells,
 * line breaks, tabs that separate the piped columns), the line and paragraph separators, and the bidirectional marks,
 * embeddings, overrides and isolates that can make a name or an id read differently from what it is.
 */
// eslint-disable-next-line no-control-regex -- these are the characters removed
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same characters where JSON.stringify leaves them raw (it escapes C0 itself). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Text shown as text: every unsafe character becomes a space. */
export function plain(value: string): string {
    return value.replace(UNSAFE_CHARACTERS, " ");
}

/** The longest text amc shows of what a server or a program said (a message, a name, an excerpt). */
export const TEXT_CAP = 300;

/** A text from outside, cut to TEXT_CAP characters. */
export function capped(text: string): string {
    return text.length > TEXT_CAP ? `${text.slice(0, TEXT_CAP)}…` : text;
}

const JWT = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g;
/** What follows "Bearer" (an Authorization header quoted back in an error page, say): any word of 8 characters or more. */
const BEARER = /\b(bearer)(\s*[:=]?\s*)("?)(?!\[(?:token|secret) removed\])[^\s"',;<>]{8,}/gi;

/** Removes what could be a token (a JWT, a bearer credential) and each of the secrets from a text that will be shown. */
export function redact(text: string, secrets: Iterable<string> = []): string {
    let shown = text;
    for (const secret of secrets) if (secret.length >= 4) shown = shown.split(secret).join("[secret removed]");
    return shown
        .replace(JWT, "[token removed]")
        .replace(BEARER, (_, word: string, gap: string, quote: string) => `${word}${gap}${quote}[token removed]`);
}

export class Output {
    private progressShown = false;
    private readonly secrets: Set<string>;

    constructor(
        private readonly streams: Streams,
        readonly json: boolean,
        secrets: Iterable<string> = [],
    ) {
        this.secrets = new Set(secrets);
    }

    /** A secret that must never be shown (the token, once signed in). */
    keepSecret(secret: string): void {
        this.secrets.add(secret);
    }

    /** What any text becomes before it is written. */
    private shown(text: string): string {
        return plain(redact(text, this.secrets));
    }

    /** A line of the human-readable result (nothing with --json). */
    line(text = ""): void {
        if (!this.json) this.streams.stdout.write(`${this.shown(text)}\n`);
    }

    /** Rows under a header: aligned on a terminal, tab-separated without the header when piped (nothing with --json). */
    table(header: readonly string[], rows: readonly (readonly string[])[]): void {
        if (this.json) return;
        const cells = rows.map((row) => row.map((cell) => this.shown(cell)));
        if (!this.streams.stdout.isTTY) {
            for (const row of cells) this.streams.stdout.write(`${row.join("\t")}\n`);
            return;
        }
        const widths = header.map((title, i) => Math.max(title.length, ...cells.map((row) => row[i]?.length ?? 0)));
        const format = (row: readonly string[]): string =>
            row
                .map((cell, i) => cell.padEnd(widths[i]))
                .join("  ")
                .trimEnd();
        this.streams.stdout.write(`${[format(header), ...cells.map(format)].join("\n")}\n`);
    }

    /** The result with --json: every string redacted, and the characters JSON.stringify leaves raw escaped. */
    result(value: unknown): void {
        if (!this.json) return;
        const text = JSON.stringify(value, (_, v: unknown) => (typeof v === "string" ? redact(v, this.secrets) : v), 2);
        this.streams.stdout.write(
            `${text.replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}\n`,
        );
    }

    /** A note for the person at the terminal (stderr). */
    note(text: string): void {
        this.clearProgress();
        this.streams.stderr.write(`${this.shown(text)}\n`);
    }

    /** A yes/no question on stderr; the answer is typed on the same line. */
    question(text: string): void {
        this.clearProgress();
        this.streams.stderr.write(`${this.shown(text)} [y/N] `);
    }

    /** The one sentence of a failure, on stderr — and with --json also as the result, {"error": {exitCode, message}}. */
    error(exitCode: number, message: string): void {
        this.note(`amc: ${message}`);
        this.result({ error: { exitCode, message: plain(message) } });
    }

    /** One line of progress that the next replaces, only when stderr is a terminal. */
    progress(text: string): void {
        if (!this.streams.stderr.isTTY) return;
        this.streams.stderr.write(`\r\u001b[2K${this.shown(text)}`);
        this.progressShown = true;
    }

    clearProgress(): void {
        if (!this.progressShown) return;
        this.streams.stderr.write("\r\u001b[2K");
        this.progressShown = false;
    }
}

/** A command to suggest, each word quoted for a POSIX shell where it is not plain: a name or an id cannot become shell text. */
export function shellCommand(...words: readonly string[]): string {
    return words.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`)).join(" ");
}
