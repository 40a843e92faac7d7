/**
 * Signing in: each --auth kind makes the right @azure/identity credential with the options its flags give (the SDK's
 * constructors are recorded, the real ones still run), the device-code prompt goes to stderr, a token is asked once per
 * validity, a failure is one sentence with no token or secret in it, and nothing reaches anything but loopback — the
 * in-process guard (testkit/loopbackOnly.cjs, loaded for every jest worker) refuses the sign-in host and the
 * instance metadata address.
 */
import * as net from "node:net";
import {
    AzureCliCredential,
    DeviceCodeCredential,
    DeviceCodeCredentialOptions,
    EnvironmentCredential,
    ManagedIdentityCredential,
    TokenCredential,
} from "@azure/identity";
import { createCredential, tokenScope, tokenSource } from "../../cli/auth";
import { AmcError } from "../../cli/errors";
import { redact } from "../../cli/output";
import { MANAGED_IDENTITY_HEADER, startDataverse } from "../../testkit/dataverseServer";
import { environment, TOKEN } from "../../testkit/amcEnvironment";
import { amc } from "../helpers/amc";

/** A credential @azure/identity was asked to make, and the options it got. */
interface Construction {
    kind: string;
    options: unknown;
}

// The real credentials, each recording the options it is constructed with (instanceof still holds).
jest.mock("@azure/identity", () => {
    const actual = jest.requireActual<typeof import("@azure/identity")>("@azure/identity");
    const constructions: Construction[] = [];
    const recorded = <T extends new (...args: never[]) => object>(credential: T, kind: string): T =>
        new Proxy(credential, {
            construct: (target, args: unknown[], newTarget) => {
                constructions.push({ kind, options: args[0] });
                return Reflect.construct(target, args, newTarget) as object;
            },
        });
    return {
        ...actual,
        constructions,
        AzureCliCredential: recorded(actual.AzureCliCredential, "AzureCliCredential"),
        DeviceCodeCredential: recorded(actual.DeviceCodeCredential, "DeviceCodeCredential"),
        ManagedIdentityCredential: recorded(actual.ManagedIdentityCredential, "ManagedIdentityCredential"),
    };
});
const constructions = jest.requireMock<{ constructions: Construction[] }>("@azure/identity").constructions;

const prompt = (): void => undefined;
const timeoutMs = 30_000;
const CLIENT_ID = "51f81489-12ee-4a9e-aaae-a2591f45987d";
const TENANT = "contoso.onmicrosoft.com";

/** Sets variables of this process (the SDK's credentials read process.env themselves); returns the undo. */
function withEnv(values: Record<string, string>): () => void {
    const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
    Object.assign(process.env, values);
    return () => {
        for (const [name, value] of Object.entries(saved)) {
            if (value === undefined) delete process.env[name];
            else process.env[name] = value;
        }
    };
}

