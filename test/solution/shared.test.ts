import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT, runsSharedTests } from "./helpers";

describe("the tests that read ../shared", () => {
    const missing = path.join(os.tmpdir(), "amc-no-such-shared-folder");

    it("run when the folder is there", () => {
        expect(runsSharedTests(REPO_ROOT, {})).toBe(true);
    });

    it("are skipped on a developer's machine without it", () => {
        expect(runsSharedTests(missing, {})).toBe(false);
        expect(runsSharedTests(missing, { CI: "false" })).toBe(false);
    });

    it("still run on CI without it, so that they fail there", () => {
        expect(runsSharedTests(missing, { CI: "true" })).toBe(true);
    });
});
