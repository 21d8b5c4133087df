import { db } from "../db/prisma";
import { env } from "../env";

// Sign-in attempts are limited per account and per client address: after too many failures in a
// window, further attempts are refused (429) without checking the password, until the window that
// began with the first failure has passed. A success clears the account's count.

export interface LoginKeys {
  account: string;
  address: string;
}

export function loginKeys(email: string, address: string): LoginKeys {
  return { account: `account:${email.trim().toLowerCase()}`, address: `address:${address}` };
}

/** Seconds until sign-in may be tried again, or null when it may be tried now. */
export async function loginRetryAfter(keys: LoginKeys): Promise<number | null> {
  const { LOGIN_MAX_FAILURES_PER_ACCOUNT, LOGIN_MAX_FAILURES_PER_ADDRESS, LOGIN_WINDOW_SECONDS } = env();
  const windowStart = new Date(Date.now() - LOGIN_WINDOW_SECONDS * 1000);
  const rows = await db().loginAttempt.findMany({
    where: { key: { in: [keys.account, keys.address] }, firstFailedAt: { gt: windowStart } },
  });
  let wait: number | null = null;
  for (const row of rows) {
    const limit = row.key === keys.account ? LOGIN_MAX_FAILURES_PER_ACCOUNT : LOGIN_MAX_FAILURES_PER_ADDRESS;
    if (row.failures < limit) continue;
    const seconds = Math.ceil((row.firstFailedAt.getTime() + LOGIN_WINDOW_SECONDS * 1000 - Date.now()) / 1000);
    wait = Math.max(wait ?? 0, seconds, 1);
  }
  return wait;
}

/** Counts a failure for both keys; a count whose window has passed starts again at one. */
export async function recordLoginFailure(keys: LoginKeys): Promise<void> {
  const window = `${env().LOGIN_WINDOW_SECONDS} seconds`;
  await db().$executeRaw`
    INSERT INTO login_attempts (key, failures, first_failed_at)
    SELECT key, 1, now() FROM unnest(${[keys.account, keys.address]}::text[]) AS k(key)
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN login_attempts.first_failed_at <= now() - ${window}::interval THEN 1 ELSE login_attempts.failures + 1 END,
      first_failed_at = CASE WHEN login_attempts.first_failed_at <= now() - ${window}::interval THEN now() ELSE login_attempts.first_failed_at END`;
}

export async function clearLoginFailures(keys: LoginKeys): Promise<void> {
  await db().loginAttempt.deleteMany({ where: { key: keys.account } });
}

/**
 * The client's address: the last hop of X-Forwarded-For, which the server in front of us (Next's
 * own, or a reverse proxy) appends; earlier entries are whatever the client claimed.
 */
export function clientAddress(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for");
  return forwarded?.split(",").at(-1)?.trim() || request.headers.get("x-real-ip") || "unknown";
}
