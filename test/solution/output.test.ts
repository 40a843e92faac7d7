import * as path from "node:path";
import { PackError } from "../../tools/pack/errors";
import { writeFileSet } from "../../tools/pack/output";
import { createTemporaryFolder, filesIn, replaceWithLink, writeFile } from "./helpers";

// The module object the packer's `import * as fs` reads through, so that a spy on it fails the packer's own calls.
const fs = jest.requireActual<typeof import("node:fs")>("node:fs");

const OLD = { "a.zip": "old a", "b.zip": "old b" };
const NEW = [
    { name: "a.zip", data: new TextEncoder().encode("new a") },
    { name: "b.zip", data: new TextEncoder().encode("new b") },
];

/** An output folder holding the old pair (and a file of another version, which is no part of it). */
function folderWithOldPair(): string {
    const dir = path.join(createTemporaryFolder(), "bin");
    for (const [name, text] of Object.entries({ ...OLD, "other-version.zip": "other" })) writeFile(path.join(dir, name), text);
    return dir;
}

function contents(dir: string): Record<string, string> {
    return Object.fromEntries(filesIn(dir).map((name) => [name, fs.readFileSync(path.join(dir, name), "utf8")]));
}

/** Fails the `call`-th call (1-based) of `fs[method]` with `code`; every other call goes through. */
function failNthCall(method: "writeFileSync" | "renameSync", call: number, code: string): jest.SpyInstance {
    const original = fs[method] as (...args: unknown[]) => unknown;
    let calls = 0;
    return jest.spyOn(fs, method).mockImplementation((...args: unknown[]) => {
        calls += 1;
        if (calls === call) throw Object.assign(new Error(`${code}: injected`), { code });
        return original(...args);
    });
}

function thrown(action: () => unknown): PackError {
    try {
        action();
    } catch (error) {
        if (error instanceof PackError) return error;
        throw error;
    }
    throw new Error("did not throw");
}

afterEach(() => jest.restoreAllMocks());

describe("the pair of zips is replaced as one set", () => {
    it("puts both in place over the old pair, creating the folder when needed, and leaves no temporary file", () => {
        const dir = folderWithOldPair();
        expect(writeFileSet(dir, NEW)).toEqual([path.join(dir, "a.zip"), path.join(dir, "b.zip")]);
        expect(contents(dir)).toEqual({ "a.zip": "new a", "b.zip": "new b", "other-version.zip": "other" });
        const fresh = path.join(createTemporaryFolder(), "Solution", "bin");
        writeFileSet(fresh, NEW);
        expect(contents(fresh)).toEqual({ "a.zip": "new a", "b.zip": "new b" });
    });

    it("leaves the old pair as it was when writing the second zip fails", () => {
        const dir = folderWithOldPair();
        failNthCall("writeFileSync", 2, "ENOSPC");
        const error = thrown(() => writeFileSet(dir, NEW));
        expect({ kind: error.kind, file: error.file, message: error.message }).toEqual({
            kind: "unwritable",
            file: path.join(dir, "b.zip"),
            message: "cannot be written (ENOSPC); the zips already there are unchanged",
        });
        expect(contents(dir)).toEqual({ ...OLD, "other-version.zip": "other" });
    });

    it("leaves neither zip, never a new one beside an old one, when the second rename fails", () => {
        const dir = folderWithOldPair();
        failNthCall("renameSync", 2, "EIO");
        const error = thrown(() => writeFileSet(dir, NEW));
        expect({ kind: error.kind, file: error.file, message: error.message }).toEqual({
            kind: "unwritable",
            file: path.join(dir, "b.zip"),
            message: "cannot be put in place (EIO); no zip of this version is left, rather than a mismatched pair: pack again",
        });
        expect(contents(dir)).toEqual({ "other-version.zip": "other" });
    });

    it("refuses a target that is not a regular file before it writes anything", () => {
        const dir = folderWithOldPair();
        fs.rmSync(path.join(dir, "b.zip"));
        fs.mkdirSync(path.join(dir, "b.zip"));
        const error = thrown(() => writeFileSet(dir, NEW));
        expect({ kind: error.kind, file: error.file }).toEqual({ kind: "unwritable", file: path.join(dir, "b.zip") });
        expect(filesIn(dir)).toEqual(["a.zip", "b.zip", "other-version.zip"]);
        expect(fs.readFileSync(path.join(dir, "a.zip"), "utf8")).toBe("old a");
    });

    it("names a file that stands where a folder on the way to Solution/bin should be", () => {
        const project = createTemporaryFolder();
        writeFile(path.join(project, "Solution"), "not a folder");
        expect(thrown(() => writeFileSet(path.join(project, "Solution", "bin"), NEW))).toMatchObject({
            kind: "unwritable",
            file: path.join(project, "Solution"),
            message: "is a file, not a folder; the zips are written to bin inside it, so move it away",
        });
    });

    it("writes nothing through a link: an output folder that is a link, or a folder on its way", () => {
        const outside = createTemporaryFolder();
        const linkedBin = path.join(createTemporaryFolder(), "bin");
        replaceWithLink(linkedBin, outside);
        expect(thrown(() => writeFileSet(linkedBin, NEW))).toMatchObject({ kind: "unsafe-path", file: linkedBin, message: expect.stringContaining("is a symbolic link") });
        const project = createTemporaryFolder();
        replaceWithLink(path.join(project, "Solution"), outside);
        expect(thrown(() => writeFileSet(path.join(project, "Solution", "bin"), NEW))).toMatchObject({ kind: "unsafe-path", file: path.join(project, "Solution") });
        expect(filesIn(outside)).toEqual([]);
    });
});
