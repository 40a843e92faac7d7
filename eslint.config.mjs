import js from "@eslint/js";
import tseslint from "typescript-eslint";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import powerApps from "@microsoft/eslint-plugin-power-apps";
import globals from "globals";

const allPowerAppsRules = Object.fromEntries(
    Object.keys(powerApps.rules).map((rule) => [`@microsoft/power-apps/${rule}`, "error"]),
);

export default tseslint.config(
    {
        ignores: [
            "node_modules/",
            "out/",
            "coverage/",
            "test-results/",
            "Solution/bin/",
            "Solution/obj/",
            "AccessModeControl/generated/",
            "playwright-report/",
            "test/solution/fixtures/",
        ],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.{ts,tsx}"],
        plugins: { react, "react-hooks": reactHooks, "@microsoft/power-apps": powerApps },
        languageOptions: { globals: { ...globals.browser, ...globals.node, ComponentFramework: "readonly" } },
        settings: { react: { version: "16.14" } },
        rules: {
            ...react.configs.recommended.rules,
            ...reactHooks.configs.recommended.rules,
            "react/react-in-jsx-scope": "off",
            "react/prop-types": "off",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
        },
    },
    {
        files: ["AccessModeControl/**/*.{ts,tsx}"],
        rules: {
            ...allPowerAppsRules,
            // Fluent must come from the package root so the platform library replaces it (and the bundle stays small).
            "no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            group: ["@fluentui/react/*", "@fluentui/react-*"],
                            message: "Import from '@fluentui/react' only.",
                        },
                    ],
                },
            ],
        },
    },
    {
        files: ["**/*.{js,cjs,mjs}"],
        languageOptions: { globals: { ...globals.node } },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
