/** The `amc` process: runs the command line on the real streams and environment, and exits with its code. */
import { run } from "./program";

run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }).then((code) => {
    process.exitCode = code;
});
