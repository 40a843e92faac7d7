/**
 * Bundle bytes: the production bundle.js, and two comparison builds made with pcf-scripts' own webpack configuration
 * (pcf-scripts/webpackConfig's getWebpackConfig, the function `pcf-scripts build` calls), into a temporary folder:
 *   - "platform": as pcf-scripts builds it, React and Fluent external (must reproduce out/…/bundle.js byte for byte);
 *   - "bundled": the same configuration without the externals, so React, ReactDOM and Fluent UI are bundled in.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import type { Element } from "@xmldom/xmldom";
import type { Configuration } from "webpack";
import { assertBuildExists, BUNDLE_PATH, REPO_ROOT } from "../testkit/paths";
import { readXmlFile } from "../tools/pack/xml";
import { msSince } from "./common";
import {
    BUNDLED_LIBRARY_MARKERS,
    bundledLibraryMarkers,
    LibraryMarker,
    missingPlatformGlobals,
} from "../testkit/budgets";

const requireFromHere = createRequire(__filename);

interface PcfWebpackConfig {
    getWebpackConfig(
        control: unknown,
        outDir: string,
        buildMode: "production" | "development",
        watch: boolean,
    ): Configuration;
    generateStub(namespace: string, constructor: string): string;
}

export interface Sizes {
    raw: number;
    gzip: number;
}

export interface BundleFigures {
    production: Sizes;
    platformBuild: Sizes & { ms: number; identicalToProduction: boolean };
    bundledBuild: Sizes & { ms: number };
    /** bundled ÷ production */
    ratio: Sizes;
    /** Markers of bundled React/Fluent found in the production bundle (must be none). */
    productionMarkers: LibraryMarker[];
    /** Platform globals the production bundle does not read (must be none). */
    productionMissingGlobals: string[];
    /** Markers NOT found in the bundled build (must be none, or the markers prove nothing). */
    markersMissingFromBundled: LibraryMarker[];
}

export function sizes(bytes: Buffer): Sizes {
    return { raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
}

/** The control as pcf-scripts' getWebpackConfig reads it, from the manifest in the repository. */
function controlFromManifest() {
    const manifestPath = path.join(REPO_ROOT, "AccessModeControl", "ControlManifest.Input.xml");
    const manifest = readXmlFile(manifestPath);
    const first = (tag: string): Element | undefined => manifest.getElementsByTagName(tag)[0];
    const libraries = Array.from(manifest.getElementsByTagName("platform-library")).map((library) => ({
        $: { name: library.getAttribute("name"), version: library.getAttribute("version") },
    }));
    const namespace = first("control")?.getAttribute("namespace");
    const constructor = first("control")?.getAttribute("constructor");
    const codePath = first("code")?.getAttribute("path");
    if (!namespace || !constructor || !codePath || libraries.length === 0)
        throw new Error(`${manifestPath}: cannot read the control, its code or its platform libraries`);
    return {
        namespace,
        constructor,
        control: {
            getControlPath: () => path.dirname(manifestPath),
            getCodeRelativePath: () => codePath,
            getControlManifest: () => ({
                data: { manifest: { control: { resources: { "platform-library": libraries } } } },
            }),
        },
    };
}

function compile(config: Configuration): Promise<void> {
    const webpack = requireFromHere("webpack") as typeof import("webpack");
    return new Promise((resolve, reject) =>
        webpack(config, (error, stats) => {
            if (error) return reject(error);
            if (!stats || stats.hasErrors())
                return reject(new Error(stats?.toString({ all: false, errors: true }) ?? "webpack failed"));
            resolve();
        }),
    );
}

async function comparisonBuild(outDir: string, withPlatformLibraries: boolean): Promise<{ bytes: Buffer; ms: number }> {
    // pcf-scripts reads pcfconfig.json (the babel targets) and its feature flags from the working directory.
    const previous = process.cwd();
    process.chdir(REPO_ROOT);
    try {
        const pcf = requireFromHere("pcf-scripts/webpackConfig") as PcfWebpackConfig;
        const { control, namespace, constructor } = controlFromManifest();
        const config = pcf.getWebpackConfig(control, outDir, "production", false);
        if (!config.externals)
            throw new Error(
                "pcf-scripts' webpack configuration has no externals: are the platform libraries still declared?",
            );
        if (!withPlatformLibraries) delete config.externals;
        const start = process.hrtime.bigint();
        await compile(config);
        const bundlePath = path.join(outDir, "bundle.js");
        fs.appendFileSync(bundlePath, pcf.generateStub(namespace, constructor), "utf8"); // as pcf-scripts' compile task does
        const ms = msSince(start);
        return { bytes: fs.readFileSync(bundlePath), ms };
    } finally {
        process.chdir(previous);
    }
}

export async function measureBundles(): Promise<BundleFigures> {
    assertBuildExists();
    const productionBytes = fs.readFileSync(BUNDLE_PATH);
    const production = sizes(productionBytes);
    const text = productionBytes.toString("utf8");

    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "amc-bench-"));
    try {
        const platform = await comparisonBuild(path.join(tmp, "platform"), true);
        const bundled = await comparisonBuild(path.join(tmp, "bundled"), false);
        const bundledSizes = sizes(bundled.bytes);
        const bundledText = bundled.bytes.toString("utf8");
        const markersFound = bundledLibraryMarkers(bundledText);
        return {
            production,
            platformBuild: {
                ...sizes(platform.bytes),
                ms: platform.ms,
                identicalToProduction: platform.bytes.equals(productionBytes),
            },
            bundledBuild: { ...bundledSizes, ms: bundled.ms },
            ratio: { raw: bundledSizes.raw / production.raw, gzip: bundledSizes.gzip / production.gzip },
            productionMarkers: bundledLibraryMarkers(text),
            productionMissingGlobals: missingPlatformGlobals(text),
            markersMissingFromBundled: BUNDLED_LIBRARY_MARKERS.filter((m) => !markersFound.includes(m)),
        };
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}
