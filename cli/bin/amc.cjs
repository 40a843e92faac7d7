#!/usr/bin/env node
// The `amc` command (package.json "bin", `npm link`): runs the build that `npm run build` leaves in out/cli.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..", "..");
const built = path.join(root, "out", "cli", "cli", "amc.js");
if (!fs.existsSync(built)) {
    process.stderr.write(`amc: it is not built yet. Run \`npm run build\` in ${root}, then try again.\n`);
    process.exitCode = 1;
} else {
    require(built);
}
