/**
 * What every Web API request shares, the control's and amc's: the OData headers, and one timeout covering the whole exchange
 * (headers and body), after which the request is aborted and fails as a "timeout".
 */
import { CheckFailure } from "./responses";

/** The headers of every Web API request (Learn, "Compose HTTP requests and handle errors"). */
export const ODATA_HEADERS = { Accept: "application/json", "OData-MaxVersion": "4.0", "OData-Version": "4.0" };

/**
 * Runs one request under a timeout, and under `lifetime` when given (its abort abandons the request as "aborted"); the
 * request's own failures become what `failure` makes of them. A late answer after the timeout is ignored.
 */
export function timed<T>(
    timeoutMs: number,
    work: (signal: AbortSignal) => Promise<T>,
    failure: (error: unknown) => CheckFailure,
    lifetime?: AbortSignal,
): Promise<T> {
    if (lifetime?.aborted) return Promise.reject(new CheckFailure("aborted"));
    const request = new AbortController();
    return new Promise<T>((resolve, reject) => {
        const finish = (settle: () => void): void => {
            clearTimeout(timer);
            lifetime?.removeEventListener("abort", onDispose);
            settle();
        };
        const onDispose = (): void => {
            request.abort();
            finish(() => reject(new CheckFailure("aborted")));
        };
        const timer = setTimeout(() => {
            request.abort();
            finish(() => reject(new CheckFailure("timeout", String(timeoutMs / 1000))));
        }, timeoutMs);
        lifetime?.addEventListener("abort", onDispose);
        // Started at once; a work that throws rejects.
        new Promise<T>((started) => started(work(request.signal))).then(
            (value) => finish(() => resolve(value)),
            (error: unknown) => finish(() => reject(failure(error))),
        );
    });
}
