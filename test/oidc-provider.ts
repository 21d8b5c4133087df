import { spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import http from "node:http";
import Provider, { type Configuration, type JWK, type KoaContextWithOIDC } from "oidc-provider";
import { DEMO_DIRECTORY } from "../prisma/seed";
import { ROOT, terminate, waitForHttp } from "../scripts/stack";

// A real OpenID Provider for the tests: the certified `oidc-provider` package on a local port, with
// one confidential client for the web app, accounts for the demo directory (sub = the directory
// id, email = its email) and one person the directory does not know, and sign-in pages of its own
// that a browser (or a test's fetch) fills in. Nothing is mocked: the web app discovers it, sends
// the browser to it, exchanges codes and verifies ID tokens exactly as it would with the company's.

export interface TestAccount {
  /** The provider's subject identifier (the directory id for the demo accounts). */
  sub: string;
  email: string;
}

/** Known to the provider, unknown to the directory. */
export const STRANGER: TestAccount = { sub: "X0001", email: "stranger@partner.example" };

export const TEST_CLIENT = { id: "groupware-notifications", secret: "test-only-client-secret" } as const;

export interface TestOidcProviderOptions {
  port: number;
  /** The web apps that sign in here (e.g. http://127.0.0.1:3100): their callback and /login are registered. */
  appUrls: string[];
  /**
   * Put `email` in the ID token (as many company providers do). By default it is given only at the
   * UserInfo endpoint, as OpenID Connect Core describes for the code flow.
   */
  emailInIdToken?: boolean;
}

export interface TestOidcProvider {
  issuer: string;
  /** Another person the provider knows (a test's own directory entry). */
  addAccount(account: TestAccount): void;
  stop(): Promise<void>;
}

/** The environment of a web app at `appUrl` (one of the provider's appUrls) that signs in there. */
export function webAppEnv(issuer: string, appUrl: string): Record<string, string> {
  return { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: TEST_CLIENT.id, OIDC_CLIENT_SECRET: TEST_CLIENT.secret, PUBLIC_URL: appUrl };
}

/**
 * The provider in a process of its own (test/oidc-provider-server.ts), for npm test: its launcher
 * waits on Vitest and Playwright synchronously, so a provider inside it could not answer.
 */
export async function startOidcProviderProcess(options: {
  port: number;
  appUrls: string[];
}): Promise<{ issuer: string; stop(): Promise<void> }> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const args = ["--import", "tsx", "test/oidc-provider-server.ts", "--port", String(options.port)];
  for (const url of options.appUrls) args.push("--app-url", url);
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: "inherit" });
  try {
    await waitForHttp(`${issuer}/.well-known/openid-configuration`, child, "The test OpenID provider", 30_000);
  } catch (error) {
    await terminate(child);
    throw error;
  }
  return { issuer, stop: () => terminate(child) };
}

export async function startTestOidcProvider({ port, appUrls, emailInIdToken = false }: TestOidcProviderOptions): Promise<TestOidcProvider> {
  const issuer = `http://127.0.0.1:${port}`;
  const accounts = new Map<string, TestAccount>();
  const addAccount = (account: TestAccount) => accounts.set(account.sub, account);
  for (const { id, email } of DEMO_DIRECTORY) addAccount({ sub: id, email });
  addAccount(STRANGER);

  const configuration: Configuration = {
    clients: [
      {
        client_id: TEST_CLIENT.id,
        client_secret: TEST_CLIENT.secret,
        redirect_uris: appUrls.map((url) => `${url}/api/auth/oidc/callback`),
        post_logout_redirect_uris: appUrls.map((url) => `${url}/login`),
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ sub, email: account.email, email_verified: true }) };
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"] },
    conformIdTokenClaims: !emailInIdToken,
    // Every authorization request must carry a PKCE challenge, so a client that forgot it fails here.
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true, logoutSource } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    jwks: { keys: [signingKey()] },
  };
  const provider = new Provider(issuer, configuration);
  const handleProtocol = provider.callback();

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", issuer);
    const interaction = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec(url.pathname);
    if (!interaction) {
      handleProtocol(request, response);
      return;
    }
    const step = interaction[2] ?? "";
    signInPages(provider, accounts, step, request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(400, { "content-type": "text/plain" });
      response.end(`sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });

  return {
    issuer,
    addAccount,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// The provider's own sign-in: an email (no password: these are test accounts), "Sign in" grants
// the scopes asked for at once (no consent page), "Cancel" answers the app with access_denied.
async function signInPages(
  provider: Provider,
  accounts: Map<string, TestAccount>,
  step: string,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(request, response);
  if (step === "/abort") {
    await provider.interactionFinished(
      request,
      response,
      { error: "access_denied", error_description: "End-User aborted interaction" },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  if (step === "/login" && request.method === "POST") {
    const email = new URLSearchParams(await readBody(request)).get("email")?.trim().toLowerCase() ?? "";
    const account = [...accounts.values()].find((candidate) => candidate.email.toLowerCase() === email);
    if (!account) {
      page(response, details.uid, `No account for ${escapeHtml(email)} at this provider.`);
      return;
    }
    const grant = new provider.Grant({ accountId: account.sub, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope ?? "openid"));
    const grantId = await grant.save();
    await provider.interactionFinished(
      request,
      response,
      { login: { accountId: account.sub }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  page(response, details.uid, "");
}

function page(response: http.ServerResponse, uid: string, problem: string): void {
  response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  response.end(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Test identity provider</title></head>
<body>
  <h1>Test identity provider</h1>
  ${problem ? `<p role="alert">${problem}</p>` : ""}
  <form method="post" action="/interaction/${uid}/login">
    <label>Email <input type="email" name="email" autocomplete="off" required autofocus></label>
    <button type="submit">Sign in</button>
  </form>
  <p><a href="/interaction/${uid}/abort">Cancel</a></p>
</body>
</html>`);
}

// The end-session page: the app sent the browser here to sign out; the person confirms.
async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  ctx.body = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Test identity provider</title></head>
<body>
  <h1>Sign out of the test identity provider?</h1>
  ${form}
  <button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>
  <button type="submit" form="op.logoutForm">No, stay signed in</button>
</body>
</html>`;
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A fresh RS256 signing key per run (oidc-provider's built-in development key is public). */
function signingKey(): JWK {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...(privateKey.export({ format: "jwk" }) as JWK), kid: "test", alg: "RS256", use: "sig" };
}
