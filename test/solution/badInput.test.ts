import * as fs from "node:fs";
import * as path from "node:path";
import { MAX_CONTROL_FILE_BYTES } from "../../tools/pack/controlBuild";
import { PackError, type PackErrorKind } from "../../tools/pack/errors";
import { projectLayout } from "../../tools/pack/layout";
import { ENABLED_USERS_VIEW_ID, packSolution, type PackOptions } from "../../tools/pack/pack";
import { unzipSync } from "fflate";
import { CONTROL_NAME, DEVELOPMENT_BUNDLE, controlBuildDir, createFixtureProject, createTemporaryFolder, editFile, filesIn, packageVersion, replaceWithLink, writeFile } from "./helpers";

interface BadInput {
    /** Breaks the fixture project and returns the file the error must name. */
    readonly breakProject: (root: string) => string;
    readonly kind: PackErrorKind;
    readonly message: string;
    /** Text on the line the error must point at, when it has one. */
    readonly lineWith?: string;
    /** How the packer is asked to pack (the default build unless given). */
    readonly options?: PackOptions;
}

const formFile = (root: string) => {
    const dir = path.join(projectLayout(root).solutionSource, "Entities", "SystemUser", "FormXml", "main");
    return path.join(dir, filesIn(dir)[0]);
};
const entityFile = (root: string) => path.join(projectLayout(root).solutionSource, "Entities", "SystemUser", "Entity.xml");
/** The control's binding on tablets (form factor 1), one of the three a form writes. */
const TABLET_BINDING = 'formFactor="1" name="amc_AccessMode.AccessModeControl">';
/** A `breakProject` that makes one edit (see editFile) to the file it then names. */
const editing =
    (file: (root: string) => string, search: string, replacement: string, after?: string) =>
    (root: string): string => {
        editFile(file(root), search, replacement, after);
        return file(root);
    };
const editTabletBinding = (search: string, replacement: string) => editing(formFile, search, replacement, TABLET_BINDING);
const labelTable = (root: string, language: number) => path.join(projectLayout(root).labelTables, `${language}.json`);
const solutionXml = (root: string) => otherFile(root, "Solution.xml");
const customizationsXml = (root: string) => otherFile(root, "Customizations.xml");
const otherFile = (root: string, name: string) => path.join(projectLayout(root).solutionSource, "Other", name);
const relationshipsXml = (root: string) => otherFile(root, "Relationships.xml");
const builtManifest = (root: string) => path.join(controlBuildDir(root), "ControlManifest.xml");
const bundle = (root: string) => path.join(controlBuildDir(root), "bundle.js");
const stringTable = (language: number) => (root: string) => path.join(controlBuildDir(root), "strings", `AccessModeControl.${language}.resx`);
const version = packageVersion();
/** The bundle made `size` bytes long: a sparse file, so its size is all that counts and making it costs nothing. */
const bundleOfSize = (root: string, size: number): string => {
    fs.truncateSync(bundle(root), size);
    return bundle(root);
};

