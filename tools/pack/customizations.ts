import type { Element } from "@xmldom/xmldom";
import { MANIFEST_FILE_NAME } from "./controlBuild";
import { PackError } from "./errors";
import type { EntitySource, FormSource, SolutionSource } from "./sourceTree";
import { appendCopy, appendElement, childElements, ensureChild, requiredChild, serializeXml } from "./xml";

/**
 * `customizations.xml`: the source `Customizations.xml` with each entity (its forms and views inside),
 * the relationships and one `<CustomControl>` per built control filled in.
 */
export function buildCustomizationsXml(source: SolutionSource, controlNames: readonly string[]): string {
    const { file } = source.customizations;
    const root = source.customizations.element.cloneNode(true) as Element;
    const entities = requiredChild(root, "Entities", file);
    for (const entity of source.entities) appendEntity(entities, entity);
    const relationships = requiredChild(root, "EntityRelationships", file);
    for (const relationship of childElements(source.relationships.element)) appendCopy(relationships, relationship);
    const customControls = requiredChild(root, "CustomControls", file);
    for (const name of controlNames) {
        const customControl = appendElement(customControls, "CustomControl");
        appendElement(customControl, "Name", name);
        appendElement(customControl, "FileName", `/Controls/${name}/${MANIFEST_FILE_NAME}`);
    }
    return serializeXml(root);
}

function appendEntity(entities: Element, entity: EntitySource): void {
    const element = appendCopy(entities, entity.definition.element);
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

function groupByType(forms: readonly FormSource[]): Map<string, FormSource[]> {
    const groups = new Map<string, FormSource[]>();
    for (const form of forms) groups.set(form.type, [...(groups.get(form.type) ?? []), form]);
    return groups;
}

/** A form that binds a control the build does not contain would import, then fail on every form load. */
export function assertFormBindingsBuilt(entities: readonly EntitySource[], controlNames: readonly string[]): void {
    for (const form of entities.flatMap((entity) => entity.forms)) {
        for (const customControl of Array.from(form.element.getElementsByTagName("customControl"))) {
            const name = customControl.getAttribute("name");
            if (name !== null && !controlNames.includes(name)) {
                throw new PackError(
                    "control-mismatch",
                    `form binds control "${name}", which is not in the build (built: ${controlNames.join(", ")})`,
                    form.file,
                    customControl.lineNumber,
                );
            }
        }
    }
}
