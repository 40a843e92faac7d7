/**
 * Signing in with @azure/identity: a token for `<environment URL>/.default`, from the kind of credential `--auth` names.
 * A token is kept until two minutes before it expires, so AzureCliCredential runs `az` once per command, not per request.
 * Nothing here prints a token or a secret: a sign-in failure becomes one sentence, with anything token-like removed.
 */
import { AzureCliCredential, DeviceCodeCredential, EnvironmentCredential, ManagedIdentityCredential, TokenCredential } from "@azure/identity";
import { failed, sentence, usage } from "./errors";

export const AUTH_KINDS = ["azure-cli", "device-code", "environment", "managed-identity"] as const;
export type AuthKind = (typeof AUTH_KINDS)[number];

export interface AuthOptions {
    kind: AuthKind;
    clientId?: string;
    tenant?: string;
    env: NodeJS.ProcessEnv;
    /** Where the device-code prompt goes (stderr). */
    prompt: (message: string) => void;
}

const HOW_TO_FIX: Record<AuthKind, string> = {
    "azure-cli": "run `az login` (with an account that is a user of the environment) and try again",
    "device-code": "run the command again and finish the sign-in in the browser within the time the code is valid",
    environment: "check AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH), and that the application user exists in the environment",
    "managed-identity": "run amc where a managed identity is assigned, give --client-id for a user-assigned one, and make sure it is an application user of the environment",
};

export function createCredential(options: AuthOptions): TokenCredential {
    switch (options.kind) {
        case "azure-cli":
            return new AzureCliCredential(options.tenant ? { tenantId: options.tenant } : {});
        case "device-code":
            return new DeviceCodeCredential({
                ...(options.clientId ? { clientId: options.clientId } : {}),
                ...(options.tenant ? { tenantId: options.tenant } : {}),
                userPromptCallback: (info) => options.prompt(info.message),
            });
        case "environment": {
            const { AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH } = options.env;
            if (!AZURE_TENANT_ID || !AZURE_CLIENT_ID || (!AZURE_CLIENT_SECRET && !AZURE_CLIENT_CERTIFICATE_PATH)) {
                throw usage("--auth environment needs AZURE_TENANT_ID, AZURE_CLIENT_ID and either AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH set; set them for the application user's app registration");
            }
            return new EnvironmentCredential();
        }
        case "managed-identity":
            return options.clientId ? new ManagedIdentityCredential({ clientId: options.clientId }) : new ManagedIdentityCredential();
    }
}

/** A token source for the Web API client: one token per validity, every failure one sentence. */
export function tokenSource(credential: TokenCredential, origin: string, kind: AuthKind, secrets: readonly string[] = []): () => Promise<string> {
    let cached: { token: string; refreshAt: number } | null = null;
    return async () => {
        if (cached && Date.now() < cached.refreshAt) return cached.token;
        let token;
        try {
            token = await credential.getToken(`${origin}/.default`);
        } catch (error) {
            throw failed(`${sentence(`Sign-in (--auth ${kind}) failed: ${redact(firstLine(error), secrets)}`)} To fix it, ${HOW_TO_FIX[kind]}.`);
        }
        if (!token) throw failed(`Sign-in (--auth ${kind}) gave no token. To fix it, ${HOW_TO_FIX[kind]}.`);
        cached = { token: token.token, refreshAt: token.expiresOnTimestamp - 120_000 };
        return token.token;
    };
}

function firstLine(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    return message.split("\n").find((line) => line.trim() !== "")?.trim() ?? "no reason given";
}

/** Removes what could be a token (a JWT) or one of the given secrets from a text that will be shown. */
export function redact(text: string, secrets: readonly string[] = []): string {
    let shown = text.replace(/eyJ[\w-]*\.[\w-]*\.[\w-]*/g, "[token removed]");
    for (const secret of secrets) if (secret.length >= 4) shown = shown.split(secret).join("[secret removed]");
    return shown;
}
