import { DEFAULT_PAGE_SIZE } from "../cli/webApi";

/**
 * How to tell, from a minified bundle's text, whether React or Fluent UI code was bundled into it — and whether the
 * bundle reads the platform libraries instead. Shared by the bench and test/budgets.
 *
 * Each marker is a string the library's production code carries through minification. `npm run bench` checks that every
 * marker IS found in the comparison build that bundles React and Fluent, so a marker that stops working fails the bench.
 */

export interface LibraryMarker {
    library: string;
    marker: string;
}

export const BUNDLED_LIBRARY_MARKERS: readonly LibraryMarker[] = [
    // react.production.min.js and react-dom.production.min.js: the internals export, and the minified errors' decoder URL.
    { library: "React", marker: "__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED" },
    { library: "React", marker: "reactjs.org/docs/error-decoder" },
    // @fluentui/set-version registers every Fluent package by name ("@fluentui/style-utilities", …).
    { library: "Fluent UI", marker: "@fluentui/" },
    // @fluentui/merge-styles keeps its one stylesheet under this global.
    { library: "Fluent UI", marker: "__stylesheet__" },
];

/** The globals pcf-scripts maps the platform libraries to (node_modules/pcf-scripts/PlatformLibraryVersions.json). */
export const PLATFORM_GLOBALS: readonly { library: string; global: string }[] = [
    { library: "react 16.14.0", global: "Reactv16" },
    { library: "@fluentui/react 8.29.0", global: "FluentUIReactv8290" },
];

export function bundledLibraryMarkers(bundle: string): LibraryMarker[] {
    return BUNDLED_LIBRARY_MARKERS.filter(({ marker }) => bundle.includes(marker));
}

export function missingPlatformGlobals(bundle: string): string[] {
    return PLATFORM_GLOBALS.filter(({ global }) => !new RegExp(`\\b${global}\\b`).test(bundle)).map(
        ({ global }) => global,
    );
}

/** The budgets for the production bundle (issue 10; issue 15 with the modern theme): 24 KB raw, 8.5 KB gzip -9. */
export const BUNDLE_BUDGET_BYTES = 24 * 1024;
export const BUNDLE_GZIP_BUDGET_BYTES = 8.5 * 1024;

/**
 * The budget of requests: one per page of users, one per page of audit rows, and five for the rest — the seats, the
 * Access Mode column's number, and the details of the latest access mode change of each user now Administrative or
 * Read-Write that had one (one such user here, the reset).
 */
export function requestBudget(users: number, auditRows: number, pageSize = DEFAULT_PAGE_SIZE): number {
    return Math.ceil(users / pageSize) + Math.ceil(auditRows / pageSize) + 5;
}
