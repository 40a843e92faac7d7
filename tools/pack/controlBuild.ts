import * as fs from "node:fs";
import * as path from "node:path";
import type { Document, Element } from "@xmldom/xmldom";
import { PackError } from "./errors";
import { entriesOf, readInputFile } from "./projectTree";
import { assertSafeRelativePath } from "./paths";
import { childElements, parseXml, requiredChild, rootElement } from "./xml";
import type { ZipEntry } from "./zip";

export const MANIFEST_FILE_NAME = "ControlManifest.xml";

// Dataverse's default maximum upload size; a larger control file fails at import, so fail here instead.
export const MAX_CONTROL_FILE_BYTES = 5 * 1024 * 1024;

const REBUILD_HINT = 'the control build is incomplete; run "npm run build"';

// From PCF's manifest schema (pcf-scripts' ManifestSchema.json): the kinds of resource, and those that are a file.
const RESOURCE_KINDS = new Set(["code", "css", "resx", "img", "html", "library", "platform-library", "dependency"]);
const FILE_RESOURCE_KINDS = new Set(["code", "css", "resx", "img", "html", "packaged_library"]);

const RESX_LANGUAGE = /\.([0-9]+)\.resx$/i;

// PCF allows only letters and digits here; anything else would also leak into zip paths and control names.
const PCF_IDENTIFIER = /^[A-Za-z][A-Za-z0-9]*$/;

export interface ManifestControl {
    readonly namespace: string;
    readonly constructorName: string;
    readonly version: string;
    readonly element: Element;
}

/** A `<property>` of the manifest: what a form may pass to the control. */
interface ManifestProperty {
    readonly name: string;
    /** `bound` (a column), `input` (a static value) or `output`. */
    readonly usage: string;
    readonly ofType: string;
    readonly required: boolean;
}

/** A built control as it goes into the solution. */
export interface BuiltControl {
    /** `<publisherPrefix>_<namespace>.<constructor>`: the control's name in the solution and its folder in the zip. */
    readonly name: string;
    readonly version: string;
    readonly properties: readonly ManifestProperty[];
    /** The languages of its string tables (`<name>.<language>.resx`). */
    readonly languages: readonly number[];
    readonly manifestFile: string;
    /** Paths relative to the control folder, the manifest first, then its resources in manifest order. */
    readonly files: readonly ZipEntry[];
}

/** The language of a string table, from its name (`<name>.<language>.resx`); undefined for any other file. */
export function resxLanguage(resourcePath: string): number | undefined {
    const match = RESX_LANGUAGE.exec(resourcePath);
    return match === null ? undefined : Number(match[1]);
}

export function readManifestControl(document: Document, file: string): ManifestControl {
    const control = requiredChild(rootElement(document, "manifest", file), "control", file);
    const attribute = (name: string): string => {
        const value = control.getAttribute(name);
        if (value === null || value === "")
            throw new PackError("invalid-source", `<control> has no ${name}`, file, control.lineNumber);
        return value;
    };
    const namespace = attribute("namespace");
    const constructorName = attribute("constructor");
    for (const identifier of [namespace, constructorName]) {
        if (!PCF_IDENTIFIER.test(identifier)) {
            throw new PackError(
                "invalid-source",
                `"${identifier}" is not a valid control namespace or constructor`,
                file,
                control.lineNumber,
            );
        }
    }
    return { namespace, constructorName, version: attribute("version"), element: control };
}

/** Every control folder under `buildDir` that holds a built manifest, in name order. */
export function readControlBuilds(buildDir: string, publisherPrefix: string): BuiltControl[] {
    const folders = entriesOf(buildDir).filter(
        (entry) => entry.isDirectory() && fs.existsSync(path.join(buildDir, entry.name, MANIFEST_FILE_NAME)),
    );
    if (folders.length === 0) {
        throw new PackError(
            "missing-build",
            `no built control (${MANIFEST_FILE_NAME}) found; run "npm run build" first`,
            buildDir,
        );
    }
    return folders.map((folder) => readControlBuild(path.join(buildDir, folder.name), publisherPrefix));
}

