import * as fs from "node:fs";
import * as path from "node:path";
import { XMLSerializer, type Document, type Element } from "@xmldom/xmldom";
import { ENABLED_USERS_VIEW_ID, packSolution } from "../../tools/pack/pack";
import { childElements, parseXml } from "../../tools/pack/xml";
import {
    CONTROL_NAME,
    PICKLIST_CLASS_ID,
    REFERENCE_DIR,
    REPO_ROOT,
    controlBuildDir,
    createFixtureProject,
    element,
    elements,
    filesIn,
    itWithShared,
    packageVersion,
    parseEntry,
    readCentralDirectory,
    unzip,
    validateCustomizations,
} from "./helpers";

const version = packageVersion();
const zipStem = `AccessModeControl_${version.replace(/\./g, "_")}_0`;
const controlFolder = `Controls/${CONTROL_NAME}`;
/** The control's languages, in manifest order. */
const CONTROL_LANGUAGES = [1033, 1031, 3082, 1036, 1040, 1041, 1043, 1046, 2052, 1025];
const resxFiles = CONTROL_LANGUAGES.map((lcid) => `strings/AccessModeControl.${lcid}.resx`);

let root: string;
let zipFiles: string[];
let unmanaged: Record<string, Uint8Array>;
let managed: Record<string, Uint8Array>;
let customizations: Document;

beforeAll(() => {
    root = createFixtureProject();
    zipFiles = packSolution(root);
    [unmanaged, managed] = zipFiles.map(unzip);
    customizations = parseEntry(unmanaged, "customizations.xml");
});

const USER_ACCESS_FORM_ID = "{047b5240-be7c-4065-a96e-864ede68025d}";
const NON_INTERACTIVE_VIEW_ID = "{c0705e51-b9c1-4803-8ced-95c35c182571}";
// The built-in User form {c2cd9e55-d4b4-4b55-9951-16ead79643e5} has Order 1 (../shared/solution-format.md).
const BUILT_IN_USER_FORM_ORDER = 1;
const CODE_COMPONENT_CELL_CLASS_ID = "{F9A8A302-114E-466A-B582-6771B2AE0D92}";
const DATETIME_CLASS_ID = "{5B773807-9FB2-42db-97C3-7A91EFF8ADFF}";
const OUR_COLUMNS = ["accessmode", "islicensed"];
// The children of a view, in order, as exports write a built-in one and a new one (../shared/solution-format.md).
const BUILT_IN_VIEW_SHAPE = ["isquickfindquery", "isprivate", "isdefault", "savedqueryid", "queryapi", "layoutxml", "querytype", "fetchxml", "IntroducedVersion", "LocalizedNames", "Descriptions"];
const NEW_VIEW_SHAPE = ["IsCustomizable", "CanBeDeleted", ...BUILT_IN_VIEW_SHAPE.filter((child) => child !== "queryapi")];
const labelsByLanguage = (labels: Element): Map<number, string | null> =>
    new Map(childElements(labels).map((label) => [Number(label.getAttribute("languagecode")), label.getAttribute("description")]));
const descriptionIn = (labels: Element, lcid: number): string | null | undefined => labelsByLanguage(labels).get(lcid);
const expectSchemaValid = async (xml: Uint8Array): Promise<void> => {
    const result = await validateCustomizations(xml);
    expect(result.valid ? "valid" : result.rawOutput).toBe("valid");
};
const childNames = (parent: Element): string[] => childElements(parent).map((child) => child.tagName);
const textOf = (parent: Element, name: string): string => (element(parent, name).textContent ?? "").trim();
const byAttribute = (candidates: Element[], name: string, value: string): Element[] =>
    candidates.filter((candidate) => candidate.getAttribute(name)?.toLowerCase() === value.toLowerCase());
const savedQuery = (id: string): Element => {
    const [view] = elements(customizations, "savedquery").filter((candidate) => textOf(candidate, "savedqueryid") === id);
    if (view === undefined) throw new Error(`no view ${id}`);
    return view;
};
const conditionsOf = (view: Element): string[] =>
    elements(view, "condition").map((condition) =>
        [condition.getAttribute("attribute"), condition.getAttribute("operator"), condition.getAttribute("value")].filter((part) => part !== null).join(" "),
    );
const columnsOf = (view: Element) => ({
    cells: elements(element(view, "layoutxml"), "cell").map((cell) => cell.getAttribute("name")),
    attributes: elements(element(view, "fetchxml"), "attribute").map((attribute) => attribute.getAttribute("name")),
});

