import { db } from "../db/prisma";
import { env } from "../env";

// Sign-in attempts are limited per account and per client address. Each attempt is counted before
// its password is checked, in one statement, so attempts sent at once cannot all slip under the
// limit; an attempt that turns out right is taken off the counts again. Once a count is over its
// limit, attempts are refused (429) without checking the password until the window that began with
// the first counted attempt has passed.

export interface LoginKeys {
  account: string;
  address: string;
}

export function loginKeys(email: string, address: string): LoginKeys {
  return { account: `account:${email.trim().toLowerCase()}`, address: `address:${address}` };
}

/** Counts one attempt for both keys; seconds until sign-in may be tried again, or null to go on. */
export async function takeLoginAttempt(keys: LoginKeys): Promise<number | null> {
  const { LOGIN_MAX_FAILURES_PER_ACCOUNT, LOGIN_MAX_FAILURES_PER_ADDRESS, LOGIN_WINDOW_SECONDS } = env();
  const window = `${LOGIN_WINDOW_SECONDS} seconds`;
  // Keys in a fixed order, so two attempts sharing one of them cannot lock each other's rows crosswise.
  const rows = await db().$queryRaw<{ key: string; failures: number; retry_after: number }[]>`
    INSERT INTO login_attempts (key, failures, first_failed_at)
    SELECT key, 1, now() FROM unnest(${[keys.account, keys.address]}::text[]) AS k(key) ORDER BY key
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN login_attempts.first_failed_at <= now() - ${window}::interval THEN 1 ELSE login_attempts.failures + 1 END,
      first_failed_at = CASE WHEN login_attempts.first_failed_at <= now() - ${window}::interval THEN now() ELSE login_attempts.first_failed_at END
    RETURNING key, failures, ceil(extract(epoch FROM first_failed_at + ${window}::interval - now()))::int AS retry_after`;
  let wait: number | null = null;
  for (const row of rows) {
    const limit = row.key === keys.account ? LOGIN_MAX_FAILURES_PER_ACCOUNT : LOGIN_MAX_FAILURES_PER_ADDRESS;
    if (row.failures > limit) wait = Math.max(wait ?? 0, row.retry_after, 1);
  }
  return wait;
}

/** A right password: the account starts afresh, and the address no longer counts this attempt. */
export async function releaseLoginAttempt(keys: LoginKeys): Promise<void> {
  await db().$transaction([
    db().loginAttempt.deleteMany({ where: { key: keys.account } }),
    db().loginAttempt.updateMany({ where: { key: keys.address, failures: { gt: 0 } }, data: { failures: { decrement: 1 } } }),
  ]);
}

/**
 * The client's address: our HTTP server (server.ts) sets X-Forwarded-For to it alone, from the
 * connection and the proxies TRUST_PROXY_HOPS trusts (lib/http/client-address.ts).
 */
export function clientAddress(request: Request): string {
  return request.headers.get("x-forwarded-for")?.trim() || "unknown";
}
