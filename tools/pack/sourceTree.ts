import * as path from "node:path";
import type { Element } from "@xmldom/xmldom";
import { entriesOf } from "./projectTree";
import { childElements, readXmlFile, requiredText, rootElement } from "./xml";

/** An element read from a source file, kept with its file so errors can point at it. */
export interface SourcePart {
    readonly file: string;
    readonly element: Element;
}

export interface FormSource extends SourcePart {
    /** The form type, from the folder name: `FormXml/<type>/{formid}.xml`. */
    readonly type: string;
}

export interface EntitySource {
    /** The table's schema name, e.g. `SystemUser`. */
    readonly name: string;
    readonly definition: SourcePart;
    /** `<systemform>` elements. */
    readonly forms: readonly FormSource[];
    /** `<savedquery>` elements. */
    readonly views: readonly SourcePart[];
}

/** The `pac solution init` source tree under `Solution/src`, every file parsed. */
export interface SolutionSource {
    readonly solution: SourcePart;
    readonly customizations: SourcePart;
    readonly relationships: SourcePart;
    readonly entities: readonly EntitySource[];
}

/** Every file's root element (each form and view on its own). */
export function sourceParts(source: SolutionSource): SourcePart[] {
    return [
        source.solution,
        source.customizations,
        source.relationships,
        ...source.entities.flatMap((entity) => [entity.definition, ...entity.forms, ...entity.views]),
    ];
}

export function readSolutionSource(sourceDir: string): SolutionSource {
    const other = path.join(sourceDir, "Other");
    const entitiesDir = path.join(sourceDir, "Entities");
    return {
        solution: readRoot(path.join(other, "Solution.xml"), "ImportExportXml"),
        customizations: readRoot(path.join(other, "Customizations.xml"), "ImportExportXml"),
        relationships: readRoot(path.join(other, "Relationships.xml"), "EntityRelationships"),
        entities: subfolders(entitiesDir).map((folder) => readEntity(path.join(entitiesDir, folder))),
    };
}

function readEntity(entityDir: string): EntitySource {
    const definition = readRoot(path.join(entityDir, "Entity.xml"), "Entity");
    const formsDir = path.join(entityDir, "FormXml");
    const forms = subfolders(formsDir).flatMap((type) =>
        childrenOfEachFile(path.join(formsDir, type), "forms", "systemform").map((form) => ({ ...form, type })),
    );
    return {
        name: requiredText(definition.element, "Name", definition.file),
        definition,
        forms,
        views: childrenOfEachFile(path.join(entityDir, "SavedQueries"), "savedqueries", "savedquery"),
    };
}

function readRoot(file: string, rootName: string): SourcePart {
    return { file, element: rootElement(readXmlFile(file), rootName, file) };
}

/** The `childName` elements under the `rootName` root of every `*.xml` file in `dir`, in file name order. */
function childrenOfEachFile(dir: string, rootName: string, childName: string): SourcePart[] {
    return entriesOf(dir)
        .filter((entry) => entry.isFile() && entry.name.endsWith(".xml"))
        .map((entry) => readRoot(path.join(dir, entry.name), rootName))
        .flatMap(({ file, element }) => childElements(element, childName).map((child) => ({ file, element: child })));
}

function subfolders(dir: string): string[] {
    return entriesOf(dir)
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name);
}