describe("the solution zips", () => {
    it("are written to Solution/bin under Dataverse's export names", () => {
        expect(zipFiles).toEqual([
            path.join(root, "Solution", "bin", `${zipStem}.zip`),
            path.join(root, "Solution", "bin", `${zipStem}_managed.zip`),
        ]);
        expect(fs.readdirSync(path.join(root, "Solution", "bin")).sort()).toEqual([`${zipStem}.zip`, `${zipStem}_managed.zip`]);
    });

    it.each([0, 1])("hold the parts in Microsoft's order, deflated, without directory entries (zip %i)", (index) => {
        const entries = readCentralDirectory(fs.readFileSync(zipFiles[index]));
        expect(entries.map((entry) => entry.name)).toEqual([
            "customizations.xml",
            "solution.xml",
            `${controlFolder}/ControlManifest.xml`,
            `${controlFolder}/bundle.js`,
            ...resxFiles.map((file) => `${controlFolder}/${file}`),
            "[Content_Types].xml",
        ]);
        for (const entry of entries) {
            expect(entry).toMatchObject({ compressionMethod: 8, hostSystem: 0, dosDate: (0 << 9) | (1 << 5) | 1, dosTime: 0 });
        }
    });

    it("differ only in solution.xml's Managed flag and in the User table's EntityInfo shell, which only the unmanaged one has", () => {
        for (const name of Object.keys(unmanaged).filter((entry) => entry !== "solution.xml" && entry !== "customizations.xml")) {
            expect(Buffer.from(managed[name])).toEqual(Buffer.from(unmanaged[name]));
        }
        expect(textOf(parseEntry(unmanaged, "solution.xml").documentElement!, "Managed")).toBe("0");
        expect(textOf(parseEntry(managed, "solution.xml").documentElement!, "Managed")).toBe("1");
        const withoutEntityInfo = (entries: Record<string, Uint8Array>): string => {
            const document = parseEntry(entries, "customizations.xml");
            for (const info of elements(document, "EntityInfo")) info.parentNode?.removeChild(info);
            return new XMLSerializer().serializeToString(document).replace(/>\s+</g, "><");
        };
        expect(withoutEntityInfo(managed)).toBe(withoutEntityInfo(unmanaged));
    });

    it.each([0, 1])("carry no XML comment in the parts the packer writes, though their sources explain themselves in comments (zip %i)", (index) => {
        const sources = [path.join("Other", "Solution.xml"), path.join("Other", "Customizations.xml"), path.join("Entities", "SystemUser", "Entity.xml")];
        for (const source of sources) expect(fs.readFileSync(path.join(root, "Solution", "src", source), "utf8")).toContain("<!--");
        const entries = [unmanaged, managed][index];
        for (const part of ["customizations.xml", "solution.xml"]) expect(new TextDecoder().decode(entries[part])).not.toContain("<!--");
    });

    it("carry the built control files byte for byte, the built manifest included", () => {
        for (const file of ["ControlManifest.xml", "bundle.js", ...resxFiles]) {
            expect(Buffer.from(unmanaged[`${controlFolder}/${file}`])).toEqual(fs.readFileSync(path.join(controlBuildDir(root), file)));
        }
    });

    it("are byte-identical when built again", () => {
        const first = zipFiles.map((file) => fs.readFileSync(file));
        const again = packSolution(root).map((file) => fs.readFileSync(file));
        expect(again).toEqual(first);
    });
});

