import * as path from "node:path";
import type { Element } from "@xmldom/xmldom";
import { PackError } from "./errors";
import { entriesOf, readInputFile } from "./projectTree";
import type { SourcePart } from "./sourceTree";
import { codePointName, decodeUtf8, isXmlChar } from "./wellFormed";
import { childElements, replaceChildElements } from "./xml";

/** One language's labels: each base-language text of the source tree with its translation. */
export interface LabelTable {
    readonly language: number;
    readonly file: string;
    readonly labels: ReadonlyMap<string, string>;
}

/** The source's own language and the tables that add the others. */
export interface Translations {
    readonly baseLanguage: number;
    /** In language code order. */
    readonly tables: readonly LabelTable[];
}

/**
 * The elements that hold a label per language, each child with `description` and `languagecode`, and how multi-language
 * exports order those children: form labels with the base language first and then the others in `<Languages>` order,
 * names and descriptions of components by language code.
 */
const LABEL_LISTS = new Map<string, "base first" | "by code">([
    ["labels", "base first"],
    ["LocalizedNames", "by code"],
    ["Descriptions", "by code"],
]);

const TABLE_FILE_NAME = /^([1-9][0-9]*)\.json$/;

/** The languages a package carries: the base language, then the others in language code order. */
export function languagesOf(translations: Translations): number[] {
    return [translations.baseLanguage, ...translations.tables.map((table) => table.language)];
}

/**
 * The label tables under `dir`: one for each language the controls ship strings in (each required), and any other
 * `<language>.json` found there. The base language has none: its labels are the source's own. Any other file there is
 * refused, so that a misnamed table (`de.json`, `1031.JSON`) cannot quietly drop a language.
 */
export function readLabelTables(dir: string, baseLanguage: number, controlLanguages: readonly number[]): LabelTable[] {
    const found = entriesOf(dir).map((entry) => {
        const match = TABLE_FILE_NAME.exec(entry.name);
        if (match === null)
            throw new PackError(
                "invalid-source",
                "is not a label table: the folder holds only <language code>.json files",
                path.join(dir, entry.name),
            );
        return Number(match[1]);
    });
    if (found.includes(baseLanguage)) {
        throw new PackError(
            "invalid-source",
            `is a table for the base language ${baseLanguage}, whose labels are the source files' own`,
            tableFile(dir, baseLanguage),
        );
    }
    const languages = [
        ...new Set([...controlLanguages.filter((language) => language !== baseLanguage), ...found]),
    ].sort((a, b) => a - b);
    return languages.map((language) => readLabelTable(tableFile(dir, language), language));
}

function tableFile(dir: string, language: number): string {
    return path.join(dir, `${language}.json`);
}

function readLabelTable(file: string, language: number): LabelTable {
    const text = decodeUtf8(
        readInputFile(file, `the control ships strings in language ${language}, so its labels need this table`),
        file,
    );
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (error) {
        throw new PackError("invalid-source", `is not valid JSON: ${(error as Error).message}`, file);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new PackError(
            "invalid-source",
            "must be one JSON object that maps each source label to its translation",
            file,
        );
    }
    const labels = new Map<string, string>();
    for (const [source, translation] of Object.entries(parsed)) {
        if (typeof translation !== "string" || translation.trim() === "") {
            throw new PackError(
                "invalid-source",
                `translates "${source}" to ${JSON.stringify(translation)}, which is no label`,
                file,
            );
        }
        const unfit = [...translation]
            .map((character) => character.codePointAt(0) ?? 0)
            .find((codePoint) => !isXmlChar(codePoint));
        if (unfit !== undefined)
            throw new PackError(
                "invalid-source",
                `translates "${source}" to text holding ${codePointName(unfit)}, which XML does not allow`,
                file,
            );
        labels.set(source, translation);
    }
    return { language, file, labels };
}

/**
 * Each table translates exactly the labels of the source tree, whatever one build leaves out: none missing (that label
 * would show in the base language) and none the source does not have (a leftover of an edit). The source holds labels in
 * its base language only; the other languages come from the tables alone.
 */
export function assertTablesMatchSource(parts: readonly SourcePart[], translations: Translations): void {
    const sources = new Map<string, string>();
    for (const part of parts) {
        for (const label of labelLists(part.element).flatMap((list) => childElements(list))) {
            const language = label.getAttribute("languagecode");
            if (language !== String(translations.baseLanguage)) {
                throw new PackError(
                    "invalid-source",
                    `holds a label in language ${language ?? "(none)"}: the source holds base-language (${translations.baseLanguage}) labels, the others come from Solution/labels/<language>.json`,
                    part.file,
                    label.lineNumber,
                );
            }
            const text = label.getAttribute("description") ?? "";
            if (!sources.has(text)) sources.set(text, part.file);
        }
    }
    for (const table of translations.tables) {
        for (const [text, file] of sources) translationOf(text, table, file);
        for (const text of table.labels.keys()) {
            if (!sources.has(text))
                throw new PackError("invalid-source", `translates "${text}", which no source file holds`, table.file);
        }
    }
}

/** Adds each table's translation beside every label under `root` (a part as it goes into the zip), ordered as exports order them. */
export function addTranslations(root: Element, translations: Translations, partName: string): void {
    for (const list of labelLists(root)) {
        const own = childElements(list);
        const translated = own.flatMap((label) =>
            translations.tables.map((table) => {
                const copy = label.cloneNode(true) as Element;
                copy.setAttribute(
                    "description",
                    translationOf(label.getAttribute("description") ?? "", table, partName),
                );
                copy.setAttribute("languagecode", String(table.language));
                return copy;
            }),
        );
        const labels = [...own, ...translated];
        if (LABEL_LISTS.get(list.tagName) === "by code")
            labels.sort((a, b) => Number(a.getAttribute("languagecode")) - Number(b.getAttribute("languagecode")));
        replaceChildElements(list, labels);
    }
}

function labelLists(root: Element): Element[] {
    return Array.from(root.getElementsByTagName("*")).filter((element) => LABEL_LISTS.has(element.tagName));
}

function translationOf(text: string, table: LabelTable, origin: string): string {
    const translation = table.labels.get(text);
    if (translation === undefined)
        throw new PackError(
            "invalid-source",
            `has no translation of "${text}" (from ${path.basename(origin)})`,
            table.file,
        );
    return translation;
}
