/**
 * The `amc` command line (commander): its commands and options, the session each command runs in, and the one place that
 * turns a failure into one sentence on stderr and an exit code (0 done, 1 failed, 2 usage, 3 refused, 4 findings).
 */
import { Command, CommanderError, Option } from "commander";
import type { TokenCredential } from "@azure/identity";
import { CheckFailure } from "../AccessModeControl/dataverse/responses";
import { describeFailure } from "../AccessModeControl/presentation/viewModel";
import { AUTH_KINDS, AuthKind, AuthOptions, createCredential, redact, tokenSource } from "./auth";
import { VERSION } from "./built";
import { audit } from "./commands/audit";
import { create } from "./commands/create";
import { Session, WriteFlags } from "./commands/session";
import { set } from "./commands/set";
import { status } from "./commands/status";
import { AmcError, ExitCode, sentence, usage } from "./errors";
import { Output, Streams } from "./output";
import { Questions, questions } from "./prompt";
import { texts } from "./texts";
import { DEFAULT_TIMEOUT_MS, WebApi } from "./webApi";

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
    if (text === undefined || text.trim() === "") throw usage("Give the environment URL with --url (or AMC_URL), e.g. --url https://contoso.crm.dynamics.com");
    let url: URL;
    try {
        url = new URL(text.trim());
    } catch {
        throw usage(`"${text}" is not a URL; give the environment URL, e.g. https://contoso.crm.dynamics.com`);
    }
    if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname))) {
        throw usage(`--url must use https (plain http only for 127.0.0.1, ::1 or localhost), not ${url.protocol}//${url.host}`);
    }
    if (url.username !== "" || url.password !== "") throw usage("--url must not carry a user name or password; sign in with --auth instead");
    if (url.pathname !== "/" || url.search !== "" || url.hash !== "") throw usage(`--url must be the environment's address alone: ${url.origin}`);
    return url.origin;
}

function seconds(value: string): number {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 1 || n > 600) throw usage(`--timeout must be a number of seconds from 1 to 600, not "${value}"`);
    return n;
}

function withConnection(command: Command): Command {
    return command
        .option("--url <url>", "the environment URL, e.g. https://contoso.crm.dynamics.com (default: $AMC_URL)")
        .addOption(new Option("--auth <kind>", "how to sign in").choices(AUTH_KINDS).default("azure-cli"))
        .option("--client-id <id>", "the app (client) id for device-code, or a user-assigned managed identity")
        .option("--tenant <id>", "the Entra tenant (id or domain) to sign in to")
        .option("--json", "machine-readable output on stdout, nothing else there")
        .addOption(new Option("--timeout <seconds>", "how long one request may take").argParser(seconds).default(DEFAULT_TIMEOUT_MS / 1000));
}

function withWrite(command: Command): Command {
    return command
        .option("--dry-run", "show what would be done, change nothing")
        .option("-y, --yes", "confirm the change without asking (needed when stdin is not a terminal)")
        .option("--acknowledge", "acknowledge the risk the rules name, without asking (needed when stdin is not a terminal)");
}

function writeFlags(options: { yes?: boolean; acknowledge?: boolean; dryRun?: boolean }): WriteFlags {
    return { yes: options.yes === true, acknowledge: options.acknowledge === true, dryRun: options.dryRun === true };
}

