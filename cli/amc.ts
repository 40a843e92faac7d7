/** The `amc` process: runs the command line on the real streams and environment, and exits with its code. */
import { redact } from "./auth";
import { run } from "./program";

// A reader that stops early (`amc status | head`) closes the pipe: stop quietly, as other command-line tools do.
for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "EPIPE") process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
        throw error;
    });
}
// The last guard against a stack trace: whatever escapes is one sentence, exit code 1.
process.on("uncaughtException", (error) => {
    process.stderr.write(`amc: amc failed unexpectedly (${redact(error.message)}); please report it with the command you ran.\n`);
    process.exit(1);
});

run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }).then((code) => {
    process.exitCode = code;
});