const cases: Record<string, BadInput> = {
    "the Enabled Users view is to be left out, but the source has no such view": {
        breakProject: (root) => {
            const source = projectLayout(root).solutionSource;
            fs.rmSync(path.join(source, "Entities", "SystemUser", "SavedQueries", `${ENABLED_USERS_VIEW_ID}.xml`));
            return source;
        },
        options: { keepEnabledUsersView: true },
        kind: "missing-file",
        message: `no view with the id ${ENABLED_USERS_VIEW_ID} is in the source`,
    },
    "the control build is missing": {
        breakProject: (root) => {
            fs.rmSync(path.join(root, "out"), { recursive: true });
            return projectLayout(root).controlsBuild;
        },
        kind: "missing-build",
        message: 'run "npm run build"',
    },
    "a source file is malformed XML": {
        breakProject: editing(formFile, '<label description="Status" languagecode="1033" />', '<label description="Status" languagecode="1033" languagecode="1031" />'),
        kind: "malformed-xml",
        message: "languagecode",
        lineWith: 'description="Status"',
    },
    "the form binds a control name that is not in the build": {
        breakProject: editing(formFile, 'formFactor="1" name="amc_AccessMode.AccessModeControl"', 'formFactor="1" name="amc_AccessMode.Elsewhere"'),
        kind: "control-mismatch",
        message: 'form binds control "amc_AccessMode.Elsewhere", which is not in the build (built: amc_AccessMode.AccessModeControl)',
        lineWith: "amc_AccessMode.Elsewhere",
    },
    "the build holds a renamed control the form does not bind": {
        breakProject: (root) => {
            editFile(builtManifest(root), 'constructor="AccessModeControl"', 'constructor="Renamed"');
            return formFile(root);
        },
        kind: "control-mismatch",
        message: 'form binds control "amc_AccessMode.AccessModeControl", which is not in the build (built: amc_AccessMode.Renamed)',
        lineWith: 'name="amc_AccessMode.AccessModeControl"',
    },
    "the form passes the control a parameter its manifest does not declare": {
        breakProject: editTabletBinding("<modifiedOn>modifiedon</modifiedOn>", "<savedOn>modifiedon</savedOn>"),
        kind: "control-mismatch",
        message: 'passes "savedOn", which control "amc_AccessMode.AccessModeControl" does not declare (it takes: accessMode, modifiedOn, defaultInteractiveMode)',
        lineWith: "<savedOn>",
    },
    "the form leaves out a property the control requires": {
        breakProject: editTabletBinding("<accessMode>accessmode</accessMode>", ""),
        kind: "control-mismatch",
        message: 'does not pass required property "accessMode" of control "amc_AccessMode.AccessModeControl"',
        lineWith: TABLET_BINDING,
    },
    "the form binds a property to a column it does not load": {
        breakProject: editTabletBinding("<modifiedOn>modifiedon</modifiedOn>", "<modifiedOn>createdon</modifiedOn>"),
        kind: "control-mismatch",
        message: 'binds "modifiedOn" to "createdon", which is no column the form loads (put the column on the form)',
        lineWith: "<modifiedOn>createdon",
    },
    "the form passes a bound property as a static value": {
        breakProject: editTabletBinding("<modifiedOn>", '<modifiedOn static="true" type="DateAndTime.DateAndTime">'),
        kind: "control-mismatch",
        message: 'passes bound property "modifiedOn" as a static value; it takes the name of a column',
        lineWith: '<modifiedOn static="true"',
    },
    "the form passes an input property without static and type": {
        breakProject: editTabletBinding('<defaultInteractiveMode static="true" type="Enum">', "<defaultInteractiveMode>"),
        kind: "control-mismatch",
        message: 'passes input property "defaultInteractiveMode" without static="true" type="Enum"',
        lineWith: "<defaultInteractiveMode>0",
    },
    "a label table lacks a label the source has": {
        breakProject: editing((root) => labelTable(root, 1031), '  "Full Name": "Vollständiger Name",\n', ""),
        kind: "invalid-source",
        message: 'has no translation of "Full Name" (from {047b5240-be7c-4065-a96e-864ede68025d}.xml)',
    },
    "a label table translates a label no source file has": {
        breakProject: editing((root) => labelTable(root, 1036), '  "Full Name": "Nom complet",\n', '  "Full Name": "Nom complet",\n  "Last Name": "Nom de famille",\n'),
        kind: "invalid-source",
        message: 'translates "Last Name", which no source file holds',
    },
    "a label table translates a label to nothing": {
        breakProject: editing((root) => labelTable(root, 3082), '"Nombre completo"', '" "'),
        kind: "invalid-source",
        message: 'translates "Full Name" to " ", which is no label',
    },
    "a label table translates a label to a character XML does not allow": {
        breakProject: editing((root) => labelTable(root, 3082), '"Nombre completo"', '"Nombre\\u0001completo"'),
        kind: "invalid-source",
        message: 'translates "Full Name" to text holding U+0001, which XML does not allow',
    },
    "a label table is a list, not a table": {
        breakProject: (root) => {
            writeFile(labelTable(root, 3082), '["Nombre completo"]');
            return labelTable(root, 3082);
        },
        kind: "invalid-source",
        message: "must be one JSON object that maps each source label to its translation",
    },
    "a label table is not JSON": {
        breakProject: editing((root) => labelTable(root, 3082), '"Nombre completo",', '"Nombre completo"'),
        kind: "invalid-source",
        message: "is not valid JSON",
    },
    "a language the control ships strings in has no label table": {
        breakProject: (root) => {
            fs.rmSync(labelTable(root, 3082));
            return labelTable(root, 3082);
        },
        kind: "missing-file",
        message: "is missing; the control ships strings in language 3082, so its labels need this table",
    },
    "a file in the label tables' folder is not named <language code>.json": {
        breakProject: (root) => {
            fs.renameSync(labelTable(root, 1031), path.join(projectLayout(root).labelTables, "de.json"));
            return path.join(projectLayout(root).labelTables, "de.json");
        },
        kind: "invalid-source",
        message: "is not a label table: the folder holds only <language code>.json files",
    },
    "the source's <Languages> lists another language than its own": {
        breakProject: editing(customizationsXml, "<Language>1033</Language>", "<Language>1033</Language><Language>1031</Language>"),
        kind: "invalid-source",
        message: "<Languages> must list only the source's own language, 1033",
        lineWith: "<Language>1031</Language>",
    },
    "the publisher's prefix is not 2 to 8 lower-case letters or digits": {
        breakProject: editing(solutionXml, "<CustomizationPrefix>amc</CustomizationPrefix>", "<CustomizationPrefix>Amc_1</CustomizationPrefix>"),
        kind: "invalid-source",
        message: 'CustomizationPrefix "Amc_1" must be 2 to 8 lower-case letters or digits',
    },
    "the form passes an input property with another type than the manifest's": {
        breakProject: editTabletBinding('<defaultInteractiveMode static="true" type="Enum">', '<defaultInteractiveMode static="true" type="SingleLine.Text">'),
        kind: "control-mismatch",
        message: 'passes input property "defaultInteractiveMode" without static="true" type="Enum"',
        lineWith: 'type="SingleLine.Text"',
    },
    "there is a label table for the source's own language": {
        breakProject: (root) => {
            fs.copyFileSync(labelTable(root, 1031), labelTable(root, 1033));
            return labelTable(root, 1033);
        },
        kind: "invalid-source",
        message: "is a table for the base language 1033, whose labels are the source files' own",
    },
    "a source file holds a label in another language than its own": {
        breakProject: editing(formFile, '<label description="Status" languagecode="1033" />', '<label description="Status" languagecode="1033" />\n<label description="Statut" languagecode="1036" />'),
        kind: "invalid-source",
        message: "holds a label in language 1036: the source holds base-language (1033) labels, the others come from Solution/labels/<language>.json",
        lineWith: 'description="Statut"',
    },
    "a file resource in the built manifest has lost its path": {
        breakProject: editing(builtManifest, '<resx path="strings/AccessModeControl.1033.resx"', '<resx pati="strings/AccessModeControl.1033.resx"'),
        kind: "invalid-source",
        message: "<resx> has no path",
        lineWith: 'pati="strings/AccessModeControl.1033.resx"',
    },
    "the built manifest lists a kind of resource PCF does not know": {
        breakProject: editing(builtManifest, '<resx path="strings/AccessModeControl.1033.resx"', '<resy path="strings/AccessModeControl.1033.resx"'),
        kind: "invalid-source",
        message: "<resy> is not a kind of resource PCF knows",
        lineWith: "<resy",
    },
    "the built manifest lists one resource twice, in another case": {
        breakProject: (root) => {
            editFile(builtManifest(root), "</resources>", '<resx path="Strings/AccessModeControl.1033.RESX" version="1.0.0" /></resources>');
            writeFile(path.join(controlBuildDir(root), "Strings", "AccessModeControl.1033.RESX"), "<root />");
            return builtManifest(root);
        },
        kind: "invalid-source",
        message: 'resource path "Strings/AccessModeControl.1033.RESX" is listed twice (or clashes with the manifest)',
        lineWith: "Strings/AccessModeControl.1033.RESX",
    },
    "a language's strings hold a key the English ones do not have": {
        breakProject: editing(stringTable(1036), "</root>", '\n<data name="Control_DisplayNam"><value>Contrôle</value></data></root>'),
        kind: "invalid-source",
        message: 'holds string "Control_DisplayNam", which strings/AccessModeControl.1033.resx does not: every language uses the English table\'s keys',
        lineWith: 'name="Control_DisplayNam"',
    },
    "a language's strings hold a key twice": {
        breakProject: editing(stringTable(1031), "</root>", '\n<data name="Control_DisplayName"><value>Zugriffsmodus</value></data></root>'),
        kind: "invalid-source",
        message: 'holds string "Control_DisplayName" twice',
        lineWith: "<value>Zugriffsmodus",
    },
    "a language's strings have no English table to fall back on": {
        breakProject: (root) => {
            editFile(builtManifest(root), 'path="strings/AccessModeControl.1033.resx"', 'path="strings/English.resx"');
            fs.renameSync(stringTable(1033)(root), path.join(controlBuildDir(root), "strings", "English.resx"));
            return stringTable(1031)(root);
        },
        kind: "missing-file",
        message: "has no English twin strings/AccessModeControl.1033.resx in the control build to fall back on",
    },
    "the untouched User table's shell carries an attribute block": {
        breakProject: editing(entityFile, "<attributes />", '<attributes>\n        <attribute PhysicalName="AccessMode" unmodified="1"><Name>accessmode</Name></attribute>\n      </attributes>'),
        kind: "invalid-source",
        message: "an untouched table's shell holds no <attribute> block",
        lineWith: '<attribute PhysicalName="AccessMode"',
    },
    "Solution.xml lists a table that has no folder under Entities/": {
        breakProject: editing(solutionXml, "</RootComponents>", '  <RootComponent type="1" schemaName="account" behavior="2" />\n    </RootComponents>'),
        kind: "invalid-source",
        message: 'lists root component type 1 "account", which is neither a table under Entities/ nor a built control',
        lineWith: 'schemaName="account"',
    },
    "Solution.xml lists a view as a root component of its own": {
        breakProject: editing(solutionXml, "</RootComponents>", '  <RootComponent type="26" id="{c0705e51-b9c1-4803-8ced-95c35c182571}" behavior="0" />\n    </RootComponents>'),
        kind: "invalid-source",
        message: "(forms and views travel inside their table's root component)",
        lineWith: 'id="{c0705e51-b9c1-4803-8ced-95c35c182571}"',
    },
    "Solution.xml names its language otherwise than by its code": {
        breakProject: editing(solutionXml, 'languagecode="1033" generatedBy', 'languagecode="en-US" generatedBy'),
        kind: "invalid-source",
        message: 'languagecode "en-US" must be the language code of the source\'s labels, e.g. 1033',
        lineWith: "<ImportExportXml",
    },
    "the solution's unique name is longer than 65 characters": {
        breakProject: editing(solutionXml, "<UniqueName>AccessModeControl</UniqueName>", `<UniqueName>${"A".repeat(66)}</UniqueName>`),
        kind: "invalid-source",
        message: "may hold only letters, digits and underscores, 65 at most",
    },
    "the built manifest's version differs from package.json": {
        breakProject: editing(builtManifest, `constructor="AccessModeControl" version="${version}"`, 'constructor="AccessModeControl" version="9.9.9"'),
        kind: "version-mismatch",
        message: `version 9.9.9 does not match package.json (expected ${version})`,
    },
    "Solution.xml's version differs from package.json": {
        breakProject: editing(solutionXml, `<Version>${version}.0</Version>`, "<Version>9.9.9.0</Version>"),
        kind: "version-mismatch",
        message: `version 9.9.9.0 does not match package.json (expected ${version}.0)`,
        lineWith: "<Version>",
    },
    "a manifest resource path leaves the control folder": {
        breakProject: editing(builtManifest, 'path="bundle.js"', 'path="../../../package.json"'),
        kind: "unsafe-path",
        message: '"../../../package.json"',
        lineWith: "package.json",
    },
    "a file the manifest lists is missing": {
        breakProject: (root) => {
            fs.rmSync(bundle(root));
            return bundle(root);
        },
        kind: "missing-file",
        message: "is missing",
    },
    "a source file is missing": {
        breakProject: (root) => {
            fs.rmSync(otherFile(root, "Relationships.xml"));
            return otherFile(root, "Relationships.xml");
        },
        kind: "missing-file",
        message: "is missing",
    },
    "a source file is not UTF-8": {
        breakProject: (root) => {
            writeFile(otherFile(root, "Relationships.xml"), Buffer.from('<EntityRelationships note="caf\xe9" />', "latin1"));
            return otherFile(root, "Relationships.xml");
        },
        kind: "encoding",
        message: "not valid UTF-8",
    },
    "a source file declares another encoding": {
        breakProject: editing(customizationsXml, 'encoding="utf-8"', 'encoding="utf-16"'),
        kind: "encoding",
        message: '"utf-16"',
        lineWith: "<?xml",
    },
    "the control name holds XML-special characters": {
        breakProject: editing(builtManifest, 'namespace="AccessMode"', 'namespace="Access&amp;Mode&lt;"'),
        kind: "invalid-source",
        message: '"Access&Mode<" is not a valid control namespace',
        lineWith: "<control ",
    },
    "the bundle is one byte over the upload limit": {
        breakProject: (root) => bundleOfSize(root, MAX_CONTROL_FILE_BYTES + 1),
        kind: "oversized",
        message: `is larger than ${MAX_CONTROL_FILE_BYTES} bytes, the Dataverse default upload limit`,
    },
    // The packer reads only regular files reached through real folders of the project (issue 14). Named pipes are in
    // cli.test.ts: a packer that read one would wait forever, and only a child process can be stopped then.
    "a source file is a symbolic link to /etc/passwd": {
        breakProject: (root) => {
            replaceWithLink(otherFile(root, "Relationships.xml"), "/etc/passwd");
            return otherFile(root, "Relationships.xml");
        },
        kind: "unsafe-path",
        message: "is a symbolic link; the packer reads and writes only regular files and folders inside the project, and follows no link",
    },
    "a source folder is a symbolic link to a copy outside the project": {
        breakProject: (root) => {
            const other = path.dirname(solutionXml(root));
            const outside = createTemporaryFolder();
            fs.cpSync(other, outside, { recursive: true });
            replaceWithLink(other, outside);
            return other;
        },
        kind: "unsafe-path",
        message: "is a symbolic link",
    },
    "a listed folder holds a symbolic link (a form file)": {
        breakProject: (root) => {
            const link = path.join(path.dirname(formFile(root)), "linked.xml");
            fs.symlinkSync(formFile(root), link);
            return link;
        },
        kind: "unsafe-path",
        message: "is a symbolic link",
    },
    "a source folder is a file": {
        breakProject: (root) => {
            const entities = path.join(projectLayout(root).solutionSource, "Entities");
            fs.rmSync(entities, { recursive: true });
            writeFile(entities, "not a folder");
            return entities;
        },
        kind: "unreadable",
        message: "is a file, not a folder",
    },
    "a source file nests its elements absurdly deep": {
        breakProject: editing(relationshipsXml, " />", `>\n${"<a>".repeat(100_000)}${"</a>".repeat(100_000)}</EntityRelationships>`),
        kind: "invalid-source",
        message: "elements are nested more than 64 levels deep",
        lineWith: "<a>",
    },
    "a resource path is nested absurdly deep": {
        breakProject: editing(builtManifest, "</resources>", `<css path="${"d/".repeat(3000)}x.css" order="1" /></resources>`),
        kind: "unsafe-path",
        message: 'path "d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/…" is longer than 200 characters',
        lineWith: '<css path="d/',
    },
    "the bundle is a development build (npm start, or a build without --buildMode production)": {
        breakProject: (root) => {
            fs.copyFileSync(DEVELOPMENT_BUNDLE, bundle(root));
            return bundle(root);
        },
        kind: "development-build",
        message: 'is a development build (its code runs through eval); run "npm run build" to build the control for production',
    },
    "package.json's version is not major.minor.patch": {
        breakProject: (root) => {
            writeFile(projectLayout(root).packageJson, JSON.stringify({ version: `${version}-beta.1` }));
            return projectLayout(root).packageJson;
        },
        kind: "invalid-source",
        message: "must be major.minor.patch",
    },
};