describe("[Content_Types].xml", () => {
    const contentTypes = () => unmanaged["[Content_Types].xml"];

    it("is one line of UTF-8 with a BOM", () => {
        expect(Array.from(contentTypes().subarray(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
        expect(new TextDecoder().decode(contentTypes())).not.toContain("\n");
    });

    it("gives every other part a content type, text/xml for XML, and overrides the control manifest", () => {
        const types = parseEntry(unmanaged, "[Content_Types].xml");
        const defaults = new Map(elements(types, "Default").map((entry) => [entry.getAttribute("Extension"), entry.getAttribute("ContentType")]));
        const overrides = new Map(elements(types, "Override").map((entry) => [entry.getAttribute("PartName"), entry.getAttribute("ContentType")]));
        for (const part of Object.keys(unmanaged).filter((name) => name !== "[Content_Types].xml")) {
            const extension = path.posix.extname(part).slice(1);
            expect({ part, covered: overrides.has(`/${part}`) || defaults.has(extension) }).toEqual({ part, covered: true });
        }
        expect(defaults.get("xml")).toBe("text/xml");
        expect(defaults.get("js")).toBe("application/octet-stream");
        expect(overrides.get(`/${controlFolder}/ControlManifest.xml`)).toBe("application/octet-stream");
    });
});

describe("customizations.xml", () => {
    for (const kind of ["unmanaged", "managed"]) {
        itWithShared(`validates against the Dataverse schemas (${kind} zip)`, async () => {
            await expectSchemaValid((kind === "managed" ? managed : unmanaged)["customizations.xml"]);
        });
    }

    itWithShared("would fail the schema check on a binding the schemas do not allow", async () => {
        const xml = new TextDecoder().decode(unmanaged["customizations.xml"]).replace('<customControl formFactor="0"', '<customControl bogus="1" formFactor="0"');
        const result = await validateCustomizations(new TextEncoder().encode(xml));
        expect(result.valid).toBe(false);
        expect(result.rawOutput).toContain("The attribute 'bogus' is not allowed");
    });

    it("declares the control by its solution name and manifest file", () => {
        const customControl = element(customizations, "CustomControl");
        expect(textOf(customControl, "Name")).toBe(CONTROL_NAME);
        expect(textOf(customControl, "FileName")).toBe(`/${controlFolder}/ControlManifest.xml`);
    });

    it('has a "User access" main form with the identity fields, a read-only licence and application id, and Modified On read-only in its footer', () => {
        const forms = element(customizations, "forms");
        expect(forms.getAttribute("type")).toBe("main");
        const form = element(forms, "systemform");
        expect(textOf(form, "formid")).toBe(USER_ACCESS_FORM_ID);
        expect(descriptionIn(element(form, "LocalizedNames"), 1033)).toBe("User access");
        const controls = new Map(elements(form, "control").map((control) => [control.getAttribute("datafieldname"), control]));
        expect([...controls.keys()]).toEqual(["fullname", "domainname", "businessunitid", "isdisabled", "accessmode", "islicensed", "applicationid", "modifiedon"]);
        for (const readOnly of ["islicensed", "applicationid", "modifiedon"]) expect(controls.get(readOnly)?.getAttribute("disabled")).toBe("true");
        expect(controls.get("accessmode")?.getAttribute("disabled")).toBe("false");
        const accessSection = byAttribute(elements(form, "section"), "name", "section_access")[0];
        expect(elements(accessSection, "control").map((control) => control.getAttribute("datafieldname"))).toEqual(["accessmode", "islicensed", "applicationid"]);
        const footer = element(form, "footer");
        expect(elements(footer, "control").map((control) => [control.getAttribute("datafieldname"), control.getAttribute("classid")])).toEqual([
            ["modifiedon", DATETIME_CLASS_ID],
        ]);
        expect(descriptionIn(element(footer, "labels"), 1033)).toBe("Modified On");
    });

    it("binds accessmode to the control on web, tablet and phone as the form designer does, the classic picklist kept as default", () => {
        const form = element(customizations, "systemform");
        const [field] = byAttribute(elements(form, "control"), "datafieldname", "accessmode");
        expect(field.getAttribute("classid")?.toUpperCase()).toBe(CODE_COMPONENT_CELL_CLASS_ID);
        const [description] = byAttribute(elements(form, "controlDescription"), "forControl", field.getAttribute("uniqueid") ?? "missing");
        const [classic, ...custom] = elements(description, "customControl");
        expect(classic.getAttribute("id")?.toUpperCase()).toBe(PICKLIST_CLASS_ID);
        expect(textOf(classic, "datafieldname")).toBe("accessmode");
        const parametersOf = (control: Element) =>
            childElements(element(control, "parameters")).map((parameter) => [parameter.tagName, parameter.textContent, parameter.getAttribute("static"), parameter.getAttribute("type")]);
        expect(custom.map((control) => [control.getAttribute("formFactor"), control.getAttribute("name"), parametersOf(control)])).toEqual(
            ["0", "1", "2"].map((formFactor) => [
                formFactor,
                CONTROL_NAME,
                [
                    ["accessMode", "accessmode", null, null],
                    ["modifiedOn", "modifiedon", null, null],
                    ["defaultInteractiveMode", "0", "true", "Enum"],
                ],
            ]),
        );
    });

    it("writes the form as a new form: whole, customizable and deletable, its parts in the order real new forms have", () => {
        const form = element(customizations, "systemform");
        expect(childNames(form)).toEqual(["formid", "IntroducedVersion", "FormPresentation", "FormActivationState", "form", "IsCustomizable", "CanBeDeleted", "LocalizedNames", "Descriptions"]);
        expect([textOf(form, "IsCustomizable"), textOf(form, "CanBeDeleted")]).toEqual(["1", "1"]);
        expect(childNames(element(form, "form"))).toEqual(["tabs", "footer", "DisplayConditions", "controlDescriptions"]);
        expect(elements(form, "*").filter((part) => part.hasAttribute("solutionaction"))).toEqual([]);
    });

    it("never makes the form anyone's default User form: ordered after the built-in User form, and not a fallback form", () => {
        const conditions = element(element(customizations, "systemform"), "DisplayConditions");
        expect(Number(conditions.getAttribute("Order"))).toBeGreaterThan(BUILT_IN_USER_FORM_ORDER);
        expect(conditions.getAttribute("FallbackForm")).toBe("false");
        expect(childNames(conditions)).toEqual(["Everyone"]);
    });

    it('ships the built-in "Enabled Users" view whole in its built-in shape, its filter kept, with Access Mode and User Licensed added', () => {
        const view = savedQuery(ENABLED_USERS_VIEW_ID);
        expect(childNames(view)).toEqual(BUILT_IN_VIEW_SHAPE);
        expect(textOf(view, "isdefault")).toBe("1");
        expect(conditionsOf(view)).toEqual(["isdisabled eq 0", "accessmode ne 3", "accessmode ne 5", "applicationid null", "systemmanagedusertype eq 0"]);
        const { cells, attributes } = columnsOf(view);
        for (const column of ["accessmode", "islicensed"]) {
            expect(cells.filter((cell) => cell === column)).toHaveLength(1);
            expect(attributes.filter((attribute) => attribute === column)).toHaveLength(1);
        }
    });

    itWithShared('copies "Enabled Users" from its 2026 built-in definition, that exporter\'s own apollo_* columns left out and ours appended', () => {
        const reference = parseXml(fs.readFileSync(path.join(REFERENCE_DIR, "dataverse-export-systemuser", "savedquery-enabled-users.xml")), "reference");
        const ours = savedQuery(ENABLED_USERS_VIEW_ID);
        const { cells, attributes } = columnsOf(ours);
        expect([cells.slice(-2), attributes.slice(-2)]).toEqual([OUR_COLUMNS, OUR_COLUMNS]);
        const definition = (view: Element, leftOut: (column: string) => boolean): string => {
            const copy = view.cloneNode(true) as Element;
            for (const part of [...elements(copy, "cell"), ...elements(copy, "attribute")].filter((column) => leftOut(column.getAttribute("name") ?? ""))) {
                part.parentNode?.removeChild(part);
            }
            for (const labels of [...elements(copy, "LocalizedNames"), ...elements(copy, "Descriptions")]) labels.parentNode?.removeChild(labels);
            return new XMLSerializer().serializeToString(copy).replace(/>\s+</g, "><");
        };
        expect(definition(ours, (column) => OUR_COLUMNS.includes(column))).toBe(definition(reference.documentElement!, (column) => column.startsWith("apollo_")));
        for (const labels of ["LocalizedNames", "Descriptions"]) {
            const theirs = labelsByLanguage(element(reference.documentElement!, labels));
            const shared = [...labelsByLanguage(element(ours, labels))].filter(([lcid]) => theirs.has(lcid));
            expect(shared.length).toBeGreaterThan(0);
            for (const [lcid, text] of shared) expect({ lcid, text }).toEqual({ lcid, text: theirs.get(lcid) });
        }
    });

    it('adds a new public "Non-interactive Users" view, customizable and deletable, in the shape real new views have: enabled, access mode 4, not application users', () => {
        const view = savedQuery(NON_INTERACTIVE_VIEW_ID);
        expect(childNames(view)).toEqual(NEW_VIEW_SHAPE);
        expect([textOf(view, "IsCustomizable"), textOf(view, "CanBeDeleted"), textOf(view, "isprivate"), textOf(view, "querytype")]).toEqual(["1", "1", "0", "0"]);
        expect(descriptionIn(element(view, "LocalizedNames"), 1033)).toBe("Non-interactive Users");
        expect(conditionsOf(view)).toEqual(["isdisabled eq 0", "accessmode eq 4", "applicationid null"]);
        const { cells, attributes } = columnsOf(view);
        expect(cells).toEqual(["fullname", "domainname", "businessunitid", "islicensed", "accessmode"]);
        expect(attributes).toEqual(expect.arrayContaining(cells));
    });

    it("carries the User table as an untouched shell: no attribute block, EntityInfo only in the unmanaged zip, and there only unmodified", () => {
        const entity = element(customizations, "Entity");
        expect(childNames(entity)).toEqual(["Name", "EntityInfo", "FormXml", "SavedQueries", "RibbonDiffXml"]);
        const shell = element(entity, "EntityInfo");
        expect(childElements(shell).map((child) => [child.tagName, child.getAttribute("Name"), child.getAttribute("unmodified")])).toEqual([["entity", "SystemUser", "1"]]);
        expect(childNames(element(shell, "entity"))).toEqual(["attributes"]);
        expect(childNames(element(shell, "attributes"))).toEqual([]);
        const managedEntity = element(parseEntry(managed, "customizations.xml"), "Entity");
        expect(childNames(managedEntity)).toEqual(["Name", "FormXml", "SavedQueries", "RibbonDiffXml"]);
        expect(elements(parseEntry(managed, "customizations.xml"), "attributes")).toEqual([]);
    });
});

describe("labels", () => {
    const BASE_FIRST = [1033, ...CONTROL_LANGUAGES.filter((lcid) => lcid !== 1033).sort((a, b) => a - b)];
    const BY_CODE = [...CONTROL_LANGUAGES].sort((a, b) => a - b);
    const tables = () =>
        new Map(
            filesIn(labelTablesDir()).map((name) => [Number(path.basename(name, ".json")), JSON.parse(fs.readFileSync(path.join(labelTablesDir(), name), "utf8")) as Record<string, string>]),
        );
    const labelTablesDir = () => path.join(root, "Solution", "labels");
    const partsOf = (entries: Record<string, Uint8Array>) => ["customizations.xml", "solution.xml"].map((part) => parseEntry(entries, part));
    const labelLists = (document: Document) => ["labels", "LocalizedNames", "Descriptions"].flatMap((name) => elements(document, name)).filter((list) => childElements(list).length > 0);

    it("come from one table per language the control ships strings in, other than the source's own 1033", () => {
        const resx = fs.readdirSync(path.join(REPO_ROOT, "AccessModeControl", "strings")).map((name) => Number(/\.(\d+)\.resx$/.exec(name)?.[1]));
        expect([...tables().keys()].sort()).toEqual(resx.filter((lcid) => lcid !== 1033).sort());
    });

    it.each([0, 1])("are in each of the control's languages side by side, form labels base language first, names and descriptions by language code (zip %i)", (index) => {
        const lists = partsOf([unmanaged, managed][index]).flatMap(labelLists);
        expect(lists.length).toBeGreaterThan(20);
        for (const list of lists) {
            expect({ list: list.tagName, languages: [...labelsByLanguage(list).keys()] }).toEqual({ list: list.tagName, languages: list.tagName === "labels" ? BASE_FIRST : BY_CODE });
        }
    });

    it.each([0, 1])("translate each source label as its language's table does (zip %i)", (index) => {
        const byLanguage = tables();
        for (const list of partsOf([unmanaged, managed][index]).flatMap(labelLists)) {
            const labels = labelsByLanguage(list);
            const english = labels.get(1033) ?? "";
            for (const [lcid, table] of byLanguage) expect({ english, lcid, text: labels.get(lcid) }).toEqual({ english, lcid, text: table[english] });
        }
    });

    it("keep the tables' names for the built-in columns and the built-in view as Dataverse shows them in German, Spanish and French", () => {
        const translationsOf = (english: string) => [1031, 3082, 1036].map((lcid) => tables().get(lcid)?.[english]);
        expect(translationsOf("Full Name")).toEqual(["Vollständiger Name", "Nombre completo", "Nom complet"]);
        expect(translationsOf("Access Mode")).toEqual(["Zugriffsmodus", "Modo de acceso", "Mode d'accès"]);
        expect(translationsOf("Enabled Users")).toEqual(["Aktivierte Benutzer", "Usuarios habilitados", "Utilisateurs activés"]);
    });

    it("come from a table for a further language too, which joins <Languages> and every label list", () => {
        const project = createFixtureProject();
        const tablesDir = path.join(project, "Solution", "labels");
        fs.copyFileSync(path.join(tablesDir, "1031.json"), path.join(tablesDir, "1029.json"));
        const [further] = packSolution(project).map(unzip);
        const document = parseEntry(further, "customizations.xml");
        expect(elements(element(document, "Languages"), "Language").map((language) => Number(language.textContent))).toContain(1029);
        for (const list of labelLists(document)) expect({ list: list.tagName, has1029: labelsByLanguage(list).has(1029) }).toEqual({ list: list.tagName, has1029: true });
    });

    // Dataverse's Spanish is 3082; 1034 is never enabled, so labels or strings under it would never be shown (dataverse-facts §12).
    it.each([0, 1])("carry Spanish as 3082 and nothing under 1034: no entry name, label, language or manifest reference (zip %i)", (index) => {
        const entries = [unmanaged, managed][index];
        const mentions = (code: string) =>
            Object.entries(entries).filter(([name, bytes]) => name.includes(`.${code}.`) || new RegExp(`(?<!\\d)${code}(?!\\d)`).test(Buffer.from(bytes).toString("utf8")));
        expect(mentions("1034").map(([name]) => name)).toEqual([]);
        expect(mentions("3082").map(([name]) => name).sort()).toEqual(
            ["customizations.xml", "solution.xml", `${controlFolder}/ControlManifest.xml`, `${controlFolder}/strings/AccessModeControl.3082.resx`].sort(),
        );
    });

    it.each([0, 1])("are listed as the package's languages, the base language first (zip %i)", (index) => {
        const languages = elements(element(parseEntry([unmanaged, managed][index], "customizations.xml"), "Languages"), "Language").map((language) => Number(language.textContent));
        expect(languages).toEqual(BASE_FIRST);
    });
});

describe("solution.xml", () => {
    it("carries the stamped version and the publisher", () => {
        const manifest = element(parseEntry(unmanaged, "solution.xml"), "SolutionManifest");
        expect(textOf(manifest, "UniqueName")).toBe("AccessModeControl");
        expect(textOf(manifest, "Version")).toBe(`${version}.0`);
        const publisher = element(manifest, "Publisher");
        expect([textOf(publisher, "UniqueName"), textOf(publisher, "CustomizationPrefix"), textOf(publisher, "CustomizationOptionValuePrefix")]).toEqual([
            "accessmodecontrol",
            "amc",
            "41526",
        ]);
    });

    it.each([0, 1])("lists the User table as a shell and the control as root components, the form and views inside the table (zip %i)", (index) => {
        const components = elements(parseEntry([unmanaged, managed][index], "solution.xml"), "RootComponent").map((component) => [
            component.getAttribute("type"),
            component.getAttribute("schemaName"),
            component.getAttribute("behavior"),
            component.getAttribute("id"),
        ]);
        expect(components).toEqual([
            ["1", "systemuser", "2", null],
            ["66", CONTROL_NAME, "0", null],
        ]);
    });
});

describe("built with keepEnabledUsersView (npm run pack -- --keep-enabled-users-view)", () => {
    let kept: Record<string, Uint8Array>[];

    beforeAll(() => {
        kept = packSolution(createFixtureProject(), { keepEnabledUsersView: true }).map(unzip);
    });

    it.each([0, 1])("leaves the Enabled Users view out of customizations.xml, the form, the other view and the root components kept (zip %i)", (index) => {
        expect(new TextDecoder().decode(kept[index]["customizations.xml"]).toLowerCase()).not.toContain(ENABLED_USERS_VIEW_ID);
        const rootsOf = (entries: Record<string, Uint8Array>) => elements(parseEntry(entries, "solution.xml"), "RootComponent").map((root) => root.toString());
        expect(rootsOf(kept[index])).toEqual(rootsOf([unmanaged, managed][index]));
        const document = parseEntry(kept[index], "customizations.xml");
        expect(elements(document, "savedqueryid").map((id) => id.textContent)).toEqual([NON_INTERACTIVE_VIEW_ID]);
        expect(elements(document, "formid").map((id) => id.textContent)).toEqual([USER_ACCESS_FORM_ID]);
        // The default build, for contrast, carries it.
        expect(new TextDecoder().decode(unmanaged["customizations.xml"])).toContain(ENABLED_USERS_VIEW_ID);
    });

    for (const [index, kind] of ["unmanaged", "managed"].entries()) {
        itWithShared(`still validates against the Dataverse schemas (${kind} zip)`, async () => {
            await expectSchemaValid(kept[index]["customizations.xml"]);
        });
    }
});
