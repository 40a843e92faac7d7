import * as path from "node:path";
import type { Document, Element } from "@xmldom/xmldom";
import { resxStrings, type ResxString } from "../resx";
import { resxLanguage, type BuiltControl } from "./controlBuild";
import { PackError } from "./errors";
import { encodeUtf8 } from "./wellFormed";
import { childElements, copyFor, parseXml, replaceChildElements, rootElement, serializeXml } from "./xml";
import type { ZipEntry } from "./zip";

/** The language the control's strings are written in first: every other language falls back on it. */
export const FALLBACK_LANGUAGE = 1033;

/** The strings of one language that the package carries in English, because that language lacks them or holds them blank. */
export interface FilledStrings {
    readonly control: string;
    readonly language: number;
    /** The string table, relative to the control folder. */
    readonly table: string;
    readonly keys: readonly string[];
}

/**
 * The control with every string table holding each key of its English twin (`<name>.1033.resx` beside `<name>.<language>.resx`):
 * a key the table lacks, or holds blank, gets the English `<data>`, so that the control shows English rather than a bare key
 * (the bundle has no room for the English table). A table without a gap is packed byte for byte; one with a gap is written
 * again as the packer writes every XML part (serializeXml), with the missing keys after its own.
 * Refused: a key the English twin does not have (misspelt, or left over), a key held twice, a table without its English twin.
 */
export function withEnglishFallback(control: BuiltControl): { control: BuiltControl; filled: FilledStrings[] } {
    const folder = path.dirname(control.manifestFile);
    const englishTables = new Map<string, ReadonlyMap<string, ResxString>>();
    const englishOf = (table: ZipEntry): { path: string; strings: ReadonlyMap<string, ResxString> } => {
        const englishPath = table.path.replace(/\.[0-9]+(\.resx)$/i, `.${FALLBACK_LANGUAGE}$1`);
        const english = control.files.find((file) => file.path.toLowerCase() === englishPath.toLowerCase());
        if (english === undefined) {
            throw new PackError(
                "missing-file",
                `has no English twin ${englishPath} in the control build to fall back on`,
                path.join(folder, table.path),
            );
        }
        const strings =
            englishTables.get(english.path) ??
            stringsByKey(parseXml(english.data, path.join(folder, english.path)), path.join(folder, english.path));
        englishTables.set(english.path, strings);
        return { path: english.path, strings };
    };

    const filled: FilledStrings[] = [];
    const files = control.files.map((file): ZipEntry => {
        const language = resxLanguage(file.path);
        if (language === undefined || language === FALLBACK_LANGUAGE) return file;
        const english = englishOf(file);
        const fileName = path.join(folder, file.path);
        const document = parseXml(file.data, fileName);
        const own = stringsByKey(document, fileName);
        for (const [key, { element }] of own) {
            if (!english.strings.has(key)) {
                throw new PackError(
                    "invalid-source",
                    `holds string "${key}", which ${english.path} does not: every language uses the English table's keys`,
                    fileName,
                    element.lineNumber,
                );
            }
        }
        const gaps = [...english.strings.keys()].filter((key) => (own.get(key)?.text.trim() ?? "") === "");
        if (gaps.length === 0) return file;
        filled.push({ control: control.name, language, table: file.path, keys: gaps });
        return {
            path: file.path,
            data: encodeUtf8(serializeXml(filledRoot(document, fileName, own, english.strings, gaps))),
        };
    });
    return { control: { ...control, files }, filled };
}

/** One line for the person who packs: which language shows which strings in English. */
export function filledStringsNotice({ control, language, table, keys }: FilledStrings): string {
    const count = keys.length === 1 ? "1 string" : `${keys.length} strings`;
    return `language ${language} of ${control} lacks ${count} (missing or blank in ${table}); English is used for them: ${keys.join(", ")}`;
}

/** The table's root with each gap's `<data>` replaced by (or, where it has none, followed by) a copy of the English one. */
function filledRoot(
    document: Document,
    file: string,
    own: ReadonlyMap<string, ResxString>,
    english: ReadonlyMap<string, ResxString>,
    gaps: readonly string[],
): Element {
    const root = rootElement(document, "root", file);
    const englishCopy = (key: string): Element => copyFor(root, (english.get(key) as ResxString).element);
    const blank = new Map(gaps.filter((key) => own.has(key)).map((key) => [(own.get(key) as ResxString).element, key]));
    const kept = childElements(root).map((child) => {
        const key = blank.get(child);
        return key === undefined ? child : englishCopy(key);
    });
    replaceChildElements(root, [...kept, ...gaps.filter((key) => !own.has(key)).map(englishCopy)]);
    return root;
}

/** The table's strings by key; a key held twice is refused, since which of the two the platform shows is not ours to guess. */
function stringsByKey(document: Document, file: string): Map<string, ResxString> {
    rootElement(document, "root", file);
    const strings = new Map<string, ResxString>();
    for (const entry of resxStrings(document)) {
        if (strings.has(entry.key))
            throw new PackError("invalid-source", `holds string "${entry.key}" twice`, file, entry.element.lineNumber);
        strings.set(entry.key, entry);
    }
    return strings;
}
