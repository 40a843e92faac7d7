import { PackError } from "./errors";

// Deliberately narrow: every name a solution part needs, and nothing a zip reader could resolve outside its folder.
const SAFE_SEGMENT = /^[A-Za-z0-9_.\-[\]]+$/;

/**
 * A `/`-separated path that stays inside the folder it is relative to. No segment may end with a dot: that rules out
 * `.` and `..`, and names such as `...` or `bundle.js.` that Windows would read with the trailing dots dropped.
 */
export function assertSafeRelativePath(path: string, file?: string, line?: number): void {
    const safe = path.split("/").every((segment) => SAFE_SEGMENT.test(segment) && !segment.endsWith("."));
    if (!safe) throw new PackError("unsafe-path", `path "${path}" is not a plain relative path inside its folder`, file, line);
}
