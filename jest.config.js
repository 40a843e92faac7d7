/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "jsdom",
    roots: ["<rootDir>/test"],
    testMatch: ["**/*.test.ts", "**/*.test.tsx"],
    testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/e2e/"],
    transform: { "^.+\\.tsx?$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.json" }] },
    // @fluentui/react 8.29 deep-imports files of its newer sibling packages, which their "exports" maps no longer list.
    moduleNameMapper: { "^(@fluentui/[^/]+)/lib-commonjs/(.*)$": "<rootDir>/node_modules/$1/lib-commonjs/$2" },
    // No test reaches anything but loopback: every worker refuses other connections (test/helpers/loopbackOnly.cjs).
    setupFiles: ["<rootDir>/test/helpers/loopbackOnly.cjs"],
    setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
    // Coverage (and its thresholds) only for the whole suite, `npm test`: a single file run alone (`npx jest test/domain/…`) is not judged by them.
    coverageReporters: ["text-summary", "lcov"],
    // cli/amc.ts only starts the process: the process tests run it, outside coverage.
    collectCoverageFrom: ["AccessModeControl/**/*.{ts,tsx}", "!AccessModeControl/generated/**", "cli/**/*.ts", "!cli/amc.ts"],
    coverageThreshold: {
        global: { lines: 80, branches: 80, statements: 80, functions: 80 },
        "./AccessModeControl/domain/": { lines: 90, branches: 90 },
        "./cli/": { lines: 90, branches: 80, statements: 90, functions: 85 },
    },
};
