/**
 * Performance budgets, asserted as bytes and counts (never wall-clock); `npm run bench` measures everything and times it.
 * The other budgets are asserted where the behaviour is tested:
 *   - at most two Web API requests per record, two more per detected save, one per Retry: test/control/lifecycle.test.tsx,
 *     "10. Web API calls", "13. save detection" and "17. retry";
 *   - no re-render on updateView with unchanged inputs: test/control/memo.test.tsx;
 *   - byte-identical solution zips when packed again: test/solution/pack.test.ts, "are byte-identical when built again".
 * This file checks the production build that `npm run build` leaves in out/ (CI builds before `npm test`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import {
    BUNDLE_BUDGET_BYTES,
    BUNDLE_GZIP_BUDGET_BYTES,
    BUNDLED_LIBRARY_MARKERS,
    bundledLibraryMarkers,
    missingPlatformGlobals,
} from "../../testkit/budgets";
import { assertBuildExists, BUNDLE_PATH, CONTROL_OUT_DIR } from "../../testkit/paths";

function readBundle(): Buffer {
    assertBuildExists();
    return fs.readFileSync(BUNDLE_PATH);
}

describe("the production bundle", () => {
    it(`is at most ${BUNDLE_BUDGET_BYTES} bytes, and ${BUNDLE_GZIP_BUDGET_BYTES} bytes with gzip -9`, () => {
        const bundle = readBundle();
        expect(bundle.length).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
        expect(zlib.gzipSync(bundle, { level: 9 }).length).toBeLessThanOrEqual(BUNDLE_GZIP_BUDGET_BYTES);
    });

    it("carries no React, ReactDOM or Fluent UI code", () => {
        expect(BUNDLED_LIBRARY_MARKERS.length).toBeGreaterThan(0);
        expect(bundledLibraryMarkers(readBundle().toString("utf8"))).toEqual([]);
    });

    it("carries no React licence banner (terser moves a bundled React's banners to bundle.js.LICENSE.txt)", () => {
        readBundle();
        const licence = path.join(CONTROL_OUT_DIR, "bundle.js.LICENSE.txt");
        const text = fs.existsSync(licence) ? fs.readFileSync(licence, "utf8") : "";
        expect(text).not.toMatch(/@license React/);
    });

    it("reads React and Fluent UI from the platform's globals", () => {
        expect(missingPlatformGlobals(readBundle().toString("utf8"))).toEqual([]);
    });
});
