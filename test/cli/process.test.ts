/**
 * The real command as a process: exit codes, --json parsed, the refusal to write without --yes when stdin is not a
 * terminal, --help, signing in through the real AzureCliCredential (a fake az on PATH), and no token ever printed.
 * Each spawn costs 0.15–0.35 s on two cores (the fake az is a second Node process), so the cases are few and each
 * checks several things.
 */
import { DataverseServer, startDataverse } from "../../testkit/dataverseServer";
import { amcProcess, buildCli } from "../helpers/amcProcess";
import { ADMIN, environment, INTEGRATION, JANE, RESET, RETIRED, TOKEN, user } from "../../testkit/amcEnvironment";

jest.setTimeout(30_000);

let server: DataverseServer;
beforeAll(async () => {
    buildCli();
    server = await startDataverse({ environment: environment() });
});
afterAll(() => server.close());

const noToken = (run: { stdout: string; stderr: string }): void => {
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
    expect(run.stdout + run.stderr).not.toContain("eyJ");
};

it("amc --help lists the commands and the exit codes", async () => {
    const run = await amcProcess(["--help"]);
    expect(run.code).toBe(0);
    for (const command of ["status", "audit", "check [options] <user>", "set [options] <user> <mode>", "create"])
        expect(run.stdout).toContain(command);
    expect(run.stdout).toContain(
        "Exit codes: 0 done, 1 failed (network, sign-in, server; also a change that did not hold, or a check that cannot tell)",
    );
    expect(run.stdout).toContain("4 audit findings, or a check not as expected");
    expect(run.azCalls).toEqual([]);
});

it("stops quietly when the reader of its output goes away (amc … | head -1)", async () => {
    // About 300 KB of rows, several times a pipe's buffer (64 KiB): amc is still writing when the reader has gone.
    const many = await startDataverse({
        environment: environment({
            users: [ADMIN, ...Array.from({ length: 3000 }, (_, i) => user(`Bot ${i}`, { accessmode: 1 }))],
        }),
    });
    try {
        const run = await amcProcess(["status", "--url", many.origin], { readFirstLineOnly: true });
        expect(run.stderr).toBe("");
        expect(run.code).toBe(0);
    } finally {
        await many.close();
    }
});

it("status --json: JSON alone on stdout, signed in with az for <url>/.default", async () => {
    const run = await amcProcess(["status", "--url", server.origin, "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
        url: server.origin,
        seats: { nonInteractiveInUse: 2, nonInteractiveLimit: 7 },
    });
    expect(run.stderr).toBe("");
    expect(run.azCalls).toEqual([["account", "get-access-token", "--output", "json", "--resource", server.origin]]);
    noToken(run);
});

it("audit exits 4 with its findings, for a schedule", async () => {
    const run = await amcProcess(["audit", "--url", server.origin, "--json"]);
    expect(run.code).toBe(4);
    const ids = (JSON.parse(run.stdout) as { findings: { user: string }[] }).findings.map((f) => f.user);
    expect(ids).toEqual([INTEGRATION.systemuserid, RETIRED.systemuserid, RESET.systemuserid]);
    noToken(run);
});

it("set refuses to write without --yes when stdin is not a terminal (exit 2), and writes with it", async () => {
    const before = server.requests.length;
    const refused = await amcProcess(["set", JANE.domainname, "administrative", "--url", server.origin], {
        input: "y\n",
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("run again with --yes to confirm the change");
    expect(server.requests.slice(before).filter((r) => r.method !== "GET")).toEqual([]);

    const done = await amcProcess(["set", JANE.domainname, "administrative", "--url", server.origin, "--yes"]);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain("Done: Access Mode of Jane Doe now reads back as Administrative.");
    expect(
        server.requests
            .slice(before)
            .filter((r) => r.method !== "GET")
            .map((r) => r.body),
    ).toEqual(['{"accessmode":1}']);
    noToken(done);
});

it("a sign-in that az refuses is one sentence with exit code 1", async () => {
    const run = await amcProcess(["status", "--url", server.origin], {
        env: { FAKE_AZ_FAIL: "ERROR: Please run 'az login' to setup account." },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
        "amc: Sign-in (--auth azure-cli) failed: Please run 'az login' from a command prompt to authenticate before using this credential. To fix it, run `az login` (with an account that is a user of the environment) and try again.\n",
    );
});
