/** The `amc` process: runs the command line on the real streams and environment, and exits with its code. */
import { capped, plain, redact } from "./output";
import { run } from "./program";

// A reader that stops early (`amc status | head`) closes the pipe: what is still written is dropped, and the command runs to
// its end, so that its exit code (a refusal, a failure, findings) is the process's, as with other command-line tools.
for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") return;
        throw error;
    });
}
// The last guard against a stack trace: whatever escapes is one sentence, exit code 1.
process.on("uncaughtException", (error) => {
    process.stderr.write(
        `amc: amc failed unexpectedly (${plain(redact(capped(error.message)))}); please report it with the command you ran.\n`,
    );
    process.exit(1);
});

run(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
}).then((code) => {
    // Exit now: a sign-in program that outlived its timeout (a hanging `az`) must not keep amc waiting. Pipes and files are
    // written synchronously on Linux and macOS; the empty writes let anything queued (a terminal elsewhere) go first.
    process.exitCode = code;
    process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
});
