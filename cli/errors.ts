/** The exit codes of `amc`, and the one error type its commands throw: a sentence to show and the code to exit with. */

export const ExitCode = {
    Done: 0,
    /** Network, authentication or server failure. */
    Failed: 1,
    Usage: 2,
    /** Refused by a rule of the control, or not confirmed. */
    Refused: 3,
    /** `amc audit` found something to act on. */
    Findings: 4,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class AmcError extends Error {
    constructor(
        readonly exitCode: typeof ExitCode.Failed | typeof ExitCode.Usage | typeof ExitCode.Refused,
        message: string,
    ) {
        super(message);
        this.name = "AmcError";
    }
}

export const usage = (message: string): AmcError => new AmcError(ExitCode.Usage, message);
export const failed = (message: string): AmcError => new AmcError(ExitCode.Failed, message);
export const refused = (message: string): AmcError => new AmcError(ExitCode.Refused, message);

/** A sentence ends with one full stop, whatever the text it quotes ends with. */
export function sentence(text: string): string {
    return `${text.replace(/[\s.]+$/, "")}.`;
}
