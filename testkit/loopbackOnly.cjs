/*
 * Refuses every outgoing TCP connection to a host that is not loopback, in the process that loads it: preloaded into
 * pcf-start by the e2e tests (testkit/pcf-start-hook.cjs), into every jest worker (jest.config.js setupFiles),
 * and into the `amc` processes the CLI tests spawn (NODE_OPTIONS=--require …), which hand it on to their own children.
 * A refused connection is reported on stderr with the marker "[e2e-offline] blocked", and the socket fails with
 * "e2e: outgoing connection to <host> refused".
 */
"use strict";
const net = require("node:net");

const GUARDED = Symbol.for("accessmodecontrol.loopbackOnly");

function isLoopback(host) {
    return host === "localhost" || host === "::1" || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

if (!net.Socket.prototype[GUARDED]) {
    const originalConnect = net.Socket.prototype.connect;
    net.Socket.prototype.connect = function connect(...args) {
        const first = Array.isArray(args[0]) ? args[0][0] : args[0];
        const options =
            first && typeof first === "object"
                ? first
                : { port: first, host: typeof args[1] === "string" ? args[1] : undefined };
        if (!options.path) {
            const host = String(options.host ?? "localhost").replace(/^\[(.*)\]$/, "$1");
            if (!isLoopback(host)) {
                process.stderr.write(`[e2e-offline] blocked outgoing connection to ${host}:${options.port}\n`);
                process.nextTick(() => this.destroy(new Error(`e2e: outgoing connection to ${host} refused`)));
                return this;
            }
        }
        return originalConnect.apply(this, args);
    };
    net.Socket.prototype[GUARDED] = true;
}
