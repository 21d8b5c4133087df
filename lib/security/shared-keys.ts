import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { db } from "../db/prisma";

// Keys every web process shares: made on first use, kept in app_secrets, read once per process.
// A value we hand out with a MAC made by one of them (the session cookie, a notification cursor)
// comes back unaltered or is refused, without a table of what was handed out.

/**
 * "paging-cursor" signs every notification cursor; it keeps the name it had when only the history's were signed, so those stay valid.
 * "oidc-flow" signs the cookie that carries a company sign-in across the trip to the identity provider.
 */
export type KeyName = "session-cookie" | "paging-cursor" | "oidc-flow";

/** A MAC as it is written in a cookie or cursor: 16 bytes, base64url. */
export const MAC_PATTERN = "[A-Za-z0-9_-]{22}";

export interface Mac {
  sign(message: string): string;
  verify(message: string, mac: string): boolean;
}

const keys = new Map<KeyName, Promise<Buffer>>();

function sharedKey(name: KeyName): Promise<Buffer> {
  let key = keys.get(name);
  if (!key) {
    key = (async () => {
      await db().appSecret.createMany({ data: [{ name, value: randomBytes(32).toString("base64") }], skipDuplicates: true });
      const { value } = await db().appSecret.findUniqueOrThrow({ where: { name } });
      return Buffer.from(value, "base64");
    })();
    // A failed read (the database is down) is tried again by the next caller.
    key.catch(() => keys.delete(name));
    keys.set(name, key);
  }
  return key;
}

export async function macWith(name: KeyName): Promise<Mac> {
  const key = await sharedKey(name);
  const sign = (message: string) => createHmac("sha256", key).update(message).digest().subarray(0, 16).toString("base64url");
  return {
    sign,
    // Compared as written, not decoded: base64url decoding ignores the last character's spare
    // bits, so a decoded comparison would take four spellings of the same MAC.
    verify(message, mac) {
      const given = Buffer.from(mac);
      const expected = Buffer.from(sign(message));
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
