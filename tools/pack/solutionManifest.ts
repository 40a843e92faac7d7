import type { Element } from "@xmldom/xmldom";
import { PackError } from "./errors";
import { addTranslations, type Translations } from "./labels";
import type { SourcePart } from "./sourceTree";
import { appendElement, childElements, ensureChild, requiredChild, requiredText, serializeXml } from "./xml";

// The unique name becomes part of the zip file names; Dataverse allows letters, digits and underscores, 65 at most.
const SOLUTION_UNIQUE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,64}$/;
// Dataverse publisher prefixes: 2 to 8 letters or digits, starting with a letter (lower case by convention).
const PUBLISHER_PREFIX = /^[a-z][a-z0-9]{1,7}$/;

const LANGUAGE_CODE = /^[1-9][0-9]*$/;

export const ComponentType = { Entity: 1, CustomControl: 66 } as const;
export const ComponentBehavior = { IncludeSubcomponents: 0, ShellOnly: 2 } as const;

/**
 * A `<RootComponent>`, named by `schemaName`: a table or a control. Forms and views travel inside their table, as real
 * exports list them (no type 26 or 60 roots).
 */
export interface RootComponent {
    readonly type: (typeof ComponentType)[keyof typeof ComponentType];
    readonly name: string;
    readonly behavior: (typeof ComponentBehavior)[keyof typeof ComponentBehavior];
}

export interface SolutionIdentity {
    /** The language of the source's labels (`languagecode`). */
    readonly baseLanguage: number;
    readonly uniqueName: string;
    readonly version: string;
    readonly versionLine: number | undefined;
    readonly publisherPrefix: string;
}

export function readSolutionIdentity(solution: SourcePart): SolutionIdentity {
    const { file } = solution;
    const manifest = requiredChild(solution.element, "SolutionManifest", file);
    const uniqueName = requiredText(manifest, "UniqueName", file);
    const publisherPrefix = requiredText(requiredChild(manifest, "Publisher", file), "CustomizationPrefix", file);
    if (!SOLUTION_UNIQUE_NAME.test(uniqueName)) {
        throw new PackError(
            "invalid-source",
            `solution UniqueName "${uniqueName}" may hold only letters, digits and underscores, 65 at most`,
            file,
            manifest.lineNumber,
        );
    }
    if (!PUBLISHER_PREFIX.test(publisherPrefix)) {
        throw new PackError(
            "invalid-source",
            `CustomizationPrefix "${publisherPrefix}" must be 2 to 8 lower-case letters or digits`,
            file,
            manifest.lineNumber,
        );
    }
    const baseLanguage = solution.element.getAttribute("languagecode") ?? "";
    if (!LANGUAGE_CODE.test(baseLanguage)) {
        throw new PackError(
            "invalid-source",
            `languagecode "${baseLanguage}" must be the language code of the source's labels, e.g. 1033`,
            file,
            solution.element.lineNumber,
        );
    }
    const version = requiredChild(manifest, "Version", file);
    return {
        baseLanguage: Number(baseLanguage),
        uniqueName,
        version: (version.textContent ?? "").trim(),
        versionLine: version.lineNumber,
        publisherPrefix,
    };
}

/**
 * The source `Solution.xml` with `Managed` set, its names and descriptions in every language, and the given root
 * components added where it does not list them yet (the source keeps the table's for `dotnet build`; the control's comes
 * from the build).
 */
export function buildSolutionXml(
    solution: SourcePart,
    components: readonly RootComponent[],
    managed: boolean,
    translations: Translations,
): string {
    const root = solution.element.cloneNode(true) as Element;
    addTranslations(root, translations, "solution.xml");
    const manifest = requiredChild(root, "SolutionManifest", solution.file);
    requiredChild(manifest, "Managed", solution.file).textContent = managed ? "1" : "0";
    const rootComponents = ensureChild(manifest, "RootComponents");
    const listed = new Set(childElements(rootComponents, "RootComponent").map(listedKey));
    for (const component of components) {
        if (listed.has(componentKey(String(component.type), component.name))) continue;
        const element = appendElement(rootComponents, "RootComponent");
        element.setAttribute("type", String(component.type));
        element.setAttribute("schemaName", component.name);
        element.setAttribute("behavior", String(component.behavior));
    }
    return serializeXml(root);
}

/**
 * Every root component the source lists is one the package holds as a root: a table under Entities/ or a built control.
 * One it would not hold (its table's folder deleted, say) fails the import; a form or view listed on its own is not how
 * real exports carry them.
 */
export function assertListedComponentsPacked(solution: SourcePart, components: readonly RootComponent[]): void {
    const packed = new Set(components.map((component) => componentKey(String(component.type), component.name)));
    const rootComponents = childElements(
        requiredChild(solution.element, "SolutionManifest", solution.file),
        "RootComponents",
    );
    for (const element of rootComponents.flatMap((parent) => childElements(parent, "RootComponent"))) {
        if (!packed.has(listedKey(element))) {
            throw new PackError(
                "invalid-source",
                `lists root component type ${element.getAttribute("type")} "${listedName(element)}", which is neither a table under Entities/ nor a built control ` +
                    "(forms and views travel inside their table's root component)",
                solution.file,
                element.lineNumber,
            );
        }
    }
}

function listedName(element: Element): string {
    return element.getAttribute("schemaName") ?? element.getAttribute("id") ?? "";
}

function listedKey(element: Element): string {
    return componentKey(element.getAttribute("type") ?? "", listedName(element));
}

function componentKey(type: string, name: string): string {
    return `${type}:${name.toLowerCase()}`;
}
