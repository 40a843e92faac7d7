/**
 * Two projects: React tests (*.test.tsx) in jsdom with the Fluent setup; every other test in plain Node, which starts
 * faster. ts-jest only transpiles (tsconfig.json's isolatedModules): `npm run lint` type-checks everything.
 * @type {import('jest').Config}
 */
const shared = {
    transform: { "^.+\\.tsx?$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.json" }] },
    testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/e2e/"],
    // No test reaches anything but loopback: every worker of both projects refuses other connections (testkit/loopbackOnly.cjs).
    setupFiles: ["<rootDir>/testkit/loopbackOnly.cjs"],
    // @fluentui/react 8.29 deep-imports files of its newer sibling packages, which their "exports" maps no longer list.
    moduleNameMapper: { "^(@fluentui/[^/]+)/lib-commonjs/(.*)$": "<rootDir>/node_modules/$1/lib-commonjs/$2" },
};

module.exports = {
    projects: [
        {
            ...shared,
            displayName: "node",
            testEnvironment: "node",
            roots: ["<rootDir>/test"],
            testMatch: ["**/*.test.ts"],
        },
        {
            ...shared,
            displayName: "jsdom",
            testEnvironment: "jsdom",
            roots: ["<rootDir>/test"],
            testMatch: ["**/*.test.tsx"],
            setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
        },
    ],
    // Two workers on two cores: many tests wait on child processes and sockets, so a second worker fills that time.
    maxWorkers: 2,
    // Each worker gets half the machine, less when it is shared: a React test over 5 s there is slow, not hung.
    testTimeout: 30_000,
    // Coverage (and its thresholds) only for the whole suite, `npm test`: a single file run alone (`npx jest test/domain/…`) is not judged by them.
    coverageReporters: ["text-summary", "lcov"],
    // cli/amc.ts only starts the process: the process tests run it, outside coverage.
    collectCoverageFrom: [
        "AccessModeControl/**/*.{ts,tsx}",
        "!AccessModeControl/generated/**",
        "cli/**/*.ts",
        "!cli/amc.ts",
    ],
    coverageThreshold: {
        global: { lines: 80, branches: 80, statements: 80, functions: 80 },
        "./AccessModeControl/domain/": { lines: 90, branches: 90 },
        "./cli/": { lines: 90, branches: 80, statements: 90, functions: 85 },
    },
};
