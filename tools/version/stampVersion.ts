import * as fs from "node:fs";
import * as path from "node:path";
import type { Document } from "@xmldom/xmldom";
import { readManifestControl } from "../pack/controlBuild";
import { PackError } from "../pack/errors";
import { projectLayout } from "../pack/layout";
import { readSolutionIdentity } from "../pack/solutionManifest";
import { assertVersion, readPackageVersion, toSolutionVersion } from "../pack/version";
import { readInputFile } from "../pack/projectTree";
import { parseXml, rootElement } from "../pack/xml";

interface VersionSite {
    readonly file: string;
    /** Matches the one place the version is written: the value is group 2, between groups 1 and 3. */
    readonly pattern: RegExp;
    readonly version: string;
    readonly readVersion: (document: Document, file: string) => string;
}

/**
 * Writes package.json's version into the control manifest and into Solution.xml (as `x.y.z.0`).
 * A textual edit keeps the files' hand formatting, which a DOM round trip would rewrite;
 * parsing the result proves the edit changed exactly the value the packer checks.
 */
export function stampVersion(root: string): void {
    const layout = projectLayout(root);
    const packageVersion = readPackageVersion(layout.packageJson);
    const sites: VersionSite[] = [
        {
            file: layout.controlManifestInput,
            pattern: /(<control\b[^>]*?\sversion=")([^"]*)(")/g,
            version: packageVersion,
            readVersion: (document, file) => readManifestControl(document, file).version,
        },
        {
            file: path.join(layout.solutionSource, "Other", "Solution.xml"),
            pattern: /(<Version>)([^<]*)(<\/Version>)/g,
            version: toSolutionVersion(packageVersion),
            readVersion: (document, file) =>
                readSolutionIdentity({ file, element: rootElement(document, "ImportExportXml", file) }).version,
        },
    ];
    // Every file is checked before any is written, so a failure leaves both untouched.
    const stamped = sites.map((site) => ({ file: site.file, text: stamp(site) }));
    for (const { file, text } of stamped) fs.writeFileSync(file, text);
}

function stamp({ file, pattern, version, readVersion }: VersionSite): string {
    const bytes = readInputFile(file);
    parseXml(bytes, file);
    const original = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    const found = original.match(pattern)?.length ?? 0;
    if (found !== 1)
        throw new PackError("invalid-source", `expected exactly one version to stamp, found ${found}`, file);
    const text = original.replace(
        pattern,
        (_match, before: string, _old: string, after: string) => before + version + after,
    );
    assertVersion(readVersion(parseXml(new TextEncoder().encode(text), file), file), version, file, undefined);
    return text;
}
