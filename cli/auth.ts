/**
 * Signing in with @azure/identity: a token for `<environment URL>/.default`, from the kind of credential `--auth` names.
 * One sign-in serves every request of a command, concurrent ones included, until two minutes before the token expires, so
 * AzureCliCredential runs `az` once per command; it must finish within --timeout. Nothing here prints anything: a failure
 * becomes one sentence, and Output removes the token and secrets from whatever is shown.
 */
import {
    AzureCliCredential,
    DeviceCodeCredential,
    EnvironmentCredential,
    ManagedIdentityCredential,
    TokenCredential,
} from "@azure/identity";
import { AmcError, failed, sentence, usage } from "./errors";
import { capped } from "./output";

export const AUTH_KINDS = ["azure-cli", "device-code", "environment", "managed-identity"] as const;
export type AuthKind = (typeof AUTH_KINDS)[number];

export interface AuthOptions {
    kind: AuthKind;
    clientId?: string;
    tenant?: string;
    env: NodeJS.ProcessEnv;
    /** How long a sign-in may take; `az` is stopped after it. */
    timeoutMs: number;
    /** Where the device-code prompt goes (stderr). */
    prompt: (message: string) => void;
}

const HOW_TO_FIX: Record<AuthKind, string> = {
    "azure-cli": "run `az login` (with an account that is a user of the environment) and try again",
    "device-code": "run the command again and finish the sign-in in the browser within the time the code is valid",
    environment:
        "check AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH), and that the application user exists in the environment",
    "managed-identity":
        "run amc where a managed identity is assigned, give --client-id for a user-assigned one, and make sure it is an application user of the environment",
};

export function createCredential(options: AuthOptions): TokenCredential {
    switch (options.kind) {
        case "azure-cli":
            // az's output is read by child_process.exec, which stops it beyond 1 MiB (its maxBuffer).
            return new AzureCliCredential({
                processTimeoutInMs: options.timeoutMs,
                ...(options.tenant ? { tenantId: options.tenant } : {}),
            });
        case "device-code":
            return new DeviceCodeCredential({
                ...(options.clientId ? { clientId: options.clientId } : {}),
                ...(options.tenant ? { tenantId: options.tenant } : {}),
                userPromptCallback: (info) => options.prompt(info.message),
            });
        case "environment": {
            const { AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH } =
                options.env;
            if (!AZURE_TENANT_ID || !AZURE_CLIENT_ID || (!AZURE_CLIENT_SECRET && !AZURE_CLIENT_CERTIFICATE_PATH)) {
                throw usage(
                    "--auth environment needs AZURE_TENANT_ID, AZURE_CLIENT_ID and either AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH set; set them for the application user's app registration",
                );
            }
            return new EnvironmentCredential();
        }
        case "managed-identity":
            return options.clientId
                ? new ManagedIdentityCredential({ clientId: options.clientId })
                : new ManagedIdentityCredential();
    }
}

/** What an Authorization header may carry after "Bearer " (RFC 6750's b64token): nothing else is sent, CR/LF above all. */
const TOKEN_SHAPE = /^[A-Za-z0-9\-._~+/]+=*$/;

/** The scope of the environment's token. The SDK refuses brackets in a scope, so the IPv6 loopback [::1] is named localhost. */
export function tokenScope(origin: string): string {
    return `${origin.replace("//[::1]", "//localhost")}/.default`;
}

/**
 * A token source for the Web API client: one sign-in at a time, shared by the requests that wait for it, within the timeout;
 * every failure one sentence. Each token got is told to `onToken` (for Output to remove it from anything shown).
 */
export function tokenSource(
    credential: TokenCredential,
    origin: string,
    kind: AuthKind,
    options: { timeoutMs: number; onToken?: (token: string) => void },
): () => Promise<string> {
    const late = (): AmcError =>
        failed(
            `Sign-in (--auth ${kind}) did not finish within ${options.timeoutMs / 1000} s. To fix it, ${HOW_TO_FIX[kind]}.`,
        );
    const signIn = async (): Promise<{ token: string; refreshAt: number }> => {
        const abort = new AbortController();
        const started = Date.now();
        let timer: NodeJS.Timeout | undefined;
        // A moment after the timeout the credential has had its chance to stop its own program (az): then amc stops waiting.
        const timedOut = new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
                abort.abort();
                reject(late());
            }, options.timeoutMs + 1000);
        });
        let token;
        try {
            token = await Promise.race([
                credential.getToken(tokenScope(origin), { abortSignal: abort.signal }),
                timedOut,
            ]);
        } catch (error) {
            if (error instanceof AmcError) throw error;
            if (Date.now() - started >= options.timeoutMs) throw late();
            throw failed(
                `${sentence(`Sign-in (--auth ${kind}) failed: ${capped(firstLine(error))}`)} To fix it, ${HOW_TO_FIX[kind]}.`,
            );
        } finally {
            clearTimeout(timer);
        }
        if (typeof token?.token === "string" && token.token !== "") options.onToken?.(token.token);
        if (!token || typeof token.token !== "string" || !TOKEN_SHAPE.test(token.token))
            throw failed(`Sign-in (--auth ${kind}) gave no usable token. To fix it, ${HOW_TO_FIX[kind]}.`);
        return { token: token.token, refreshAt: token.expiresOnTimestamp - 120_000 };
    };
    let current: Promise<{ token: string; refreshAt: number }> | null = null;
    return async () => {
        const seen = current;
        if (seen !== null) {
            const signed = await seen;
            if (Date.now() < signed.refreshAt) return signed.token;
            if (current === seen) current = null;
        }
        current ??= signIn();
        return (await current).token;
    };
}

function firstLine(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    return (
        message
            .split("\n")
            .find((line) => line.trim() !== "")
            ?.trim() ?? "no reason given"
    );
}
