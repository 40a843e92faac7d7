#!/usr/bin/env node
// The `amc` command (package.json "bin": `npm link`, or the package `npm pack` makes): runs the bundle that
// `npm run build` leaves in out/cli.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const built = path.join(__dirname, "..", "..", "out", "cli", "amc.cjs");
if (!fs.existsSync(built)) {
    process.stderr.write(
        `amc: it is not built yet. Run \`npm run build\` in ${path.resolve(__dirname, "..", "..")}, then try again.\n`,
    );
    process.exitCode = 1;
} else {
    require(built);
}
