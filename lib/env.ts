import { z } from "zod";
import { SERVICE_NAMES, type Service } from "./events/catalog";

// Every setting the web app, the worker and the launcher read, validated in one place.
// A bad value stops the process at start with a message naming the variable.
const PORT_MESSAGE = "must be a port number from 1 to 65535";
const port = (fallback: number) =>
  z.coerce.number({ error: PORT_MESSAGE }).int(PORT_MESSAGE).min(1, PORT_MESSAGE).max(65535, PORT_MESSAGE).default(fallback);

const TRUE_OR_FALSE = { error: 'must be "true" or "false"' };
const RETENTION_MESSAGE = "must be a whole number of days from 1 to 36500";

/** The demo accounts' password that the README publishes; one set by DEMO_PASSWORD is never shown. */
export const PUBLIC_DEMO_PASSWORD = "groupware";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
    .optional(),
  KAFKA_BROKERS: z
    .string()
    .regex(/^[^\s,]+:\d+(,[^\s,]+:\d+)*$/, "must be host:port[,host:port…]")
    .optional(),
  KAFKA_CLIENT_ID: z.string().min(1).default("groupware-notifications"),
  KAFKA_GROUP_ID: z.string().min(1).default("groupware-notifications"),
  KAFKA_SSL: z.enum(["true", "false"], TRUE_OR_FALSE).default("false"),
  KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
  KAFKA_SASL_MECHANISM: z.enum(["plain", "scram-sha-256", "scram-sha-512"]).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  PORT: port(3000),
  WORKER_PORT: port(3001),
  SERVICE_NAME: z.string().min(1).default("web"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DEMO_PASSWORD: z.string().min(8, "must be at least 8 characters").default(PUBLIC_DEMO_PASSWORD),
  DEMO: z.enum(["true", "false"], { error: 'must be "true" or "false"' }).default("false"),
  SSE_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(25).default(20),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(1000).default(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(100),
  LOGIN_ACCOUNT_SLOWDOWN_AFTER: z.coerce.number().int().min(1).max(100_000).default(10),
  LOGIN_ACCOUNT_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  LINK_ALLOWED_HOSTS: z.string().optional(),
  RETENTION_DAYS: z.coerce
    .number({ error: RETENTION_MESSAGE })
    .int(RETENTION_MESSAGE)
    .min(1, RETENTION_MESSAGE)
    .max(36_500, RETENTION_MESSAGE)
    .default(400),
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  ALL_AUDIENCE_SOURCES: z
    .string()
    .default("board")
    .transform((value) =>
      value
        .split(",")
        .map((name) => name.trim().replace(/^groupware\//, ""))
        .filter(Boolean),
    )
    .refine((names) => names.every((name) => (SERVICE_NAMES as string[]).includes(name)), {
      message: `must name groupware services, comma-separated (of ${SERVICE_NAMES.join(", ")})`,
    })
    .transform((names) => names as Service[]),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  PUBLIC_URL: z
    .string()
    .refine(isSiteAddress, "must be the http:// or https:// address of the site, without a path")
    .transform((value) => new URL(value).origin)
    .optional(),
  OIDC_ISSUER: z.string().refine(isIssuerUrl, "must be an https:// URL (http:// only on localhost, 127.0.0.1 or [::1])").optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_MATCH_CLAIM: z.enum(["email", "sub"], { error: 'must be "email" or "sub"' }).default("email"),
  PASSWORD_LOGIN: z.enum(["true", "false"], TRUE_OR_FALSE).default("true"),
  DATA_DIR: z.string().min(1).default(".data"),
  LOCAL_POSTGRES_PORT: port(54329),
  LOCAL_KAFKA_VERSION: z.enum(["4", "3.9"], { error: 'must be "4" (Kafka 4.x, the default) or "3.9"' }).default("4"),
  LOCAL_KAFKA_PORT: port(9092),
  LOCAL_KAFKA_CONTROLLER_PORT: port(9093),
});

export type Env = z.infer<typeof schema>;
export const ENV_VARIABLES = Object.keys(schema.shape) as (keyof Env)[];

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const blankAsUnset = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = schema.safeParse(blankAsUnset);
  const lines = result.success
    ? [...saslProblems(result.data), ...signInProblems(result.data)]
    : result.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        return `  ${name}: ${issue.message} (got ${JSON.stringify(source[name] ?? null)})`;
      });
  if (result.success && lines.length === 0) return result.data;
  throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
}

// SASL needs all three settings; a mechanism, a user or a password alone is a mistake, not a default.
function saslProblems(parsed: Env): string[] {
  const { KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD } = parsed;
  if (!KAFKA_SASL_MECHANISM && !KAFKA_SASL_USERNAME && !KAFKA_SASL_PASSWORD) return [];
  const missing = (["KAFKA_SASL_MECHANISM", "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD"] as const).filter((name) => !parsed[name]);
  return missing.map((name) => `  ${name}: must be set when any KAFKA_SASL_* variable is (got null)`);
}

