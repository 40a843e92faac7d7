/** Reads a .resx file as key → text: the control's strings, for the tests' PCF context and for the `amc` command line alike. */
import * as fs from "node:fs";
import { DOMParser } from "@xmldom/xmldom";

export function readResx(file: string): Record<string, string> {
    const doc = new DOMParser().parseFromString(fs.readFileSync(file, "utf8"), "text/xml");
    const strings: Record<string, string> = {};
    const data = doc.getElementsByTagName("data");
    for (let i = 0; i < data.length; i++) {
        const value = data[i].getElementsByTagName("value")[0];
        strings[data[i].getAttribute("name") ?? ""] = value?.textContent ?? "";
    }
    return strings;
}
