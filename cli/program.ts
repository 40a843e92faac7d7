/**
 * The `amc` command line (commander): its commands and options, the session each command runs in, and the one place that
 * turns a failure into one sentence on stderr and an exit code (0 done, 1 failed, 2 usage, 3 refused, 4 findings).
 */
import { Command, CommanderError, Option } from "commander";
import type { TokenCredential } from "@azure/identity";
import { CheckFailure } from "../AccessModeControl/dataverse/responses";
import { WritableMode } from "../AccessModeControl/domain/accessMode";
import { AUTH_KINDS, AuthKind, AuthOptions, createCredential, tokenSource } from "./auth";
import { VERSION } from "./built";
import { audit } from "./commands/audit";
import { check, CHECK_INTERVAL_MS, CheckOptions } from "./commands/check";
import { create } from "./commands/create";
import { failureText, Session, WriteFlags } from "./commands/session";
import { set } from "./commands/set";
import { status } from "./commands/status";
import { AmcError, ExitCode, sentence, usage } from "./errors";
import { MODE_NAMES, parseModeName } from "./rules";
import { capped, Output, Streams } from "./output";
import { Questions, questions } from "./prompt";
import { DEFAULT_TIMEOUT_MS, sleep, WebApi } from "./webApi";

interface Dependencies extends Streams {
    env: NodeJS.ProcessEnv;
    /** The credential for --auth; @azure/identity's by default (tests inject their own). */
    credential?: (options: AuthOptions) => TokenCredential;
    fetch?: typeof fetch;
    sleep?: (ms: number) => Promise<void>;
    pageSize?: number;
}

interface ConnectionOptions {
    url?: string;
    auth: AuthKind;
    clientId?: string;
    tenant?: string;
    json?: boolean;
    timeout: number;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]", "localhost"]);

/** The environment's origin from --url: https, or plain http to a loopback address only; nothing but the address itself. */
function environmentOrigin(text: string | undefined): string {
    if (text === undefined || text.trim() === "")
        throw usage("Give the environment URL with --url (or AMC_URL), e.g. --url https://contoso.crm.dynamics.com");
    // A user name or password in the URL is never repeated, whatever else is wrong with it: a URL with an @ is not echoed.
    if (/^[^/?#]*\/\/[^/?#]*@/.test(text.trim()))
        throw usage("--url must not carry a user name or password; sign in with --auth instead");
    let url: URL;
    try {
        url = new URL(text.trim());
    } catch {
        throw usage(
            `${text.includes("@") ? "--url" : `"${text}"`} is not a URL; give the environment URL, e.g. https://contoso.crm.dynamics.com`,
        );
    }
    if (url.username !== "" || url.password !== "")
        throw usage("--url must not carry a user name or password; sign in with --auth instead");
    if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname))) {
        throw usage(
            `--url must use https (plain http only for 127.0.0.1, ::1 or localhost), not ${url.protocol}//${url.host}`,
        );
    }
    if (url.pathname !== "/" || url.search !== "" || url.hash !== "")
        throw usage(`--url must be the environment's address alone: ${url.origin}`);
    return url.origin;
}

function seconds(value: string): number {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 1 || n > 600)
        throw usage(`--timeout must be a number of seconds from 1 to 600, not "${value}"`);
    return n;
}

const UNITS_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000 };
const LONGEST_WAIT_MS = 24 * 3_600_000;

/** --wait: "90" or "90s", "15m", "2h"; from 1 second to 24 hours. */
function duration(value: string): number {
    const match = /^(\d+(?:\.\d+)?)\s*([smh]?)$/.exec(value.trim());
    const ms = match === null ? NaN : Number(match[1]) * UNITS_MS[match[2] || "s"];
    if (!(ms >= 1000 && ms <= LONGEST_WAIT_MS))
        throw usage(`--wait must be a duration from 1s to 24h, like 90s, 15m or 2h, not "${value}"`);
    return ms;
}

function expectedMode(value: string): WritableMode {
    const mode = parseModeName(value);
    if (mode === null) throw usage(`--expect must be one of ${Object.keys(MODE_NAMES).join(", ")}, not "${value}"`);
    return mode;
}

/** `amc check`'s options: --wait only with --expect. */
function checkOptions(options: { expect?: WritableMode; wait?: number }, deps: Dependencies): CheckOptions {
    if (options.wait !== undefined && options.expect === undefined)
        throw usage("--wait needs --expect <mode>: the mode to wait for");
    return { expect: options.expect ?? null, waitMs: options.wait ?? null, sleep: deps.sleep ?? sleep };
}

function withConnection(command: Command): Command {
    return command
        .option("--url <url>", "the environment URL, e.g. https://contoso.crm.dynamics.com (default: $AMC_URL)")
        .addOption(new Option("--auth <kind>", "how to sign in").choices(AUTH_KINDS).default("azure-cli"))
        .option("--client-id <id>", "the app (client) id for device-code, or a user-assigned managed identity")
        .option("--tenant <id>", "the Entra tenant (id or domain) to sign in to")
        .option("--json", "machine-readable output on stdout, nothing else there")
        .addOption(
            new Option("--timeout <seconds>", "how long one request may take")
                .argParser(seconds)
                .default(DEFAULT_TIMEOUT_MS / 1000),
        );
}