describe("createCredential", () => {
    it("makes the credential each --auth kind names", () => {
        expect(createCredential({ kind: "azure-cli", env: {}, timeoutMs, prompt })).toBeInstanceOf(AzureCliCredential);
        expect(
            createCredential({
                kind: "device-code",
                clientId: "51f81489-12ee-4a9e-aaae-a2591f45987d",
                tenant: "contoso.onmicrosoft.com",
                env: {},
                timeoutMs,
                prompt,
            }),
        ).toBeInstanceOf(DeviceCodeCredential);
        expect(createCredential({ kind: "managed-identity", env: {}, timeoutMs, prompt })).toBeInstanceOf(
            ManagedIdentityCredential,
        );
        const env = { AZURE_TENANT_ID: "t", AZURE_CLIENT_ID: "c", AZURE_CLIENT_SECRET: "s" };
        expect(createCredential({ kind: "environment", env, timeoutMs, prompt })).toBeInstanceOf(EnvironmentCredential);
    });

    it.each([
        [
            "device-code",
            ["--client-id", CLIENT_ID, "--tenant", TENANT],
            "DeviceCodeCredential",
            { clientId: CLIENT_ID, tenantId: TENANT },
        ],
        [
            "azure-cli",
            ["--tenant", TENANT, "--timeout", "7"],
            "AzureCliCredential",
            { tenantId: TENANT, processTimeoutInMs: 7000 },
        ],
        ["managed-identity", ["--client-id", CLIENT_ID], "ManagedIdentityCredential", { clientId: CLIENT_ID }],
    ])("passes --client-id and --tenant to the %s credential", async (kind, flags, made, options) => {
        constructions.length = 0;
        const run = await amc(
            ["status", "--auth", kind, ...flags],
            { environment: environment() },
            { onSignIn: (auth) => createCredential(auth) },
        );
        expect(run.code).toBe(0);
        expect(constructions).toEqual([{ kind: made, options: expect.objectContaining(options) }]);
    });

    it("shows the device-code prompt on stderr, leaving stdout to the result", async () => {
        const message =
            "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ABCD-1234 to authenticate.";
        const run = await amc(
            ["status", "--auth", "device-code", "--json"],
            { environment: environment() },
            {
                onSignIn: (auth) => {
                    constructions.length = 0;
                    createCredential(auth);
                    (constructions[0].options as DeviceCodeCredentialOptions).userPromptCallback?.({
                        message,
                        userCode: "ABCD-1234",
                        verificationUri: "https://microsoft.com/devicelogin",
                    });
                },
            },
        );
        expect(run.stderr).toBe(`${message}\n`);
        expect(run.json()).toMatchObject({ seats: { nonInteractiveInUse: 2 } });
    });

    it.each([
        [["--auth", "azure-cli"], "azure-cli"],
        [[], "azure-cli"],
        [["--auth", "device-code"], "device-code"],
    ])("is not signed in for real in this process with %j (the real az, a real sign-in)", async (flags, kind) => {
        await expect(amc(["status", ...flags], { environment: environment() }, { realSignIn: true })).rejects.toThrow(
            `refuses --auth ${kind}`,
        );
    });

    it("refuses --auth environment without the variables a service principal needs (a usage error)", () => {
        const attempt = (): unknown =>
            createCredential({
                kind: "environment",
                env: { AZURE_TENANT_ID: "t", AZURE_CLIENT_ID: "c" },
                timeoutMs,
                prompt,
            });
        expect(attempt).toThrow(AmcError);
        expect(attempt).toThrow(
            /needs AZURE_TENANT_ID, AZURE_CLIENT_ID and either AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH/,
        );
    });
});

describe("tokenSource", () => {
    it("asks the credential once per token validity, for <url>/.default", async () => {
        const scopes: string[] = [];
        let expires = Date.now() + 3_600_000;
        const credential: TokenCredential = {
            getToken: (scope) => (
                scopes.push(String(scope)),
                Promise.resolve({ token: `t${scopes.length}`, expiresOnTimestamp: expires })
            ),
        };
        const token = tokenSource(credential, "https://contoso.crm.dynamics.com", "azure-cli", { timeoutMs });
        expect([await token(), await token()]).toEqual(["t1", "t1"]);
        expires = Date.now() + 60_000; // within the two minutes before expiry: asked again each time
        const soon = tokenSource(credential, "https://contoso.crm.dynamics.com", "azure-cli", { timeoutMs });
        expect([await soon(), await soon()]).toEqual(["t2", "t3"]);
        expect(scopes).toEqual(Array(3).fill("https://contoso.crm.dynamics.com/.default"));
    });

    it("signs in once for requests that ask at the same time, and tells each token to onToken", async () => {
        let calls = 0;
        const told: string[] = [];
        const slow: TokenCredential = {
            getToken: () => (
                calls++,
                new Promise((resolve) =>
                    setTimeout(() => resolve({ token: "t1", expiresOnTimestamp: Date.now() + 3_600_000 }), 20),
                )
            ),
        };
        const token = tokenSource(slow, "https://contoso.crm.dynamics.com", "azure-cli", {
            timeoutMs,
            onToken: (t) => told.push(t),
        });
        expect(await Promise.all([token(), token(), token()])).toEqual(["t1", "t1", "t1"]);
        expect([calls, told]).toEqual([1, ["t1"]]);
    });

    it("gives up a sign-in that takes longer than the timeout, with one sentence", async () => {
        const hanging: TokenCredential = { getToken: () => new Promise(() => undefined) };
        await expect(
            tokenSource(hanging, "https://x.crm.dynamics.com", "azure-cli", { timeoutMs: 50 })(),
        ).rejects.toThrow("Sign-in (--auth azure-cli) did not finish within 0.05 s. To fix it, run `az login`");
    });

    it.each([[null], [""], ["abc\r\nInjected: yes"], ["Bearer x y"]])(
        "refuses a sign-in whose token is %j",
        async (value) => {
            const odd: TokenCredential = {
                getToken: () =>
                    Promise.resolve(
                        value === null ? null : { token: value, expiresOnTimestamp: Date.now() + 3_600_000 },
                    ),
            };
            await expect(tokenSource(odd, "https://x.crm.dynamics.com", "azure-cli", { timeoutMs })()).rejects.toThrow(
                "Sign-in (--auth azure-cli) gave no usable token.",
            );
        },
    );

    it("turns a failure into one sentence naming the fix; Output removes tokens and secrets", async () => {
        const leaky: TokenCredential = {
            getToken: () =>
                Promise.reject(
                    new Error(
                        "AADSTS7000215: Invalid client secret s3cr3t-value provided, token eyJa.eyJb.sig\n    at stack",
                    ),
                ),
        };
        await expect(tokenSource(leaky, "https://x.crm.dynamics.com", "environment", { timeoutMs })()).rejects.toThrow(
            "Sign-in (--auth environment) failed: AADSTS7000215: Invalid client secret s3cr3t-value provided, token eyJa.eyJb.sig. To fix it, check AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET",
        );
        expect(redact("Invalid client secret s3cr3t-value provided, token eyJa.eyJb.sig", ["s3cr3t-value"])).toBe(
            "Invalid client secret [secret removed] provided, token [token removed]",
        );
        expect(redact("Bearer eyJ0eXAi.eyJhdWQi.c2ln and more")).toBe("Bearer [token removed] and more");
        expect(redact('Authorization: "Bearer opaque-token-42", and bearer=xyz-secret')).toBe(
            'Authorization: "Bearer [token removed]", and bearer=[token removed]',
        );
    });

    it("names the IPv6 loopback localhost in the scope, which the SDK refuses with brackets", () => {
        expect([tokenScope("http://[::1]:8080"), tokenScope("https://contoso.crm.dynamics.com")]).toEqual([
            "http://localhost:8080/.default",
            "https://contoso.crm.dynamics.com/.default",
        ]);
    });
});

