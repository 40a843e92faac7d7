import fc from "fast-check";

/**
 * fast-check settings shared by every property, read from the environment:
 *   FC_RUNS  runs per property (default `defaultRuns`, CI included; raise it for a longer hunt: FC_RUNS=20000 npx jest test/properties)
 *   FC_SEED  and FC_PATH replay a failure exactly as fast-check printed it ("seed: …, path: …").
 * On failure fast-check prints the seed, the path and the shrunk counterexample.
 */
export function fcParameters<T>(defaultRuns = 1000): fc.Parameters<T> & { numRuns: number } {
    const runs = Number(process.env.FC_RUNS ?? defaultRuns);
    if (!Number.isInteger(runs) || runs < 1) throw new Error(`FC_RUNS must be a positive integer, not ${process.env.FC_RUNS}`);
    const params: fc.Parameters<T> & { numRuns: number } = { numRuns: runs };
    if (process.env.FC_SEED !== undefined) params.seed = Number(process.env.FC_SEED);
    if (process.env.FC_PATH !== undefined) params.path = process.env.FC_PATH;
    return params;
}
