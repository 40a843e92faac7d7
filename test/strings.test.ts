/**
 * The control's strings: every resx has the same keys and placeholders as 1033, no string is missing or unused,
 * and createTranslator fills the placeholders.
 */
import * as fs from "fs";
import * as path from "path";
import * as os from "os";
import { createTranslator } from "../AccessModeControl/presentation/strings";
import { readResx } from "../tools/resx";
import { loadStrings, translator } from "./helpers/pcfContext";

const CONTROL_DIR = path.join(__dirname, "../AccessModeControl");
const STRINGS_DIR = path.join(CONTROL_DIR, "strings");
const STRINGS_TS = path.join(CONTROL_DIR, "presentation/strings.ts");
const MANIFEST = path.join(CONTROL_DIR, "ControlManifest.Input.xml");
const REQUIRED_LCIDS = [1033, 1031, 3082, 1036, 1040, 1041, 1043, 1046, 2052, 1025];

const read = (file: string): string => fs.readFileSync(file, "utf8");

/** LCIDs of the AccessModeControl.<lcid>.resx files on disk. */
function resxLcids(): number[] {
    return fs
        .readdirSync(STRINGS_DIR)
        .map((name) => /^AccessModeControl\.(\d+)\.resx$/.exec(name)?.[1])
        .filter((lcid): lcid is string => lcid !== undefined)
        .map(Number)
        .sort((a, b) => a - b);
}

/** The keys of the StringKey union, read from its `| "Key"` lines. */
function stringKeys(): string[] {
    const union = /export type StringKey =([\s\S]*?);/.exec(read(STRINGS_TS))?.[1] ?? "";
    return [...union.matchAll(/^\s*\|\s*"([^"]+)"/gm)].map((m) => m[1]);
}

/** Keys named by display-name-key / description-key attributes of the manifest. */
function manifestKeys(): Set<string> {
    return new Set([...read(MANIFEST).matchAll(/(?:display-name-key|description-key)="([^"]+)"/g)].map((m) => m[1]));
}

/** Source files of the control other than strings.ts itself and the generated types. */
function sourceFiles(dir = CONTROL_DIR): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
        return /\.tsx?$/.test(entry.name) && full !== STRINGS_TS ? [full] : [];
    });
}

/** The placeholders of a text, sorted, each as often as it occurs: "{1} of {0} ({0})" → ["{0}", "{0}", "{1}"]. */
const placeholders = (text: string): string[] => (text.match(/\{\d+\}/g) ?? []).sort();

const sorted = (keys: Iterable<string>): string[] => [...keys].sort();

/**
 * Whether the code names `key`: as a literal, through `kindKey("Prefix", kind)` with the kind as a literal, or as a template
 * literal whose static head starts the key and whose rest is made of literals the code holds (`Mode_${value}`: digits).
 */
