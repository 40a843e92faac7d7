import * as fs from "node:fs";
import * as path from "node:path";
import { unzipSync } from "fflate";
import { packSolution } from "../../tools/pack/pack";
import { resxStrings } from "../../tools/resx";
import { CONTROL_NAME, controlBuildDir, createFixtureProject, filesIn, parseEntry, resxText, writeFile } from "./helpers";

// Issue 15: a string a language lacks, or holds blank, is packed in English, so the control never shows a bare key. The bundle
// has no room for the English table; the packer fills each language's resx from the 1033 one instead.

type Strings = Readonly<Record<string, string | null>>;

const ENGLISH = {
    Mode_0: "Read-Write",
    Seats_InUse: "{0} of {1} seats in use",
    // Markup characters in the English text: a filled table must carry them escaped, never raw.
    Dialog_Summary: `<b>Seats</b> & "licences" ]]> 'here'`,
};
const GERMAN = { Mode_0: "Lesen/Schreiben", Seats_InUse: "{0} von {1} Plätzen belegt", Dialog_Summary: "Zusammenfassung" };

const tableFile = (root: string, language: number) => path.join(controlBuildDir(root), "strings", `AccessModeControl.${language}.resx`);
const entryOf = (language: number) => `Controls/${CONTROL_NAME}/strings/AccessModeControl.${language}.resx`;
/** The languages of the fixture build's string tables. */
const languagesOf = (root: string): number[] =>
    filesIn(path.dirname(tableFile(root, 1033))).flatMap((name) => /^AccessModeControl\.(\d+)\.resx$/.exec(name)?.[1] ?? []).map(Number);
const notice = (language: number, keys: string[]) =>
    `language ${language} of ${CONTROL_NAME} lacks ${keys.length === 1 ? "1 string" : `${keys.length} strings`} (missing or blank in strings/AccessModeControl.${language}.resx); English is used for them: ${keys.join(", ")}`;

interface Case {
    /** The tables that differ from the English one; every other language is complete (a copy of English). */
    readonly tables: Readonly<Record<number, Strings>>;
    /** What each of those tables holds in both zips. */
    readonly packed: Readonly<Record<number, Record<string, string>>>;
    readonly notices: readonly string[];
}

const cases: Record<string, Case> = {
    "a language lacks a string": {
        tables: { 1031: { Mode_0: GERMAN.Mode_0, Dialog_Summary: GERMAN.Dialog_Summary } },
        packed: { 1031: { ...GERMAN, Seats_InUse: ENGLISH.Seats_InUse } },
        notices: [notice(1031, ["Seats_InUse"])],
    },
    "a language holds a string blank: empty, only white space, or without <value>": {
        tables: { 1031: { ...GERMAN, Mode_0: "" }, 1036: { Mode_0: "Lecture/écriture", Seats_InUse: " \n\t ", Dialog_Summary: null } },
        packed: { 1031: { ...GERMAN, Mode_0: ENGLISH.Mode_0 }, 1036: { ...ENGLISH, Mode_0: "Lecture/écriture" } },
        notices: [notice(1031, ["Mode_0"]), notice(1036, ["Seats_InUse", "Dialog_Summary"])],
    },
    "a language lacks every string but one, among them one with markup characters": {
        tables: { 3082: { Seats_InUse: "{0} de {1} puestos en uso" } },
        packed: { 3082: { ...ENGLISH, Seats_InUse: "{0} de {1} puestos en uso" } },
        notices: [notice(3082, ["Mode_0", "Dialog_Summary"])],
    },
    "every language has every string": {
        tables: { 1031: GERMAN },
        packed: { 1031: GERMAN },
        notices: [],
    },
};

describe.each(Object.entries(cases))("when %s", (_name, { tables, packed, notices }) => {
    let root: string;
    let zipBytes: Buffer[];
    let zips: Record<string, Uint8Array>[];
    const told: string[] = [];

    beforeAll(() => {
        root = createFixtureProject();
        for (const language of languagesOf(root)) writeFile(tableFile(root, language), resxText(tables[language] ?? ENGLISH));
        zipBytes = packSolution(root, { onNotice: (line) => told.push(line) }).map((file) => fs.readFileSync(file));
        zips = zipBytes.map((bytes) => unzipSync(bytes));
    });

    it.each([0, 1])("zip %i carries each of those tables with English where a string was missing or blank, as well-formed XML", (index) => {
        for (const [language, strings] of Object.entries(packed)) {
            const document = parseEntry(zips[index], entryOf(Number(language)));
            expect(Object.fromEntries(resxStrings(document).map(({ key, text }) => [key, text]))).toEqual(strings);
        }
    });

    it.each([0, 1])("zip %i carries every table without a gap byte for byte", (index) => {
        const complete = languagesOf(root).filter((language) => notices.every((line) => !line.startsWith(`language ${language} `)));
        for (const language of complete) expect(Buffer.from(zips[index][entryOf(language)])).toEqual(fs.readFileSync(tableFile(root, language)));
    });

    it("tells one line per language it filled, naming the strings", () => {
        expect(told).toEqual(notices);
    });

    it("packs the same bytes again", () => {
        expect(packSolution(root).map((file) => fs.readFileSync(file))).toEqual(zipBytes);
    });
});
