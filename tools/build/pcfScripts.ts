import { spawn } from "node:child_process";
import * as path from "node:path";
import { pcfBuildSucceeded } from "./verdict";

// Runs `pcf-scripts <args>`, passing its output through, and exits 1 when its log reports a failure.
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
    const succeeded = pcfBuildSucceeded(code, log);
    if (!succeeded) console.error("pcf-scripts: the control build failed (see the log above)");
    process.exit(succeeded ? 0 : 1);
});
