/**
 * The real `amc` (cli/bin/amc.cjs) against a hostile Dataverse on loopback and a misbehaving `az`: one process per case,
 * a few at a time. Each case checks the exit code, the sentence, that the token is in neither stream (a recognisable one
 * that is not a JWT, so only the redaction of the token itself can hide it), and the writes in the server's log.
 * The promises they prove are listed in docs/security.md.
 */
import { spawnSync } from "node:child_process";
import { DataverseServer, dataverseError, Reply, Scenario, startDataverse } from "../../testkit/dataverseServer";
import { EnvironmentOptions, environment, JANE, RETIRED, user } from "../../testkit/amcEnvironment";
import { amcProcess, buildCli, ProcessRun } from "../helpers/amcProcess";

jest.setTimeout(30_000);
beforeAll(() => buildCli());

/** What the fake `az` hands out and the server wants: not JWT-shaped, so only the redaction of the token itself hides it. */
const SECRET = "amc-hostile-TOKEN-5f3a9c71d2";
const EVIL_HOST = "evil.example:8443";

function hostileEnvironment(options: EnvironmentOptions = {}): Scenario["environment"] {
    return environment({ token: SECRET, ...options });
}

interface Case {
    run: ProcessRun;
    server: DataverseServer;
    writes: string[];
}

/** Runs amc once against a server started for the scenario (--url added unless the args have one), then closes it. */
async function hostile(
    args: readonly string[],
    scenario: Scenario,
    options: { env?: NodeJS.ProcessEnv; readFirstLineOnly?: boolean; host?: string; killAfterMs?: number } = {},
): Promise<Case> {
    const server = await startDataverse(scenario, options.host);
    try {
        const url = args.includes("--url") ? [] : ["--url", server.origin];
        const run = await amcProcess([...args, ...url], {
            env: { FAKE_AZ_TOKEN: SECRET, ...options.env },
            readFirstLineOnly: options.readFirstLineOnly,
            killAfterMs: options.killAfterMs,
        });
        expect(run.stdout + run.stderr).not.toContain(SECRET);
        expect(server.unexpected).toEqual([]);
        const writes = server.requests
            .filter((r) => r.method !== "GET")
            .map((r) => `${r.method} ${r.resource} ${r.body ?? ""}`);
        return { run, server, writes };
    } finally {
        await server.close();
    }
}

/** One error sentence on stderr, and nothing else there. */
function oneSentence(run: ProcessRun): string {
    expect(run.stderr).toMatch(/^amc: [^\n]+\.\n$/);
    return run.stderr;
}

const faults = (routes: Scenario["faults"], options: EnvironmentOptions = {}): Scenario => ({
    environment: hostileEnvironment(options),
    faults: routes,
});
const janeToAdministrative = `PATCH systemusers(${JANE.systemuserid}) {"accessmode":1}`;

describe("secrets", () => {
    it.concurrent.each<[string, Reply]>([
        [
            "an error message that quotes the Authorization header (and runs on)",
            dataverseError(
                500,
                "0x80040216",
                `Request failed. Authorization: Bearer ${SECRET}; ${"A".repeat(5000)}\u2029tail`,
            ),
        ],
        [
            "an HTML error page that quotes it",
            {
                status: 502,
                rawBody: `<html><body><h1>502 Bad Gateway</h1><pre>authorization: bearer ${SECRET}</pre></body></html>`,
            },
        ],
        [
            "a message with the token alone",
            dataverseError(400, "0x80040203", `Invalid token ${SECRET} for this organization`),
        ],
    ])("never prints the token, on stderr or in --json: %s", async (_, reply) => {
        const { run } = await hostile(["status", "--json"], faults({ users: reply }));
        expect(run.code).toBe(1);
        const said = oneSentence(run);
        expect(said).toMatch(/\[(token|secret) removed\]/);
        expect(said.length).toBeLessThan(600);
        expect(JSON.parse(run.stdout)).toEqual({ error: { exitCode: 1, message: said.slice("amc: ".length, -1) } });
    });

    it.concurrent("refuses a token with CR/LF in it, before any request (a header value cannot carry it)", async () => {
        const { run, server } = await hostile(
            ["status"],
            { environment: hostileEnvironment() },
            { env: { FAKE_AZ_TOKEN: `${SECRET}\r\nX-Injected: yes` } },
        );
        expect(run.code).toBe(1);
        expect(oneSentence(run)).toBe(
            "amc: Sign-in (--auth azure-cli) gave no usable token. To fix it, run `az login` (with an account that is a user of the environment) and try again.\n",
        );
        expect(server.requests).toEqual([]);
    });

    it.concurrent(
        "takes a sign-in without a token for a failure: no request goes out with `Bearer undefined`",
        async () => {
            const { run, server } = await hostile(
                ["set", JANE.domainname, "administrative", "--yes"],
                { environment: hostileEnvironment() },
                { env: { FAKE_AZ_MODE: "no-token" } },
            );
            expect(run.code).toBe(1);
            expect(oneSentence(run)).toContain("gave no usable token");
            expect(server.requests).toEqual([]);
        },
    );

    it.concurrent("refuses a --url with a user name and password, without repeating the password", async () => {
        const runs = await Promise.all(
            ["https://admin:Pa55-w0rd-xyz@contoso.crm.dynamics.com", "https://admin:Pa55/w0rd-xyz@[not a host"].map(
                (url) => amcProcess(["status", "--url", url]),
            ),
        );
        for (const run of runs) {
            expect(run.code).toBe(2);
            expect(run.stderr).toMatch(
                /^amc: --url (must not carry a user name or password; sign in with --auth instead|is not a URL; give the environment URL, e\.g\. https:\/\/contoso\.crm\.dynamics\.com)\.\n$/,
            );
            expect(run.stderr).not.toContain("w0rd");
            expect(run.azCalls).toEqual([]);
        }
    });
});

