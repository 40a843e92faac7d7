import { fcParameters, runCount } from "../helpers/fastCheck";

describe("runs per property", () => {
    const runs = { ci: 1000, local: 100 };

    it("are the full count on CI and a tenth of it locally", () => {
        expect(runCount(runs, { CI: "true" })).toBe(1000);
        expect(runCount(runs, { CI: "1" })).toBe(1000);
        expect(runCount(runs, {})).toBe(100);
        expect(runCount(runs, { CI: "" })).toBe(100);
        expect(runCount(runs, { CI: "false" })).toBe(100);
    });

    it("follow FC_RUNS wherever they run", () => {
        expect(runCount(runs, { FC_RUNS: "5000" })).toBe(5000);
        expect(runCount(runs, { CI: "true", FC_RUNS: "7" })).toBe(7);
    });

    it.each(["0", "-3", "1.5", "many"])("refuse FC_RUNS=%s", (value) => {
        expect(() => runCount(runs, { FC_RUNS: value })).toThrow(`FC_RUNS must be a positive integer, not ${value}`);
    });

    it("refuse a seed that is no integer", () => {
        expect(() => fcParameters(runs, { FC_SEED: "abc" })).toThrow("FC_SEED must be an integer, as fast-check printed it, not abc");
    });

    it("replay a seed and path", () => {
        expect(fcParameters(runs, { FC_SEED: "42", FC_PATH: "3:1" })).toEqual({ numRuns: 100, seed: 42, path: "3:1" });
    });
});