function withWrite(command: Command): Command {
    return command
        .option("--dry-run", "show what would be done, change nothing")
        .option("-y, --yes", "confirm the change without asking (needed when stdin is not a terminal)")
        .option(
            "--acknowledge",
            "acknowledge the risk the rules name, without asking (needed when stdin is not a terminal)",
        );
}

function writeFlags(options: { yes?: boolean; acknowledge?: boolean; dryRun?: boolean }): WriteFlags {
    return { yes: options.yes === true, acknowledge: options.acknowledge === true, dryRun: options.dryRun === true };
}

/** One sentence for a request that failed: what, why, and what to do. */
function failureSentence(error: CheckFailure): string {
    const why = failureText(error);
    if (error.status === 401)
        return `${sentence(`Dataverse refused the sign-in (${why})`)} Check that the signed-in account is a user of this environment, and sign in again.`;
    if (error.status === 403)
        return `${sentence(`Dataverse refused the request (${why})`)} The signed-in account lacks a privilege it needs; ask for the System Administrator role in this environment.`;
    if (error.status !== null && error.status >= 300 && error.status < 400)
        return `${sentence(`Dataverse answered with a redirect (${why})`)} amc follows no redirect: check that --url is the environment's own address.`;
    if (error.status === 429 || error.status === 503)
        return `${sentence(`Dataverse is busy (${why})`)} Try again in a few minutes.`;
    if (error.kind === "network" || error.kind === "timeout")
        return `${sentence(`Dataverse could not be reached (${why})`)} Check the --url and the network, then try again.`;
    return `${sentence(`Dataverse failed to answer (${why})`)} Try again; if it persists, check the environment in the Power Platform admin center.`;
}

