import * as path from "node:path";
import { normalizeId } from "../../AccessModeControl/domain/accessMode";
import { CONTENT_TYPES_ENTRY, buildContentTypes } from "./contentTypes";
import { readControlBuilds, type BuiltControl } from "./controlBuild";
import { filledStringsNotice, withEnglishFallback } from "./controlStrings";
import { assertShellsHoldNoAttributes, assertSourceLanguages, buildCustomizationsXml } from "./customizations";
import { assertFormBindings } from "./formBindings";
import { assertTablesMatchSource, readLabelTables, type Translations } from "./labels";
import { projectLayout } from "./layout";
import { writeFileSet } from "./output";
import { realRoot } from "./projectTree";
import {
    ComponentBehavior,
    ComponentType,
    assertListedComponentsPacked,
    buildSolutionXml,
    readSolutionIdentity,
    type RootComponent,
} from "./solutionManifest";
import { readSolutionSource, sourceParts, type EntitySource, type SolutionSource, type SourcePart } from "./sourceTree";
import { PackError } from "./errors";
import { assertVersion, readPackageVersion, toSolutionVersion, zipFileNames } from "./version";
import { encodeUtf8 } from "./wellFormed";
import { requiredText } from "./xml";
import { zipEntries, type ZipEntry } from "./zip";

/** The built-in "Enabled Users" view, which the package changes unless told to keep the org's own. */
export const ENABLED_USERS_VIEW_ID = "{00000000-0000-0000-00aa-000010001019}";

export interface PackOptions {
    /**
     * Leave the built-in Enabled Users view out of the package, for an org that has customised it already: views are not
     * merged across layers, so the package's version would hide the org's (unmanaged import) or hide behind it (managed).
     */
    readonly keepEnabledUsersView?: boolean;
    /** Told, once the zips are written, of anything packed that its maker should know (see filledStringsNotice). */
    readonly onNotice?: (notice: string) => void;
}

/**
 * Reads the source tree and the control build under `root`, checks them, and writes the unmanaged and the managed
 * solution zip to `Solution/bin`. Everything is built in memory first: on any input error no zip is written, and the two
 * zips replace the old pair as one set (see writeFileSet).
 */
export function packSolution(root: string, options: PackOptions = {}): string[] {
    const layout = projectLayout(realRoot(root));
    const packageVersion = readPackageVersion(layout.packageJson);
    const fullSource = readSolutionSource(layout.solutionSource);
    const source = options.keepEnabledUsersView ? withoutView(fullSource, ENABLED_USERS_VIEW_ID) : fullSource;
    const identity = readSolutionIdentity(source.solution);
    const solutionVersion = toSolutionVersion(packageVersion);
    assertVersion(identity.version, solutionVersion, source.solution.file, identity.versionLine);
    const builds = readControlBuilds(layout.controlsBuild, identity.publisherPrefix).map(withEnglishFallback);
    const controls = builds.map((build) => build.control);
    for (const control of controls) assertVersion(control.version, packageVersion, control.manifestFile, undefined);
    const controlNames = controls.map((control) => control.name);
    assertFormBindings(source.entities, controls);
    assertShellsHoldNoAttributes(source.entities);
    assertSourceLanguages(source.customizations, identity.baseLanguage);
    const translations: Translations = {
        baseLanguage: identity.baseLanguage,
        tables: readLabelTables(
            layout.labelTables,
            identity.baseLanguage,
            controls.flatMap((control) => control.languages),
        ),
    };
    assertTablesMatchSource(sourceParts(fullSource), translations);

    const controlFiles = controls.flatMap(controlEntries);
    const components = rootComponents(source.entities, controls);
    assertListedComponentsPacked(source.solution, components);
    const zipFor = (managed: boolean): Uint8Array => {
        const customizations: ZipEntry = {
            path: "customizations.xml",
            data: encodeUtf8(buildCustomizationsXml(source, controlNames, managed, translations)),
        };
        const solution: ZipEntry = {
            path: "solution.xml",
            data: encodeUtf8(buildSolutionXml(source.solution, components, managed, translations)),
        };
        const parts = [customizations, solution, ...controlFiles];
        const contentTypes: ZipEntry = {
            path: CONTENT_TYPES_ENTRY,
            data: encodeUtf8(buildContentTypes(parts.map((part) => part.path))),
        };
        return zipEntries([...parts, contentTypes]);
    };

    const names = zipFileNames(identity.uniqueName, solutionVersion);
    const written = writeFileSet(layout.zipOutput, [
        { name: names.unmanaged, data: zipFor(false) },
        { name: names.managed, data: zipFor(true) },
    ]);
    for (const filled of builds.flatMap((build) => build.filled)) options.onNotice?.(filledStringsNotice(filled));
    return written;
}

/** The source without one view; refused when no view has that id, so that the option can never quietly leave it in. */
function withoutView(source: SolutionSource, viewId: string): SolutionSource {
    const isOther = (view: SourcePart) =>
        normalizeId(requiredText(view.element, "savedqueryid", view.file)) !== normalizeId(viewId);
    const entities = source.entities.map((entity) => ({ ...entity, views: entity.views.filter(isOther) }));
    if (entities.every((entity, index) => entity.views.length === source.entities[index].views.length)) {
        throw new PackError(
            "missing-file",
            `no view with the id ${viewId} is in the source, so it cannot be left out`,
            path.dirname(path.dirname(source.solution.file)),
        );
    }
    return { ...source, entities };
}

function controlEntries(control: BuiltControl): ZipEntry[] {
    return control.files.map((file) => ({ path: `Controls/${control.name}/${file.path}`, data: file.data }));
}

/** Each table as a shell (only the forms and views we ship, carried inside it), and each control. */
function rootComponents(entities: readonly EntitySource[], controls: readonly BuiltControl[]): RootComponent[] {
    return [
        ...entities.map((entity): RootComponent => ({
            type: ComponentType.Entity,
            name: entity.name.toLowerCase(),
            behavior: ComponentBehavior.ShellOnly,
        })),
        ...controls.map((control): RootComponent => ({
            type: ComponentType.CustomControl,
            name: control.name,
            behavior: ComponentBehavior.IncludeSubcomponents,
        })),
    ];
}
