// pcf-scripts sets its exit code from whether its task runner ran, not from whether the build succeeded: a failed
// compile still exits 0. Its log states the verdict, so the build is judged by that.
const SUCCEEDED = /\[build\] Succeeded/;
const FAILED = /\[build\] Failed|\[Error\]/;

/** Whether a pcf-scripts build succeeded, from its exit code and its whole log (stdout and stderr). */
export function pcfBuildSucceeded(exitCode: number | null, log: string): boolean {
    return exitCode === 0 && SUCCEEDED.test(log) && !FAILED.test(log);
}