/** One sentence for a request that failed: what, why, and what to do. */
function failureSentence(error: CheckFailure): string {
    const why = describeFailure(error, texts());
    if (error.status === 401) return `${sentence(`Dataverse refused the sign-in (${why})`)} Check that the signed-in account is a user of this environment, and sign in again.`;
    if (error.status === 403) return `${sentence(`Dataverse refused the request (${why})`)} The signed-in account lacks a privilege it needs; ask for the System Administrator role in this environment.`;
    if (error.status === 429 || error.status === 503) return `${sentence(`Dataverse is busy (${why})`)} Try again in a few minutes.`;
    if (error.kind === "network" || error.kind === "timeout") return `${sentence(`Dataverse could not be reached (${why})`)} Check the --url and the network, then try again.`;
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

/** Shows a failure as one sentence (stderr, and with --json the JSON result too); returns its exit code. */
function fail(out: Output, error: unknown): number {
    const [code, message] =
        error instanceof CommanderError
            ? [ExitCode.Usage, parseErrorSentence(error.message)]
            : error instanceof AmcError
              ? [error.exitCode, error.message]
              : error instanceof CheckFailure
                ? [ExitCode.Failed, failureSentence(error)]
                : [ExitCode.Failed, `amc failed unexpectedly (${redact(error instanceof Error ? error.message : String(error))}); please report it with the command you ran.`];
    out.error(code, sentence(message));
    return code;
}

export async function run(argv: readonly string[], deps: Dependencies): Promise<number> {
    let exitCode: number = ExitCode.Done;

    const openSession = (options: ConnectionOptions, out: Output, asked: Questions): Session => {
        const origin = environmentOrigin(options.url ?? deps.env.AMC_URL);
        const authOptions: AuthOptions = { kind: options.auth, clientId: options.clientId, tenant: options.tenant, env: deps.env, prompt: (message) => out.note(message) };
        const credential = (deps.credential ?? createCredential)(authOptions);
        const secrets = [deps.env.AZURE_CLIENT_SECRET, deps.env.AZURE_CLIENT_CERTIFICATE_PASSWORD].filter((s): s is string => !!s);
        const api = new WebApi({
            origin,
            token: tokenSource(credential, origin, options.auth, secrets),
            fetch: deps.fetch,
            sleep: deps.sleep,
            timeoutMs: options.timeout * 1000,
            pageSize: deps.pageSize,
            onWait: (ms, status) => out.note(`Dataverse answered ${status} (busy): waiting ${Math.ceil(ms / 1000)} s as it asks, then trying again…`),
        });
        return { api, out, streams: deps, origin, questions: asked };
    };

    /** Runs a command with the output its parsed options ask for (--json), which also shows its failure. */
    const runCommand = async (options: ConnectionOptions, command: (session: Session) => Promise<number>): Promise<void> => {
        const out = new Output(deps, options.json === true);
        const asked = questions(deps.stdin, out);
        try {
            exitCode = await command(openSession(options, out, asked));
        } catch (error) {
            exitCode = fail(out, error);
        } finally {
            asked.close();
        }
    };

    const program = new Command("amc")
        .description("Access modes of Dataverse users, with the rules of the AccessModeControl: seats, audit, changes, non-interactive users.")
        .version(VERSION, "--version", "the version of amc")
        .exitOverride()
        // Parse errors are shown by fail(), as one sentence like every other error; help still goes to stdout.
        .configureOutput({ writeOut: (s) => deps.stdout.write(s), writeErr: (s) => deps.stderr.write(s), outputError: () => undefined })
        .addHelpText("after", "\nExit codes: 0 done, 1 failed (network, sign-in, server), 2 usage error, 3 refused by a rule or not confirmed, 4 audit findings.");

    withConnection(program.command("status").description("the seats, and every user whose access mode is not Read-Write")).action((options: ConnectionOptions) => runCommand(options, status));
    withConnection(program.command("audit").description("what to act on: licences to free, seats, resets by the directory sync, disabled accounts (exit code 4 when any)")).action(
        (options: ConnectionOptions) => runCommand(options, audit),
    );
    withWrite(
        withConnection(
            program
                .command("set")
                .description("change a user's access mode with the control's rules, then read it back")
                .argument("<user>", "the user's id, user name (domainname) or email address (internalemailaddress)")
                .argument("<mode>", "non-interactive, read-write, administrative or read"),
        ),
    ).action((user: string, mode: string, options: ConnectionOptions & WriteFlags) => runCommand(options, (session) => set(session, user, mode, writeFlags(options))));
    withWrite(
        withConnection(
            program
                .command("create")
                .description("create a user that is non-interactive from the start")
                .requiredOption("--first <name>", "first name")
                .requiredOption("--last <name>", "last name")
                .requiredOption("--business-unit <name or id>", "the business unit")
                .option("--object-id <id>", "the user's Entra object id")
                .option("--upn <name>", "the user's principal name (sets domainname and internalemailaddress)"),
        ),
    ).action((options: ConnectionOptions & WriteFlags & { first: string; last: string; businessUnit: string; objectId?: string; upn?: string }) =>
        runCommand(options, (session) => create(session, { first: options.first, last: options.last, businessUnit: options.businessUnit, objectId: options.objectId, upn: options.upn }, writeFlags(options))),
    );

    if (argv.length === 0) {
        deps.stderr.write(program.helpInformation());
        return ExitCode.Usage;
    }
    try {
        await program.parseAsync([...argv], { from: "user" });
    } catch (error) {
        if (error instanceof CommanderError && error.exitCode === 0) return ExitCode.Done; // --help, --version
        // Parsing stopped before any command ran: --json counts if commander had parsed it by then.
        return fail(new Output(deps, program.commands.some((command) => command.opts().json === true)), error);
    }
    return exitCode;
}