function usedByCode(key: string, code: string): boolean {
    if (code.includes(`"${key}"`)) return true;
    const literals = new Set([...code.matchAll(/"([A-Za-z]+)"/g)].map((m) => m[1]));
    const capitalized = new Set([...literals].map((word) => word.charAt(0).toUpperCase() + word.slice(1)));
    const kindPrefixes = [...code.matchAll(/kindKey\("([A-Za-z]+)"/g)].map((m) => `${m[1]}_`);
    if (kindPrefixes.some((prefix) => key.startsWith(prefix) && capitalized.has(key.slice(prefix.length)))) return true;
    const heads = [...code.matchAll(/`([A-Za-z_]+)\$\{/g)].map((m) => m[1]);
    return heads.some(
        (head) =>
            key.startsWith(head) &&
            (head === "Mode_" ? /^\d+$/.test(key.slice(head.length)) : madeOf(key.slice(head.length), literals)),
    );
}

/** Whether `rest` is a sequence of zero or more of `pieces`. */
function madeOf(rest: string, pieces: ReadonlySet<string>): boolean {
    return (
        rest === "" || [...pieces].some((piece) => rest.startsWith(piece) && madeOf(rest.slice(piece.length), pieces))
    );
}

const LCIDS = resxLcids();
const OTHER_LCIDS = LCIDS.filter((lcid) => lcid !== 1033);
const english = loadStrings(1033);
const KEYS = stringKeys();

describe("resx files", () => {
    it.each(REQUIRED_LCIDS)("include AccessModeControl.%i.resx", (lcid) => {
        expect(LCIDS).toContain(lcid);
    });

    it("are each declared in the manifest, and the manifest declares no other", () => {
        const declared = [...read(MANIFEST).matchAll(/<resx path="strings\/AccessModeControl\.(\d+)\.resx"/g)].map(
            (m) => Number(m[1]),
        );
        expect(declared.sort((a, b) => a - b)).toEqual(LCIDS);
    });

    it.each(LCIDS)("%i declares every key only once", (lcid) => {
        const names = [
            ...read(path.join(STRINGS_DIR, `AccessModeControl.${lcid}.resx`)).matchAll(/<data\s+name="([^"]+)"/g),
        ].map((m) => m[1]);
        expect(names.length).toBeGreaterThan(0);
        expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    });

    it.each(OTHER_LCIDS)("%i has exactly the keys of 1033", (lcid) => {
        expect(sorted(Object.keys(loadStrings(lcid)))).toEqual(sorted(Object.keys(english)));
    });

    it.each(OTHER_LCIDS)("%i uses the same placeholders as 1033 in every string", (lcid) => {
        const translated = loadStrings(lcid);
        const mismatches = Object.keys(english)
            .filter(
                (key) =>
                    key in translated && placeholders(translated[key]).join() !== placeholders(english[key]).join(),
            )
            .map(
                (key) =>
                    `${key}: 1033 ${placeholders(english[key]).join() || "none"}, ${lcid} ${placeholders(translated[key]).join() || "none"}`,
            );
        expect(mismatches).toEqual([]);
    });

    it.each(LCIDS)("%i has no empty string", (lcid) => {
        const strings = loadStrings(lcid);
        expect(Object.keys(strings).filter((key) => strings[key].trim() === "")).toEqual([]);
    });
});

describe("string keys", () => {
    it("all exist in 1033", () => {
        expect(KEYS.filter((key) => !(key in english))).toEqual([]);
    });

    it("cover every 1033 string not used by the manifest (no unused strings)", () => {
        const used = new Set([...KEYS, ...manifestKeys()]);
        expect(Object.keys(english).filter((key) => !used.has(key))).toEqual([]);
    });

    it("include every key the manifest names", () => {
        expect([...manifestKeys()].filter((key) => !(key in english))).toEqual([]);
    });

    it("are each used by the control's code, as a literal or built from pieces the code holds", () => {
        const code = sourceFiles().map(read).join("\n");
        expect(KEYS.filter((key) => !usedByCode(key, code))).toEqual([]);
    });

    it("built from pieces only when the code holds every piece", () => {
        const code =
            'kindKey("Lock", lock); const kinds = ["readOnly"]; t(`Seats_InUse${a ? "OnceSaved" : ""}`); t(`Mode_${value}`)';
        expect(
            ["Lock_ReadOnly", "Seats_InUse", "Seats_InUseOnceSaved", "Mode_3"].filter((key) => usedByCode(key, code)),
        ).toEqual(["Lock_ReadOnly", "Seats_InUse", "Seats_InUseOnceSaved", "Mode_3"]);
        expect(
            ["Lock_Masked", "Seats_InUseAssumed", "Notice_ReadOnly", "Mode_X"].filter((key) => usedByCode(key, code)),
        ).toEqual([]);
    });
});

describe("every language", () => {
    it.each(LCIDS)("%p has text in every string: a translation is never blank", (lcid) => {
        const blank = Object.entries(loadStrings(lcid))
            .filter(([, text]) => text.trim() === "")
            .map(([key]) => key);
        expect(blank).toEqual([]);
    });
});

describe("createTranslator", () => {
    const texts: Record<string, string> = {
        Pending_Text: "Changed from {0} to {1}.",
        Mode_Unknown: "{0} — unknown value {0}",
        Error_HttpWithMessage: "HTTP {0}: {1}",
        Toggle_On: "On",
    };
    const t = createTranslator((key) => texts[key]);

    it("replaces positional placeholders with the arguments", () => {
        expect(t("Pending_Text", "Read-Write", "Non-interactive")).toBe("Changed from Read-Write to Non-interactive.");
    });

    it("replaces a repeated placeholder everywhere", () => {
        expect(t("Mode_Unknown", 9)).toBe("9 — unknown value 9");
    });

    it("turns numbers into text", () => {
        expect(t("Error_HttpWithMessage", 403, "Denied")).toBe("HTTP 403: Denied");
    });

    it("keeps a placeholder whose argument is missing", () => {
        expect(t("Error_HttpWithMessage", 500)).toBe("HTTP 500: {1}");
        expect(t("Pending_Text")).toBe("Changed from {0} to {1}.");
    });

    it("inserts arguments literally, without reading placeholders or $ patterns in them", () => {
        expect(t("Error_HttpWithMessage", "{1}", "$& <b>x</b>")).toBe("HTTP {1}: $& <b>x</b>");
    });

    it("returns text without placeholders unchanged and ignores extra arguments", () => {
        expect(t("Toggle_On", "unused")).toBe("On");
    });

    // The platform's getString gives the key back for a key it lacks (Learn: resources/getstring); anything else must too.
    it.each<[string, (key: string) => unknown]>([
        ["gives nothing", () => undefined],
        ["gives an empty text", () => ""],
        ["gives blanks", () => "  "],
        ["gives no text", () => 42],
        [
            "throws",
            () => {
                throw new Error("resources not loaded");
            },
        ],
    ])("shows the key, never a blank, when the lookup %s", (_, getString) => {
        const missing = createTranslator(getString);
        expect(missing("Toggle_Label")).toBe("Toggle_Label");
        expect(missing("Error_Render", "boom")).toBe("Error_Render");
    });

    it("works with the real 1033 strings", () => {
        const real = translator();
        expect(real("Mode_Unknown", 7)).toBe(english.Mode_Unknown.replace("{0}", "7"));
    });
});

describe("readResx", () => {
    it("refuses a malformed file, naming it and the line, instead of reading part of it", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "amc-resx-"));
        const file = path.join(dir, "broken.resx");
        fs.writeFileSync(
            file,
            '<?xml version="1.0" encoding="utf-8"?>\n<root>\n  <data name="A"><value>one</value></data>\n  <data name="B"><value>two</data>\n</root>\n',
        );
        try {
            expect(() => readResx(file)).toThrow(expect.objectContaining({ name: "PackError", file, line: 4 }));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
