import { DOMImplementation } from "@xmldom/xmldom";
import { MANIFEST_FILE_NAME } from "./controlBuild";
import { serializeXml } from "./xml";

export const CONTENT_TYPES_ENTRY = "[Content_Types].xml";
const CONTENT_TYPES_NAMESPACE = "http://schemas.openxmlformats.org/package/2006/content-types";
const XML_CONTENT_TYPE = "text/xml";
const OTHER_CONTENT_TYPE = "application/octet-stream";

/**
 * `[Content_Types].xml` as Microsoft's packer writes it: one `Default` per extension present (in order of first use),
 * and an `Override` for each control manifest and each part without an extension.
 */
export function buildContentTypes(entryPaths: readonly string[]): string {
    const document = new DOMImplementation().createDocument(CONTENT_TYPES_NAMESPACE, "Types", null);
    const types = document.documentElement!;
    const add = (elementName: string, attributes: Record<string, string>): void => {
        const element = document.createElementNS(CONTENT_TYPES_NAMESPACE, elementName);
        for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
        types.appendChild(element);
    };
    const extensions = new Set(entryPaths.map(extensionOf).filter((extension) => extension !== ""));
    for (const extension of extensions) {
        add("Default", {
            Extension: extension,
            ContentType: extension === "xml" ? XML_CONTENT_TYPE : OTHER_CONTENT_TYPE,
        });
    }
    for (const entryPath of entryPaths.filter(
        (candidate) => isControlManifest(candidate) || extensionOf(candidate) === "",
    )) {
        add("Override", { PartName: `/${entryPath}`, ContentType: OTHER_CONTENT_TYPE });
    }
    return serializeXml(types);
}

function extensionOf(entryPath: string): string {
    const fileName = entryPath.slice(entryPath.lastIndexOf("/") + 1);
    const dot = fileName.lastIndexOf(".");
    return dot < 0 ? "" : fileName.slice(dot + 1).toLowerCase();
}

function isControlManifest(entryPath: string): boolean {
    return entryPath.startsWith("Controls/") && entryPath.endsWith(`/${MANIFEST_FILE_NAME}`);
}