describe("signing in", () => {
    it.concurrent("runs az once for a whole `set` (its three first reads ask at the same time)", async () => {
        const { run, writes } = await hostile(["set", JANE.domainname, "administrative", "--yes"], {
            environment: hostileEnvironment(),
        });
        expect(run.code).toBe(0);
        expect(run.azCalls).toHaveLength(1);
        expect(writes).toEqual([janeToAdministrative]);
    });

    it.concurrent("ends a hanging az at --timeout with one sentence and exit code 1", async () => {
        const { run, server } = await hostile(
            ["status", "--timeout", "1"],
            { environment: hostileEnvironment() },
            { env: { FAKE_AZ_MODE: "hang" } },
        );
        expect([run.code, oneSentence(run)]).toEqual([
            1,
            "amc: Sign-in (--auth azure-cli) did not finish within 1 s. To fix it, run `az login` (with an account that is a user of the environment) and try again.\n",
        ]);
        // Without the timeout it would wait for az until the test kills it (exit code null).
        expect(run.ms).toBeLessThan(15_000);
        expect(server.requests).toEqual([]);
    });

    it.concurrent(
        "stops reading an az that talks without end (the token in it), with one sentence and exit code 1",
        async () => {
            const { run, server } = await hostile(
                ["status"],
                { environment: hostileEnvironment() },
                { env: { FAKE_AZ_MODE: "endless" } },
            );
            expect(run.code).toBe(1);
            expect(oneSentence(run)).toMatch(/^amc: Sign-in \(--auth azure-cli\) failed: .{1,320}\. To fix it/);
            expect(server.requests).toEqual([]);
        },
    );
});