/** Commander's message ("error: unknown option '--colour'", at times with a second sentence or a "(Did you mean …?)" line) as one sentence. */
function parseErrorSentence(message: string): string {
    const said = message
        .replace(/^error: /, "")
        .replace(/\s*\n\s*\(Did/, " (did")
        .replace(/\.\s+([A-Z])/g, (_, next: string) => `: ${next.toLowerCase()}`)
        .replace(/[\s.]+$/, "");
    return `${said.charAt(0).toUpperCase()}${said.slice(1)}; \`amc <command> --help\` shows the command's usage`;
}

/** The secrets of the environment that Output never shows. */
function secretsOf(env: NodeJS.ProcessEnv): string[] {
    return [env.AZURE_CLIENT_SECRET, env.AZURE_CLIENT_CERTIFICATE_PASSWORD].filter((s): s is string => !!s);
}

/** Shows a failure as one sentence (stderr, and with --json the JSON result too); returns its exit code. */
function fail(out: Output, error: unknown): number {
    const [code, message] =
        error instanceof CommanderError
            ? [ExitCode.Usage, parseErrorSentence(error.message)]
            : error instanceof AmcError
              ? [error.exitCode, error.message]
              : error instanceof CheckFailure
                ? [ExitCode.Failed, failureSentence(error)]
                : [
                      ExitCode.Failed,
                      `amc failed unexpectedly (${capped(error instanceof Error ? error.message : String(error))}); please report it with the command you ran.`,
                  ];
    out.error(code, sentence(message));
    return code;
}

/** The session a command runs in: the environment, the sign-in and the Web API client its options ask for. */
function openSession(deps: Dependencies, options: ConnectionOptions, out: Output, asked: Questions): Session {
    const origin = environmentOrigin(options.url ?? deps.env.AMC_URL);
    const timeoutMs = options.timeout * 1000;
    const authOptions: AuthOptions = {
        kind: options.auth,
        clientId: options.clientId,
        tenant: options.tenant,
        env: deps.env,
        timeoutMs,
        prompt: (message) => out.note(message),
    };
    const credential = (deps.credential ?? createCredential)(authOptions);
    const api = new WebApi({
        origin,
        token: tokenSource(credential, origin, options.auth, { timeoutMs, onToken: (token) => out.keepSecret(token) }),
        fetch: deps.fetch,
        sleep: deps.sleep,
        timeoutMs,
        pageSize: deps.pageSize,
        onWait: (ms, status) =>
            out.note(
                `Dataverse answered ${status} (busy): waiting ${Math.ceil(ms / 1000)} s as it asks, then trying again…`,
            ),
    });
    return { api, out, streams: deps, origin, questions: asked };
}

/** Runs a command with the output its parsed options ask for (--json), which also shows its failure; its exit code. */
async function runCommand(
    deps: Dependencies,
    options: ConnectionOptions,
    command: (session: Session) => Promise<number>,
): Promise<number> {
    const out = new Output(deps, options.json === true, secretsOf(deps.env));
    const asked = questions(deps.stdin, out);
    try {
        return await command(openSession(deps, options, out, asked));
    } catch (error) {
        return fail(out, error);
    } finally {
        asked.close();
    }
}

/** Runs a command and keeps its exit code. */
type Runner = (options: ConnectionOptions, command: (session: Session) => Promise<number>) => Promise<void>;

/** The program and its options, with help and errors written to the given streams; its actions run through `runs`. */
function buildProgram(deps: Dependencies, runs: Runner): Command {
    const program = new Command("amc")
        .description(
            "Access modes of Dataverse users, with the rules of the AccessModeControl: seats, audit, changes, non-interactive users.",
        )
        .version(VERSION, "--version", "the version of amc")
        .exitOverride()
        // Parse errors are shown by fail(), as one sentence like every other error; help still goes to stdout.
        .configureOutput({
            writeOut: (s) => deps.stdout.write(s),
            writeErr: (s) => deps.stderr.write(s),
            outputError: () => undefined,
        })
        .addHelpText(
            "after",
            "\nExit codes: 0 done, 1 failed (network, sign-in, server; also a change that did not hold, or a check that cannot tell), 2 usage error, 3 refused by a rule or not confirmed, 4 audit findings, or a check not as expected.",
        );
    addReadCommands(program, deps, runs);
    addWriteCommands(program, runs);
    return program;
}

/** status, audit and check: they read and change nothing. */
function addReadCommands(program: Command, deps: Dependencies, runs: Runner): void {
    withConnection(
        program.command("status").description("the seats, and every user whose access mode is not Read-Write"),
    ).action((options: ConnectionOptions) => runs(options, status));
    withConnection(
        program
            .command("audit")
            .description(
                "what to act on: licences to free, seats, resets by the directory sync, disabled accounts (exit code 4 when any)",
            ),
    ).action((options: ConnectionOptions) => runs(options, audit));
    withConnection(
        program
            .command("check")
            .description(
                "one user's access mode, seat, licence and latest access mode change; with --expect, whether it is as expected (exit code 4 when not)",
            )
            .argument("<user>", "the user's id, user name (domainname) or email address (internalemailaddress)")
            .addOption(
                new Option(
                    "--expect <mode>",
                    "the access mode it should have: non-interactive, read-write, administrative or read",
                ).argParser(expectedMode),
            )
            .addOption(
                new Option(
                    "--wait <duration>",
                    `with --expect: re-check every ${CHECK_INTERVAL_MS / 1000} s until it holds steadily, it changes, or this time is up (e.g. 15m, 2h)`,
                ).argParser(duration),
            ),
    ).action((user: string, options: ConnectionOptions & { expect?: WritableMode; wait?: number }) =>
        runs(options, (session) => check(session, user, checkOptions(options, deps))),
    );
}

/** set and create: they write, after the rules and a confirmation. */
function addWriteCommands(program: Command, runs: Runner): void {
    withWrite(
        withConnection(
            program
                .command("set")
                .description("change a user's access mode with the control's rules, then read it back")
                .argument("<user>", "the user's id, user name (domainname) or email address (internalemailaddress)")
                .argument("<mode>", "non-interactive, read-write, administrative or read"),
        ),
    ).action((user: string, mode: string, options: ConnectionOptions & WriteFlags) =>
        runs(options, (session) => set(session, user, mode, writeFlags(options))),
    );
    withWrite(
        withConnection(
            program
                .command("create")
                .description("create a user that is non-interactive from the start")
                .requiredOption("--first <name>", "first name (required)")
                .requiredOption("--last <name>", "last name (required)")
                .requiredOption("--business-unit <name or id>", "the business unit (required)")
                .requiredOption("--upn <name>", "the user's principal name in Entra (required)"),
        ),
    ).action(
        (
            options: ConnectionOptions &
                WriteFlags & { first: string; last: string; businessUnit: string; upn: string },
        ) =>
            runs(options, (session) =>
                create(
                    session,
                    { first: options.first, last: options.last, businessUnit: options.businessUnit, upn: options.upn },
                    writeFlags(options),
                ),
            ),
    );
}

export async function run(argv: readonly string[], deps: Dependencies): Promise<number> {
    let exitCode: number = ExitCode.Done;
    const program = buildProgram(deps, async (options, command) => {
        exitCode = await runCommand(deps, options, command);
    });
    if (argv.length === 0) {
        deps.stderr.write(program.helpInformation());
        return ExitCode.Usage;
    }
    try {
        await program.parseAsync([...argv], { from: "user" });
    } catch (error) {
        if (error instanceof CommanderError && error.exitCode === 0) return ExitCode.Done; // --help, --version
        // Parsing stopped before any command ran: --json counts if commander had parsed it by then.
        return fail(
            new Output(
                deps,
                program.commands.some((command) => command.opts().json === true),
                secretsOf(deps.env),
            ),
            error,
        );
    }
    return exitCode;
}