describe("staying on loopback", () => {
    it("the in-process guard refuses the instance metadata address and the sign-in host", async () => {
        for (const host of ["169.254.169.254", "login.microsoftonline.com"]) {
            const socket = net.connect({ host, port: 80 });
            const error = await new Promise<Error>((resolve) => socket.once("error", resolve));
            expect(error.message).toBe(`e2e: outgoing connection to ${host} refused`);
        }
    });

    it("a service principal's sign-in never leaves the machine, and its secret is never shown", async () => {
        const secret = "very-secret-client-value";
        const server = await startDataverse({ environment: environment() });
        const restore = withEnv({
            AZURE_TENANT_ID: "72f988bf-86f1-41af-91ab-2d7cd011db47",
            AZURE_CLIENT_ID: "51f81489-12ee-4a9e-aaae-a2591f45987d",
            AZURE_CLIENT_SECRET: secret,
        });
        try {
            const signIn = await amc(["status", "--auth", "environment"], server, {
                realSignIn: true,
                env: process.env,
            });
            expect(signIn.code).toBe(1);
            expect(signIn.stderr).toMatch(
                /^amc: Sign-in \(--auth environment\) failed: .+ To fix it, check AZURE_TENANT_ID/,
            );
            expect(signIn.stderr + signIn.stdout).not.toContain(secret);
            expect(signIn.requests).toEqual([]);
        } finally {
            restore();
            await server.close();
        }
    }, 30_000);

    it("a managed identity gets its token from the loopback endpoint the SDK is pointed at (IDENTITY_ENDPOINT)", async () => {
        const server = await startDataverse({ environment: environment() });
        const restore = withEnv({
            IDENTITY_ENDPOINT: `${server.origin}/msi/token`,
            IDENTITY_HEADER: MANAGED_IDENTITY_HEADER,
        });
        try {
            const token = await tokenSource(
                createCredential({ kind: "managed-identity", env: process.env, timeoutMs, prompt }),
                server.origin,
                "managed-identity",
                { timeoutMs },
            )();
            expect(token).toBe(TOKEN);
            const status = await amc(["status", "--auth", "managed-identity", "--json"], server, {
                realSignIn: true,
                env: process.env,
            });
            expect([status.code, status.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)]).toEqual([
                0,
                true,
            ]);
        } finally {
            restore();
            await server.close();
        }
    });
});