function readControlBuild(controlDir: string, publisherPrefix: string): BuiltControl {
    const manifestFile = path.join(controlDir, MANIFEST_FILE_NAME);
    const manifestBytes = readControlFile(manifestFile);
    const manifest = readManifestControl(parseXml(manifestBytes, manifestFile), manifestFile);
    const resources = requiredChild(manifest.element, "resources", manifestFile);
    assertResourceKinds(resources, manifestFile);
    // Every element under <resources> that names a file, nested ones (a library's packaged files) included.
    const fileResources = Array.from(resources.getElementsByTagName("*")).filter((resource) =>
        resource.hasAttribute("path"),
    );
    // Zip readers on Windows and macOS fold case: two names differing only in case would overwrite each other.
    const listed = new Set([MANIFEST_FILE_NAME.toLowerCase()]);
    const resourcePaths = fileResources.map((resource) => {
        const resourcePath = resource.getAttribute("path") ?? "";
        assertSafeRelativePath(resourcePath, manifestFile, resource.lineNumber);
        if (listed.has(resourcePath.toLowerCase())) {
            throw new PackError(
                "invalid-source",
                `resource path "${resourcePath}" is listed twice (or clashes with the manifest)`,
                manifestFile,
                resource.lineNumber,
            );
        }
        listed.add(resourcePath.toLowerCase());
        return { resourcePath, kind: resource.tagName };
    });
    return {
        name: `${publisherPrefix}_${manifest.namespace}.${manifest.constructorName}`,
        version: manifest.version,
        properties: childElements(manifest.element, "property").map((property) => ({
            name: property.getAttribute("name") ?? "",
            usage: property.getAttribute("usage") ?? "",
            ofType: property.getAttribute("of-type") ?? "",
            required: property.getAttribute("required") === "true",
        })),
        languages: resourcePaths.flatMap(({ resourcePath }) => resxLanguage(resourcePath) ?? []),
        manifestFile,
        files: [
            { path: MANIFEST_FILE_NAME, data: manifestBytes },
            ...resourcePaths.map(({ resourcePath, kind }) => ({
                path: resourcePath,
                data: readResource(path.join(controlDir, resourcePath), kind),
            })),
        ],
    };
}

/**
 * Only the kinds of resource PCF's manifest schema knows, one `code`, and a path on each that is a file: a built manifest
 * that lost one (edited, or damaged) would otherwise pack without that file and fail only when the control loads.
 */
function assertResourceKinds(resources: Element, manifestFile: string): void {
    const kinds = childElements(resources);
    for (const resource of kinds) {
        if (!RESOURCE_KINDS.has(resource.tagName)) {
            throw new PackError(
                "invalid-source",
                `<${resource.tagName}> is not a kind of resource PCF knows`,
                manifestFile,
                resource.lineNumber,
            );
        }
    }
    if (kinds.filter((resource) => resource.tagName === "code").length !== 1) {
        throw new PackError(
            "invalid-source",
            "<resources> must hold exactly one <code>",
            manifestFile,
            resources.lineNumber,
        );
    }
    for (const resource of Array.from(resources.getElementsByTagName("*"))) {
        if (FILE_RESOURCE_KINDS.has(resource.tagName) && !resource.getAttribute("path")) {
            throw new PackError(
                "invalid-source",
                `<${resource.tagName}> has no path`,
                manifestFile,
                resource.lineNumber,
            );
        }
    }
}

/**
 * A resource file. Resx string tables, and any `.xml` file ([Content_Types].xml declares it `text/xml`), are XML the packer
 * does not rewrite, so they must be well-formed as they are. The code must be a production build: see assertProductionBundle.
 */
function readResource(file: string, kind: string): Uint8Array {
    const data = readControlFile(file);
    if (/\.(resx|xml)$/i.test(file)) parseXml(data, file);
    if (kind === "code") assertProductionBundle(data, file);
    return data;
}

/**
 * A development build (`npm start`, or `pcf-scripts build` without `--buildMode production`) leaves a bundle in out/ that runs
 * every module through `eval` (webpack's default devtool in development mode), unminified and several times larger. The
 * control's source never calls eval (test/security/sourceScan.test.ts), so any call in the bundle means it is not a production build.
 */
function assertProductionBundle(data: Uint8Array, file: string): void {
    if (/\beval\s*\(/.test(Buffer.from(data).toString("latin1"))) {
        throw new PackError(
            "development-build",
            `is a development build (its code runs through eval); run "npm run build" to build the control for production`,
            file,
        );
    }
}

function readControlFile(file: string): Uint8Array {
    return readInputFile(file, REBUILD_HINT, MAX_CONTROL_FILE_BYTES);
}
