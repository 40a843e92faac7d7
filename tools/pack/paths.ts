import { PackError } from "./errors";

// Deliberately narrow: every name a solution part needs, and nothing a zip reader could resolve outside its folder.
const SAFE_SEGMENT = /^[A-Za-z0-9_.\-[\]]+$/;

// Windows tools that open the zip allow 260 characters for a whole path, the folder it is opened in included.
const MAX_RELATIVE_PATH_LENGTH = 200;

/**
 * A `/`-separated path that stays inside the folder it is relative to. No segment may end with a dot: that rules out
 * `.` and `..`, and names such as `...` or `bundle.js.` that Windows would read with the trailing dots dropped.
 */
export function assertSafeRelativePath(path: string, file?: string, line?: number): void {
    if (path.length > MAX_RELATIVE_PATH_LENGTH) {
        throw new PackError(
            "unsafe-path",
            `path "${path.slice(0, 40)}…" is longer than ${MAX_RELATIVE_PATH_LENGTH} characters`,
            file,
            line,
        );
    }
    const safe = path.split("/").every((segment) => SAFE_SEGMENT.test(segment) && !segment.endsWith("."));
    if (!safe)
        throw new PackError("unsafe-path", `path "${path}" is not a plain relative path inside its folder`, file, line);
}