describe("the truth about a write", () => {
    it.concurrent.each<[string, Reply]>([
        ["a gateway timeout (504)", { status: 504, rawBody: "<html>504 Gateway Time-out</html>", applyFirst: true }],
        ["a dropped connection", { status: 0, destroy: true, applyFirst: true }],
    ])("reads the user back after %s that followed an applied write, and says what holds", async (_, reply) => {
        const { run, writes } = await hostile(
            ["set", JANE.domainname, "administrative", "--yes"],
            faults({ update: reply }),
        );
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(
            /Done: Access Mode of Jane Doe is now Administrative \(the server's answer was lost: .+\); read back to confirm\./,
        );
        expect(writes).toEqual([janeToAdministrative]);
    });

    it.concurrent(
        "says `not changed` when the answer was lost and the read-back shows the old mode (exit 1), never sending it again",
        async () => {
            const { run, writes } = await hostile(
                ["set", JANE.domainname, "administrative", "--yes"],
                faults({ update: { status: 504, rawBody: "upstream timed out" } }),
            );
            expect(run.code).toBe(1);
            expect(oneSentence(run)).toMatch(
                /^amc: The change was not made \(the server's answer was lost: .*HTTP 504.*\): Access Mode of Jane Doe reads back as Read-Write, not changed\. To try again, run amc set jane\.doe@contoso\.example administrative --url http:\/\/127\.0\.0\.1:\d+\.\n$/,
            );
            expect(writes).toEqual([janeToAdministrative]);
        },
    );

    it.concurrent("says the change was accepted but not confirmed when the read-back fails (exit 1)", async () => {
        const { run, writes } = await hostile(
            ["set", JANE.domainname, "administrative", "--yes"],
            faults({ user: dataverseError(500, "0x80040216", "An unexpected error occurred.") }),
        );
        expect(run.code).toBe(1);
        expect(oneSentence(run)).toMatch(
            /^amc: Dataverse accepted the change, but Jane Doe could not be read back to confirm it \(.+\)\. Check with amc check jane\.doe@contoso\.example --expect administrative --url /,
        );
        expect(writes).toEqual([janeToAdministrative]);
    });

    it.concurrent(
        "says what holds now and how to try again when the change did not hold, with an error object under --json",
        async () => {
            const { run, writes } = await hostile(["set", JANE.domainname, "non-interactive", "--yes", "--json"], {
                environment: hostileEnvironment({ syncResetTo: 1 }),
            });
            expect(run.code).toBe(1);
            const said = oneSentence(run);
            expect(said).toMatch(
                /^amc: The change did not hold: Access Mode of Jane Doe reads back as Administrative, not Non-interactive \(the directory sync may have reset it\)\. Jane Doe is Administrative now; to try again, run amc set jane\.doe@contoso\.example non-interactive --url \S+, and after the next sync check it with amc check jane\.doe@contoso\.example --expect non-interactive --url \S+\.\n$/,
            );
            expect(JSON.parse(run.stdout)).toEqual({ error: { exitCode: 1, message: said.slice("amc: ".length, -1) } });
            expect(writes).toEqual([`PATCH systemusers(${JANE.systemuserid}) {"accessmode":4}`]);
        },
    );

    it.concurrent("ends a change with the reminder to check it after the sync, quoted for the shell", async () => {
        const crafted = user("Crafted Name", { domainname: "o'brien$(touch pwned)@contoso.example" });
        const { run } = await hostile(["set", crafted.domainname, "read", "--yes"], {
            environment: hostileEnvironment({ users: [environment().users.at(0), crafted] }),
        });
        expect(run.code).toBe(0);
        const suggested = /check that it held: (.+)\n$/.exec(run.stdout)?.[1] ?? "";
        // A POSIX shell reads the suggestion as exactly these words, the crafted name as one word and nothing run.
        const words = spawnSync("/bin/sh", ["-c", `set -- ${suggested}; printf '%s\\n' "$@"`], { encoding: "utf8" })
            .stdout.trim()
            .split("\n");
        expect(words).toEqual([
            "amc",
            "check",
            crafted.domainname,
            "--expect",
            "read",
            "--url",
            expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        ]);
    });
});

describe("the record asked for", () => {
    it.concurrent("refuses to write when the server answers another record than the one asked for", async () => {
        const other = { ...environment().users.at(0), systemuserid: "a0000000-0000-4000-8000-0000000000ff" };
        const { run, writes } = await hostile(
            ["set", JANE.systemuserid, "administrative", "--yes"],
            faults({ user: { status: 200, body: other } }),
        );
        expect(run.code).toBe(1);
        expect(oneSentence(run)).toContain(
            `asked for the record ${JANE.systemuserid}, it answered with a0000000-0000-4000-8000-0000000000ff`,
        );
        expect(writes).toEqual([]);
    });

    it.concurrent("refuses to write when the server ignores $filter and answers other users", async () => {
        const everyone = {
            status: 200,
            body: { value: [environment().users.at(0), environment().users.at(1)].map((u) => ({ ...u })) },
        };
        const { run, writes } = await hostile(
            ["set", "nobody@contoso.example", "administrative", "--yes"],
            faults({ users: everyone }),
        );
        expect(run.code).toBe(1);
        expect(oneSentence(run)).toContain("records that do not match the name asked for");
        expect(writes).toEqual([]);
    });

    it.concurrent("puts no id from an answer into a URL unless it is a GUID", async () => {
        const { run, server } = await hostile(
            ["set", JANE.systemuserid, "administrative", "--yes"],
            faults({ user: { status: 200, body: { ...JANE, systemuserid: "x)/../../evil" } } }),
        );
        expect(run.code).toBe(1);
        expect(oneSentence(run)).toContain("a user without a valid id");
        expect(server.requests.every((r) => !r.resource.includes("evil"))).toBe(true);
    });
});

describe("never follow, never hang", () => {
    it.concurrent("follows no redirect of a read, and names where it pointed", async () => {
        const { run, server } = await hostile(
            ["status"],
            faults({
                users: { status: 302, headers: { Location: `https://${EVIL_HOST}/api/data/v9.2/systemusers?steal=1` } },
            }),
        );
        expect(run.code).toBe(1);
        expect(oneSentence(run)).toContain(`a redirect to ${EVIL_HOST}`);
        expect(run.stderr).not.toContain("[e2e-offline]");
        expect(server.requests.filter((r) => r.resource === "systemusers")).toHaveLength(1);
    });

    it.concurrent("follows no redirect of a write: it is sent once, then the user is read back", async () => {
        const { run, writes } = await hostile(
            ["set", JANE.domainname, "administrative", "--yes"],
            faults({ update: { status: 307, headers: { Location: `https://${EVIL_HOST}/steal` } } }),
        );
        expect(run.code).toBe(1);
        expect(oneSentence(run)).toMatch(
            /^amc: The change was not made \(the server's answer was lost: .*a redirect to evil\.example:8443\): .*not changed/,
        );
        expect(run.stderr).not.toContain("[e2e-offline]");
        expect(writes).toEqual([janeToAdministrative]);
    });

    it.concurrent.each<[string, Reply, string]>([
        [
            "the same next-page link again",
            { status: 200, body: { value: [] }, nextLink: "same" },
            "the same next-page link came twice",
        ],
        [
            "a new next-page link without end",
            { status: 200, body: { value: [] }, nextLink: "fresh" },
            "more than 400 pages",
        ],
        ["an answer without end", { status: 200, endlessBody: "[0,".repeat(16_384) }, "an answer larger than 16 MB"],
    ])(
        "stops reading %s, with one sentence",
        async (_, reply, said) => {
            // 400 pages take a second or two; a machine under heavy load may need far longer.
            const { run } = await hostile(["status"], faults({ users: reply }), { killAfterMs: 60_000 });
            expect(run.code).toBe(1);
            expect(oneSentence(run)).toContain(said);
        },
        90_000,
    );

    it.concurrent("neutralises control, bidi and line-separator characters of a name in text and --json", async () => {
        const name = "Mallory\u202eevil\u2028line\u0085next\u001b[31m";
        const odd = user(name, { accessmode: 1 });
        const text = await hostile(["status"], {
            environment: hostileEnvironment({ users: [environment().users.at(0), odd] }),
        });
        const json = await hostile(["status", "--json"], {
            environment: hostileEnvironment({ users: [environment().users.at(0), odd] }),
        });
        // What must never be printed:
        const unsafe =
            // eslint-disable-next-line no-control-regex
            /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
        for (const run of [text.run, json.run]) expect(run.stdout + run.stderr).not.toMatch(unsafe);
        expect(text.run.stdout).toContain("Mallory evil line next [31m");
        expect(json.run.stdout).toContain("Mallory\\u202eevil\\u2028line\\u0085next\\u001b[31m");
        expect(
            (JSON.parse(json.run.stdout) as { users: { fullName: string }[] }).users.map((u) => u.fullName),
        ).toContain(name);
    });

    it.concurrent("keeps a failed or refused exit code when the reader of its output has gone (EPIPE)", async () => {
        // About 400 KB of findings, beyond a pipe's buffer: amc is still writing them when `head -1` has gone.
        const disabled = Array.from({ length: 2000 }, (_, i) =>
            user(`Retired ${i}`, {
                ...RETIRED,
                systemuserid: `a1000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
            }),
        );
        const { run } = await hostile(
            ["audit"],
            { environment: hostileEnvironment({ users: [environment().users.at(0), ...disabled] }) },
            { readFirstLineOnly: true },
        );
        expect(run.code).toBe(4);
        expect(run.stderr).toBe("");
    });

    it.concurrent("works with --url http://[::1]:<port>", async () => {
        const { run } = await hostile(["status", "--json"], { environment: hostileEnvironment() }, { host: "::1" });
        expect(run.code).toBe(0);
        expect(JSON.parse(run.stdout)).toMatchObject({ url: expect.stringMatching(/^http:\/\/\[::1\]:\d+$/) });
        expect(run.azCalls[0]).toEqual([
            "account",
            "get-access-token",
            "--output",
            "json",
            "--resource",
            expect.stringMatching(/^http:\/\/localhost:\d+$/),
        ]);
    });
});
