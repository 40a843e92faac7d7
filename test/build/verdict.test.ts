import { pcfBuildSucceeded } from "../../tools/build/verdict";

// Log lines as pcf-scripts 1.x prints them (colours included), from a passing and a failing production build.
const SUCCEEDED = "[3:09:13 PM] [build] Initializing...\n[3:09:16 PM] [build] Succeeded\n";
const FAILED =
    "\u001b[1m[tsl] \u001b[1m\u001b[31mERROR\u001b[39m in /work/main/AccessModeControl/index.ts(1,14)\n" +
    "webpack 5.112.2 compiled with \u001b[1m\u001b[31m1 error\u001b[39m\u001b[22m in 5210 ms\n" +
    "\u001b[31m[3:07:51 PM] [build] Failed:\u001b[0m\n" +
    "\u001b[31m[pcf-1033] [Error] An error occurred compiling or bundling the control.\u001b[0m\n";

describe("the control build's verdict", () => {
    it("is success only for exit code 0 with a Succeeded line", () => {
        expect(pcfBuildSucceeded(0, SUCCEEDED)).toBe(true);
    });

    it("is failure for a failed compile although pcf-scripts exits 0", () => {
        expect(pcfBuildSucceeded(0, FAILED)).toBe(false);
    });

    it.each([
        ["a non-zero exit code", 1, SUCCEEDED],
        ["a killed process", null, SUCCEEDED],
        ["no verdict at all", 0, "[build] Initializing...\n"],
        ["an [Error] line", 0, SUCCEEDED + "[pcf-1014] [Error] manifest validation failed\n"],
    ])("is failure for %s", (_case, code, log) => {
        expect(pcfBuildSucceeded(code, log)).toBe(false);
    });
});
