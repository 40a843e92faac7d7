/** Reads a .resx file as key → text: the control's strings, for the tests' PCF context and for the `amc` command line alike. */
import { childElements, readXmlFile } from "./pack/xml";

/** Strict, like the packer: a malformed file is an error naming it and the line, never a partial table. */
export function readResx(file: string): Record<string, string> {
    const root = readXmlFile(file).documentElement;
    const strings: Record<string, string> = {};
    for (const data of root ? childElements(root, "data") : []) strings[data.getAttribute("name") ?? ""] = childElements(data, "value")[0]?.textContent ?? "";
    return strings;
}
