import * as path from "node:path";

/** What went wrong, so callers and tests can tell failures apart without parsing messages. */
export type PackErrorKind =
    | "missing-build"
    | "development-build"
    | "missing-file"
    | "malformed-xml"
    | "encoding"
    | "invalid-source"
    | "version-mismatch"
    | "control-mismatch"
    | "unsafe-path"
    | "oversized"
    | "unreadable"
    | "unwritable";

/** A problem with the packer's input: reported as `file:line: message`, never as a stack trace. */
export class PackError extends Error {
    constructor(
        readonly kind: PackErrorKind,
        message: string,
        readonly file?: string,
        readonly line?: number,
    ) {
        super(message);
        this.name = "PackError";
    }
}

/** `file:line: message`, as editors and CI logs link it. */
export function formatPackError(error: PackError): string {
    if (error.file === undefined) return error.message;
    return `${displayPath(error.file)}${error.line === undefined ? "" : `:${error.line}`}: ${error.message}`;
}

/** Relative to the working folder when inside it, absolute otherwise. */
export function displayPath(file: string): string {
    const relative = path.relative(process.cwd(), file);
    return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}
