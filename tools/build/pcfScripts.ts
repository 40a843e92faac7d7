import { spawn } from "node:child_process";
import * as path from "node:path";

// pcf-scripts sets its exit code from whether its task runner ran, not from whether the build succeeded: a failed
// compile still exits 0. Its log states the verdict, so pass the log through and exit by that verdict.
const SUCCEEDED = /\[build\] Succeeded/;
const FAILED = /\[build\] Failed|\[Error\]/;

const bin = path.join(path.dirname(require.resolve("pcf-scripts/package.json")), "bin", "pcf-scripts.js");
const child = spawn(process.execPath, [bin, ...process.argv.slice(2)], { stdio: ["inherit", "pipe", "pipe"] });
let log = "";
for (const [stream, target] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
] as const) {
    stream.on("data", (chunk: Buffer) => {
        log += chunk.toString("utf8");
        target.write(chunk);
    });
}
child.on("close", (code) => {
    const failed = code !== 0 || FAILED.test(log) || !SUCCEEDED.test(log);
    if (failed) console.error("pcf-scripts: the control build failed (see the log above)");
    process.exit(failed ? 1 : 0);
});