// Company sign-in needs the issuer and the client id together, and the site's own address for the
// redirect the provider sends people back to; password sign-in may only be turned off once
// company sign-in is there to replace it.
function signInProblems(parsed: Env): string[] {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, PUBLIC_URL, PASSWORD_LOGIN } = parsed;
  const problems: string[] = [];
  if (OIDC_CLIENT_ID && !OIDC_ISSUER) problems.push("  OIDC_ISSUER: must be set when OIDC_CLIENT_ID is (got null)");
  if (OIDC_CLIENT_SECRET && !OIDC_CLIENT_ID) problems.push("  OIDC_CLIENT_ID: must be set when OIDC_CLIENT_SECRET is (got null)");
  else if (OIDC_ISSUER && !OIDC_CLIENT_ID) problems.push("  OIDC_CLIENT_ID: must be set when OIDC_ISSUER is (got null)");
  if (OIDC_ISSUER && !PUBLIC_URL) {
    problems.push(
      "  PUBLIC_URL: must be set when OIDC_ISSUER is: the provider sends people back to PUBLIC_URL/api/auth/oidc/callback (got null)",
    );
  }
  if (PASSWORD_LOGIN === "false" && !(OIDC_ISSUER && OIDC_CLIENT_ID)) {
    problems.push(
      '  PASSWORD_LOGIN: may be "false" only when OIDC_ISSUER and OIDC_CLIENT_ID are set, or nobody could sign in (got "false")',
    );
  }
  return problems;
}

function isSiteAddress(value: string): boolean {
  const url = URL.parse(value);
  return (
    !!url &&
    (url.protocol === "https:" || url.protocol === "http:") &&
    !url.username &&
    !url.password &&
    url.pathname === "/" &&
    !url.search &&
    !url.hash
  );
}

// openid-client speaks only https to a provider; plain http is allowed for one on this machine
// (a development or test provider), where nothing travels over a network.
function isIssuerUrl(value: string): boolean {
  const url = URL.parse(value);
  if (!url || url.username || url.password || url.search || url.hash) return false;
  return url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.hostname));
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

export function requireSetting(name: "DATABASE_URL"): string {
  const value = env()[name];
  if (!value) throw new ConfigError(`${name} is not set (npm start sets it for the processes it starts).`);
  return value;
}

/** LINK_ALLOWED_HOSTS as lower-case host names. */
export function linkAllowedHosts(): string[] {
  return (env().LINK_ALLOWED_HOSTS ?? "")
    .split(",")
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
}

/** KAFKA_BROKERS, or the local broker that npm start runs (README, "Quick start"). */
export function kafkaBrokers(): string[] {
  const { KAFKA_BROKERS, LOCAL_KAFKA_PORT } = env();
  return (KAFKA_BROKERS ?? `127.0.0.1:${LOCAL_KAFKA_PORT}`).split(",");
}

/**
 * Why the password the README publishes may not be used here, or null when it may: in
 * production only on purpose (DEMO=true, or a DEMO_PASSWORD the operator set, even to that one),
 * so a deployment never ends up with accounts anyone can sign in to.
 */
export function publishedDemoPasswordProblem(
  source: Record<string, string | undefined> = process.env,
  settings: Env = env(),
): string | null {
  if (settings.NODE_ENV !== "production" || settings.DEMO === "true" || source.DEMO_PASSWORD) return null;
  return (
    `DEMO_PASSWORD: the demo accounts' published password ("${PUBLIC_DEMO_PASSWORD}") is refused with NODE_ENV=production. ` +
    "Set DEMO_PASSWORD to a password of your own, or DEMO=true to run the public demo."
  );
}

export interface OidcSettings {
  issuer: URL;
  clientId: string;
  /** Absent for a public client (PKCE alone). */
  clientSecret?: string;
  matchClaim: "email" | "sub";
  /** Where the provider sends people back to, registered there. */
  redirectUri: string;
  /** Where the provider sends people after signing out there, registered there too. */
  postLogoutRedirectUri: string;
}

/** Company sign-in (OpenID Connect), or null when OIDC_ISSUER is not set. */
export function oidcSettings(settings: Env = env()): OidcSettings | null {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_MATCH_CLAIM, PUBLIC_URL } = settings;
  // parseEnv has made sure the client id and the public address come with the issuer.
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID || !PUBLIC_URL) return null;
  return {
    issuer: new URL(OIDC_ISSUER),
    clientId: OIDC_CLIENT_ID,
    clientSecret: OIDC_CLIENT_SECRET,
    matchClaim: OIDC_MATCH_CLAIM,
    redirectUri: `${PUBLIC_URL}/api/auth/oidc/callback`,
    postLogoutRedirectUri: `${PUBLIC_URL}/login`,
  };
}

/** False when PASSWORD_LOGIN=false: only company sign-in is offered. */
export function passwordLoginEnabled(settings: Env = env()): boolean {
  return settings.PASSWORD_LOGIN === "true";
}
