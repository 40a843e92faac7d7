/**
 * Runs the `amc` command line in this process against a scripted Dataverse on 127.0.0.1: the real program, client and
 * commands, with an injected credential (a fixed token, no sign-in), streams that say whether they are terminals, answers
 * typed on stdin, and waits that take no time (recorded instead).
 */
import { PassThrough, Readable } from "node:stream";
import type { TokenCredential } from "@azure/identity";
import { AuthOptions, createCredential } from "../../cli/auth";
import { run } from "../../cli/program";
import { DataverseServer, LoggedRequest, Scenario, startDataverse } from "../../testkit/dataverseServer";
import { staticCredential } from "../../testkit/amcEnvironment";

export interface AmcOptions {
    /** Which streams are terminals (none by default, as when piped or scheduled). */
    tty?: { stdin?: boolean; stdout?: boolean; stderr?: boolean };
    /** Lines typed on stdin, one per question. */
    answers?: readonly string[];
    env?: NodeJS.ProcessEnv;
    pageSize?: number;
    /** Omit --url (the test gives its own, or AMC_URL). */
    noUrl?: boolean;
    /**
     * Sign in with @azure/identity's own credential for --auth, instead of the fixed token: only `environment` and
     * `managed-identity`, which the tests point at loopback. `azure-cli` would run the real `az` and `device-code` a real
     * sign-in in this process (amcProcess runs the fake `az`), so they are refused.
     */
    realSignIn?: boolean;
    /** Told of the options amc makes its credential from (with the fixed token still used, unless realSignIn). */
    onSignIn?: (options: AuthOptions) => void;
}

export interface AmcRun {
    code: number;
    stdout: string;
    stderr: string;
    /** Every Web API request the server saw. */
    requests: LoggedRequest[];
    /** The requests that were not GET. */
    writes: LoggedRequest[];
    /** The waits amc asked for, in ms. */
    waits: number[];
    /** What the scripted Dataverse did not expect (must stay empty). */
    unexpected: string[];
    /** The parsed stdout, for --json runs. */
    json(): unknown;
}

function collect(tty: boolean | undefined): PassThrough & { isTTY?: boolean; text(): string } {
    const stream = new PassThrough() as PassThrough & { isTTY?: boolean; text(): string };
    let text = "";
    stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
    stream.isTTY = tty;
    stream.text = () => text;
    return stream;
}

/** Runs one command against a server started for `scenario` (or a running one), and closes what it started. */
export async function amc(
    args: readonly string[],
    scenario: Scenario | DataverseServer,
    options: AmcOptions = {},
): Promise<AmcRun> {
    const server = "origin" in scenario ? scenario : await startDataverse(scenario);
    const before = server.requests.length;
    const stdout = collect(options.tty?.stdout);
    const stderr = collect(options.tty?.stderr);
    const stdin = Readable.from(options.answers?.map((a) => `${a}\n`) ?? []) as Readable & { isTTY?: boolean };
    stdin.isTTY = options.tty?.stdin;
    const waits: number[] = [];
    const refused: Error[] = [];
    const credential = (auth: AuthOptions): TokenCredential => {
        options.onSignIn?.(auth);
        if (!options.realSignIn) return staticCredential;
        if (auth.kind === "azure-cli" || auth.kind === "device-code") {
            refused.push(
                new Error(
                    `amc(…, { realSignIn: true }) refuses --auth ${auth.kind}: in this process it would ${auth.kind === "azure-cli" ? "run the real az (use amcProcess, which runs the fake one)" : "start a real sign-in"}.`,
                ),
            );
            throw refused[0];
        }
        return createCredential(auth);
    };
    try {
        const code = await run(options.noUrl ? args : [...args, "--url", server.origin], {
            stdout,
            stderr,
            stdin,
            env: options.env ?? {},
            credential,
            sleep: (ms) => {
                waits.push(ms);
                return Promise.resolve();
            },
            pageSize: options.pageSize,
        });
        if (refused.length > 0) throw refused[0];
        const requests = server.requests.slice(before);
        return {
            code,
            stdout: stdout.text(),
            stderr: stderr.text(),
            requests,
            writes: requests.filter((r) => r.method !== "GET"),
            waits,
            unexpected: [...server.unexpected],
            json: () => JSON.parse(stdout.text()) as unknown,
        };
    } finally {
        if (server !== scenario) await server.close();
    }
}