function lineOf(file: string, text: string): number {
    const content = fs.readFileSync(file, "utf8");
    const index = content.indexOf(text);
    if (index < 0) throw new Error(`"${text}" is not in ${file}`);
    return content.slice(0, index).split("\n").length;
}

describe.each(Object.entries(cases))("when %s", (_name, { breakProject, kind, message, lineWith, options }) => {
    let root: string;
    let file: string;
    let error: unknown;

    beforeAll(() => {
        root = createFixtureProject();
        file = breakProject(root);
        try {
            packSolution(root, options);
        } catch (thrown) {
            error = thrown;
        }
    });

    it("the packer refuses with a typed error naming the file (and line)", () => {
        expect(error).toBeInstanceOf(PackError);
        const packError = error as PackError;
        expect({ kind: packError.kind, file: packError.file }).toEqual({ kind, file });
        expect(packError.message).toContain(message);
        if (lineWith !== undefined) expect(packError.line).toBe(lineOf(file, lineWith));
    });

    it("writes no zip, not even a partial one", () => {
        expect(filesIn(projectLayout(root).zipOutput)).toEqual([]);
    });
});

it("packs a bundle exactly at the upload limit", () => {
    const root = createFixtureProject();
    bundleOfSize(root, MAX_CONTROL_FILE_BYTES);
    const [unmanaged] = packSolution(root);
    expect(unzipSync(fs.readFileSync(unmanaged))[`Controls/${CONTROL_NAME}/bundle.js`]).toHaveLength(MAX_CONTROL_FILE_BYTES);
});
