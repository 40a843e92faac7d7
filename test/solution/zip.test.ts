import { PackError } from "../../tools/pack/errors";
import { assertSafeRelativePath } from "../../tools/pack/paths";
import { zipEntries } from "../../tools/pack/zip";

describe("zip entry paths", () => {
    it.each(["customizations.xml", "[Content_Types].xml", "Controls/amc_AccessMode.AccessModeControl/strings/AccessModeControl.1033.resx"])(
        "accepts %s",
        (path) => expect(() => assertSafeRelativePath(path)).not.toThrow(),
    );

    it.each(["", "../solution.xml", "Controls/../../x.js", "./bundle.js", "/etc/passwd", "C:/x.js", "a\\b.js", "a//b.js", "a/", "a b.js", "a\u0000.js", "...", "bundle.js.", "strings./a.resx", `${"d/".repeat(100)}x.js`])(
        "rejects %j",
        (path) => expect(() => assertSafeRelativePath(path)).toThrow(expect.objectContaining({ kind: "unsafe-path" })),
    );

    it("are checked for every entry, and none is written twice", () => {
        const data = new Uint8Array([1]);
        expect(() => zipEntries([{ path: "../escape.xml", data }])).toThrow(PackError);
        expect(() => zipEntries([{ path: "a.xml", data }, { path: "a.xml", data }])).toThrow(expect.objectContaining({ kind: "unsafe-path" }));
        // Windows and macOS zip readers fold case: one would overwrite the other.
        expect(() => zipEntries([{ path: "a.xml", data }, { path: "A.XML", data }])).toThrow(expect.objectContaining({ kind: "unsafe-path" }));
    });
});
