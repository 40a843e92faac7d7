import type { Element } from "@xmldom/xmldom";
import { MANIFEST_FILE_NAME } from "./controlBuild";
import { PackError } from "./errors";
import type { EntitySource, FormSource, SolutionSource, SourcePart } from "./sourceTree";
import { addTranslations, languagesOf, type Translations } from "./labels";
import {
    appendCopy,
    appendElement,
    childElements,
    createElement,
    ensureChild,
    removeWithIndent,
    replaceChildElements,
    requiredChild,
    serializeXml,
} from "./xml";

/**
 * `customizations.xml`: the source `Customizations.xml` with each entity (its forms and views inside), the relationships,
 * one `<CustomControl>` per built control and the package's languages filled in, and every label in each language. The
 * managed one leaves out the EntityInfo shell of a table the package does not change, as managed exports do.
 */
export function buildCustomizationsXml(
    source: SolutionSource,
    controlNames: readonly string[],
    managed: boolean,
    translations: Translations,
): string {
    const { file } = source.customizations;
    const root = source.customizations.element.cloneNode(true) as Element;
    const entities = requiredChild(root, "Entities", file);
    for (const entity of source.entities) appendEntity(entities, entity, managed);
    const relationships = requiredChild(root, "EntityRelationships", file);
    for (const relationship of childElements(source.relationships.element)) appendCopy(relationships, relationship);
    const customControls = requiredChild(root, "CustomControls", file);
    for (const name of controlNames) {
        const customControl = appendElement(customControls, "CustomControl");
        appendElement(customControl, "Name", name);
        appendElement(customControl, "FileName", `/Controls/${name}/${MANIFEST_FILE_NAME}`);
    }
    const languages = ensureChild(root, "Languages");
    replaceChildElements(
        languages,
        languagesOf(translations).map((language) => createElement(languages, "Language", String(language))),
    );
    addTranslations(root, translations, "customizations.xml");
    return serializeXml(root);
}

function appendEntity(entities: Element, entity: EntitySource, managed: boolean): void {
    const element = appendCopy(entities, entity.definition.element);
    if (managed && untouchedShellOf(entity.definition))
        removeWithIndent(requiredChild(element, "EntityInfo", entity.definition.file));
    const formXml = ensureChild(element, "FormXml");
    for (const [type, forms] of groupByType(entity.forms)) {
        const formsElement = appendElement(formXml, "forms");
        formsElement.setAttribute("type", type);
        for (const form of forms) appendCopy(formsElement, form.element);
    }
    if (entity.views.length > 0) {
        const savedQueries = appendElement(ensureChild(element, "SavedQueries"), "savedqueries");
        for (const view of entity.views) appendCopy(savedQueries, view.element);
    }
}

/**
 * The source's `<Languages>` names its own language only (the one Solution.xml's `languagecode` gives): the packer adds the
 * others from the label tables, so a second language written there would be a language without its labels.
 */
export function assertSourceLanguages(customizations: SourcePart, baseLanguage: number): void {
    const listed = childElements(requiredChild(customizations.element, "Languages", customizations.file), "Language");
    if (listed.length !== 1 || (listed[0].textContent ?? "").trim() !== String(baseLanguage)) {
        throw new PackError(
            "invalid-source",
            `<Languages> must list only the source's own language, ${baseLanguage}: the label tables add the others`,
            customizations.file,
            listed[1]?.lineNumber ?? listed[0]?.lineNumber,
        );
    }
}

/** The `<entity unmodified="1">` of a table the package leaves untouched, or undefined when the table is changed. */
function untouchedShellOf(definition: SourcePart): Element | undefined {
    const [info] = childElements(definition.element, "EntityInfo");
    const entity = info === undefined ? undefined : childElements(info, "entity")[0];
    return entity?.getAttribute("unmodified") === "1" ? entity : undefined;
}

/**
 * An untouched table's shell holds no attribute block: real exports write one only for a column added to the solution
 * itself, and a hand-written one risks contradicting the column's real definition.
 */
export function assertShellsHoldNoAttributes(entities: readonly EntitySource[]): void {
    for (const { definition } of entities) {
        const [attribute] = Array.from(untouchedShellOf(definition)?.getElementsByTagName("attribute") ?? []);
        if (attribute !== undefined) {
            throw new PackError(
                "invalid-source",
                "an untouched table's shell holds no <attribute> block: forms and views use built-in columns without one",
                definition.file,
                attribute.lineNumber,
            );
        }
    }
}

function groupByType(forms: readonly FormSource[]): Map<string, FormSource[]> {
    const groups = new Map<string, FormSource[]>();
    for (const form of forms) groups.set(form.type, [...(groups.get(form.type) ?? []), form]);
    return groups;
}
