/** Output, the one place amc's texts pass through: tokens and secrets removed, unsafe characters neutralised, commands quoted. */
import { PassThrough } from "node:stream";
import { Output, redact, shellCommand } from "../../cli/output";

function output(json: boolean): { out: Output; stdout: () => string; stderr: () => string } {
    const streams = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough() };
    const text = { stdout: "", stderr: "" };
    streams.stdout.on("data", (chunk: Buffer) => (text.stdout += chunk.toString()));
    streams.stderr.on("data", (chunk: Buffer) => (text.stderr += chunk.toString()));
    return {
        out: new Output(streams, json, ["client-secret-value"]),
        stdout: () => text.stdout,
        stderr: () => text.stderr,
    };
}

it("removes the token it was told of and the secrets it was given from every line, table, note and JSON string", () => {
    const text = output(false);
    text.out.keepSecret("opaque-token-1234");
    text.out.line("line opaque-token-1234");
    text.out.table(["A"], [["cell client-secret-value"]]);
    text.out.note("note Bearer something-else");
    expect(text.stdout() + text.stderr()).toBe(
        "line [secret removed]\ncell [secret removed]\nnote Bearer [token removed]\n",
    );
    const json = output(true);
    json.out.keepSecret("opaque-token-1234");
    json.out.result({ nested: { message: "quoted opaque-token-1234 and eyJa.eyJb.sig" } });
    json.out.error(1, "failed: opaque-token-1234");
    expect(json.stdout()).toBe(
        `${JSON.stringify({ nested: { message: "quoted [secret removed] and [token removed]" } }, null, 2)}\n${JSON.stringify({ error: { exitCode: 1, message: "failed: [secret removed]" } }, null, 2)}\n`,
    );
    expect(json.stderr()).toBe("amc: failed: [secret removed]\n");
});

it("neutralises control, bidi and line-separator characters: spaces in text, \\u escapes in JSON", () => {
    const name = "a\u202eb\u2066c\u2028d\u0085e\u001bf\u200fg";
    const text = output(false);
    text.out.line(name);
    expect(text.stdout()).toBe("a b c d e f g\n");
    const json = output(true);
    json.out.result({ name });
    expect(json.stdout()).toContain(String.raw`"a\u202eb\u2066c\u2028d\u0085e\u001bf\u200fg"`);
    expect((JSON.parse(json.stdout()) as { name: string }).name).toBe(name);
});

it("leaves what is not a token alone", () => {
    const plainText = "The bearer of this message, id 5f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5";
    expect(redact(plainText)).toBe(plainText);
});

it("quotes a suggested command's words for a POSIX shell only where they are not plain", () => {
    expect(shellCommand("amc", "check", "jane.doe@contoso.example", "--url", "http://[::1]:8080")).toBe(
        "amc check jane.doe@contoso.example --url 'http://[::1]:8080'",
    );
    expect(shellCommand("amc", "set", "o'brien $(rm -rf ~)", "read")).toBe(`amc set 'o'\\''brien $(rm -rf ~)' read`);
});
