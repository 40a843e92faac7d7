/*
 * Preloaded into the pcf-start process by the e2e tests (node -r). pcf-start itself always listens on 8181, on
 * every interface, and opens a browser; this hook only changes how its Browsersync server starts:
 *   - the port the test picked (PCF_E2E_PORT), bound to 127.0.0.1 only;
 *   - no browser opened, no file watching, no "connected" notification overlay;
 * and it refuses every outgoing connection to a non-loopback host (./loopbackOnly.cjs), reporting it on
 * stderr with the marker "[e2e-offline] blocked", which the tests turn into a failure.
 */
"use strict";
require("./loopbackOnly.cjs");

const port = Number(process.env.PCF_E2E_PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error("pcf-start-hook: PCF_E2E_PORT must be set to a free port");

const browserSync = require("browser-sync");
const originalCreate = browserSync.create;
browserSync.create = function create(...args) {
    const instance = originalCreate.apply(this, args);
    const originalInit = instance.init.bind(instance);
    instance.init = (config, callback) =>
        originalInit(
            {
                ...config,
                port,
                listen: "127.0.0.1",
                open: false,
                notify: false,
                watch: false,
                ghostMode: false,
                logLevel: "info",
                logPrefix: "pcf-start",
            },
            (error, bs) => {
                if (error) process.stderr.write(`[e2e] Browsersync failed: ${error}\n`);
                // Browsersync moves to the next free port if the chosen one was taken meanwhile: report the real one.
                else process.stdout.write(`[e2e] pcf-start ready on http://127.0.0.1:${bs.getOption("port")}/\n`);
                if (callback) callback(error, bs);
            },
        );
    return instance;
};
