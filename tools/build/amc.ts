/**
 * `npm run build:cli`: bundles `amc` (cli/amc.ts and everything it imports, @azure/identity and commander included) into
 * one file, out/cli/amc.cjs, that needs nothing but Node. cli/built.ts is replaced by its values (the version and the
 * English texts) read now, at build time; the bundle reads no file of the repository.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { build, Plugin } from "esbuild";
import { ENGLISH, VERSION } from "../../cli/built";

const ROOT = path.join(__dirname, "..", "..");
const BUNDLE = path.join(ROOT, "out", "cli", "amc.cjs");

const builtAtBuildTime: Plugin = {
    name: "amc-built",
    setup(builder) {
        builder.onLoad({ filter: /[\\/]cli[\\/]built\.ts$/ }, () => ({
            loader: "ts",
            contents: `export const VERSION = ${JSON.stringify(VERSION)};\nexport const ENGLISH = ${JSON.stringify(ENGLISH)};\n`,
        }));
    },
};

async function main(): Promise<void> {
    const result = await build({
        entryPoints: [path.join(ROOT, "cli", "amc.ts")],
        bundle: true,
        platform: "node",
        target: "node20",
        format: "cjs",
        plugins: [builtAtBuildTime],
        logLevel: "warning",
        write: false,
    });
    // Written whole, then renamed: tests that build it at the same time (npm pack's prepack, the process tests) never
    // run a half-written bundle.
    fs.mkdirSync(path.dirname(BUNDLE), { recursive: true });
    const partial = `${BUNDLE}.${process.pid}.tmp`;
    fs.writeFileSync(partial, result.outputFiles[0].contents);
    fs.renameSync(partial, BUNDLE);
}

main().catch((error: Error) => {
    console.error(`build:cli: ${error.message}`);
    process.exit(1);
});
