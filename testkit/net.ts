import * as net from "node:net";

/** A port that was free on 127.0.0.1 a moment ago (for servers that cannot listen on port 0 themselves). */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.unref();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

/** Resolves once `url` answers HTTP at all (any status); rejects after `timeoutMs` of refused or broken connections. */
export async function untilAnswering(url: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        try {
            await fetch(url, { signal: AbortSignal.timeout(2_000) });
            return;
        } catch (error) {
            if (Date.now() > deadline) throw new Error(`${url} does not answer (${(error as Error).message})`);
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
    }
}
