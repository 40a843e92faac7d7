/** Reads a .resx file as key → text: the control's strings, for the tests' PCF context and for the `amc` command line alike. */
import type { Document, Element } from "@xmldom/xmldom";
import { childElements, readXmlFile } from "./pack/xml";

/** One `<data>` of a resx: its key, its text (empty when it has no `<value>`) and the element itself. */
export interface ResxString {
    readonly key: string;
    readonly text: string;
    readonly element: Element;
}

/** The `<data>` entries of a parsed resx, in file order. */
export function resxStrings(document: Document): ResxString[] {
    const root = document.documentElement;
    return (root ? childElements(root, "data") : []).map((element) => ({
        key: element.getAttribute("name") ?? "",
        text: childElements(element, "value")[0]?.textContent ?? "",
        element,
    }));
}

/** Strict, like the packer: a malformed file is an error naming it and the line, never a partial table. */
export function readResx(file: string): Record<string, string> {
    return Object.fromEntries(resxStrings(readXmlFile(file)).map(({ key, text }) => [key, text]));
}
