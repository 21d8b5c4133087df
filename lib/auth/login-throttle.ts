import ipaddr from "ipaddr.js";
import { db } from "../db/prisma";
import { env } from "../env";

// Sign-in attempts are limited three ways, so guessing is slow but nobody can lock a colleague out:
// - per account *and* address: a few failures, then 429 until the window has passed. Someone
//   guessing Alice's password from their desk blocks only their own desk.
// - per address: many failures across accounts (one address spraying guesses), then 429.
// - per account, from every address that has failed for it: past a threshold, one attempt per
//   delay that doubles with each failure (a botnet of addresses is slowed, not let run). An address
//   without failures for the account is not delayed, so its owner's right password still works.
// Each attempt is counted before its password is checked, in one statement, so attempts sent at
// once cannot all slip under a limit; a right one is taken off again. Rows expire with the window.

export interface LoginKeys {
  pair: string;
  account: string;
  address: string;
}

export function loginKeys(email: string, address: string): LoginKeys {
  const account = email.trim().toLowerCase();
  const network = addressNetwork(address);
  return { pair: `pair:${account}|${network}`, account: `account:${account}`, address: `address:${network}` };
}

/**
 * The network an address stands for: IPv4 as it is, IPv6 by its /64 (one subscriber's or one
 * office's network holds a whole /64, so counting single IPv6 addresses would count nothing).
 */
export function addressNetwork(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === "ipv4") return parsed.toString();
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/64`);
  return `${network.toString()}/64`;
}

/** Counts one attempt; seconds until sign-in may be tried again, or null to go on. */
export async function takeLoginAttempt(keys: LoginKeys): Promise<number | null> {
  const settings = env();
  const window = `${settings.LOGIN_WINDOW_SECONDS} seconds`;
  // Keys in a fixed order, so two attempts sharing one of them cannot lock each other's rows crosswise.
  const rows = await db().$queryRaw<{ key: string; failures: number; retry_after: number }[]>`
    INSERT INTO login_attempts (key, failures, first_failed_at)
    SELECT key, 1, now() FROM unnest(${[keys.pair, keys.account, keys.address]}::text[]) AS k(key) ORDER BY key
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN login_attempts.first_failed_at <= now() - ${window}::interval THEN 1 ELSE login_attempts.failures + 1 END,
      first_failed_at = CASE WHEN login_attempts.first_failed_at <= now() - ${window}::interval THEN now() ELSE login_attempts.first_failed_at END,
      next_allowed_at = CASE WHEN login_attempts.first_failed_at <= now() - ${window}::interval THEN NULL ELSE login_attempts.next_allowed_at END
    RETURNING key, failures, ceil(extract(epoch FROM first_failed_at + ${window}::interval - now()))::int AS retry_after`;
  const row = (key: string) => rows.find((r) => r.key === key) ?? { failures: 1, retry_after: 1 };
  const pair = row(keys.pair);
  const address = row(keys.address);
  if (pair.failures > settings.LOGIN_MAX_FAILURES_PER_ACCOUNT) return Math.max(pair.retry_after, 1);
  if (address.failures > settings.LOGIN_MAX_FAILURES_PER_ADDRESS) return Math.max(address.retry_after, 1);
  const accountFailures = row(keys.account).failures;
  const cleanAddress = pair.failures === 1;
  if (cleanAddress || accountFailures <= settings.LOGIN_ACCOUNT_SLOWDOWN_AFTER) return null;
  return takeAccountTurn(keys.account, accountFailures - settings.LOGIN_ACCOUNT_SLOWDOWN_AFTER);
}

/** A right password: the pair starts afresh, and the account and the address no longer count this attempt. */
export async function releaseLoginAttempt(keys: LoginKeys): Promise<void> {
  await db().$transaction([
    db().loginAttempt.deleteMany({ where: { key: keys.pair } }),
    db().loginAttempt.updateMany({
      where: { key: { in: [keys.account, keys.address] }, failures: { gt: 0 } },
      data: { failures: { decrement: 1 } },
    }),
  ]);
}

/** Removes attempts whose window has passed, a bounded number per call, so the table holds only live windows. */
export async function forgetExpiredLoginAttempts(limit = 200): Promise<number> {
  const window = `${env().LOGIN_WINDOW_SECONDS} seconds`;
  return db().$executeRaw`
    DELETE FROM login_attempts WHERE key IN (
      SELECT key FROM login_attempts WHERE first_failed_at <= now() - ${window}::interval
      ORDER BY first_failed_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)`;
}

// One attempt per delay for the account; the delay doubles with every failure past the threshold.
// The row is updated only when its turn has come, so of attempts sent at once exactly one gets it.
async function takeAccountTurn(accountKey: string, failuresPast: number): Promise<number | null> {
  const delaySeconds = Math.min(2 ** Math.min(failuresPast - 1, 20), env().LOGIN_ACCOUNT_MAX_DELAY_SECONDS);
  const [turn] = await db().$queryRaw<{ granted: boolean; retry_after: number }[]>`
    WITH granted AS (
      UPDATE login_attempts SET next_allowed_at = now() + make_interval(secs => ${delaySeconds})
      WHERE key = ${accountKey} AND (next_allowed_at IS NULL OR next_allowed_at <= now())
      RETURNING key
    )
    SELECT EXISTS (SELECT 1 FROM granted) AS granted,
           coalesce(ceil(extract(epoch FROM (SELECT next_allowed_at FROM login_attempts WHERE key = ${accountKey}) - now())), 1)::int AS retry_after`;
  return turn?.granted ? null : Math.max(turn?.retry_after ?? 1, 1);
}
