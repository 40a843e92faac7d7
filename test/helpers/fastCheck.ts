import fc from "fast-check";
import { onCi } from "./ci";

/** Runs per property: the full count on CI (`CI` set), a tenth of it for a local `npm test` so the inner loop stays short. */
export interface RunCounts {
    ci: number;
    local: number;
}

const PROPERTY_RUNS: RunCounts = { ci: 1000, local: 100 };

/**
 * fast-check settings shared by every property, read from the environment:
 *   FC_RUNS  runs per property (default: `runs.ci` when CI is set, else `runs.local`; raise it for a longer hunt:
 *            FC_RUNS=20000 npx jest test/properties)
 *   FC_SEED  and FC_PATH replay a failure exactly as fast-check printed it ("seed: …, path: …").
 * On failure fast-check prints the seed, the path and the shrunk counterexample.
 */
export function fcParameters<T>(
    runs: RunCounts = PROPERTY_RUNS,
    env: NodeJS.ProcessEnv = process.env,
): fc.Parameters<T> & { numRuns: number } {
    const numRuns = runCount(runs, env);
    const params: fc.Parameters<T> & { numRuns: number } = { numRuns };
    if (env.FC_SEED !== undefined) {
        const seed = Number(env.FC_SEED);
        if (!Number.isInteger(seed))
            throw new Error(`FC_SEED must be an integer, as fast-check printed it, not ${env.FC_SEED}`);
        params.seed = seed;
    }
    if (env.FC_PATH !== undefined) params.path = env.FC_PATH;
    return params;
}

function runCount(runs: RunCounts, env: NodeJS.ProcessEnv = process.env): number {
    const fallback = onCi(env) ? runs.ci : runs.local;
    const count = Number(env.FC_RUNS ?? fallback);
    if (!Number.isInteger(count) || count < 1)
        throw new Error(`FC_RUNS must be a positive integer, not ${env.FC_RUNS}`);
    return count;
}
