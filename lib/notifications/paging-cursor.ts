import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { db } from "../db/prisma";
import { AppError } from "../http/errors";

// The history's paging cursor: the position (a per-person sequence number) and a signature over
// the person and the position, with a key every web process shares (app_secrets). A cursor that
// was altered, invented, or handed out to someone else is a 400; it never reaches a query.

const SECRET = "paging-cursor";
let key: Promise<Buffer> | null = null;

function signingKey(): Promise<Buffer> {
  key ??= (async () => {
    await db().appSecret.createMany({ data: [{ name: SECRET, value: randomBytes(32).toString("base64") }], skipDuplicates: true });
    const { value } = await db().appSecret.findUniqueOrThrow({ where: { name: SECRET } });
    return Buffer.from(value, "base64");
  })().catch((error: unknown) => {
    key = null;
    throw error;
  });
  return key;
}

function mac(secret: Buffer, userId: string, seq: bigint): Buffer {
  return createHmac("sha256", secret).update(`${userId}\n${seq}`).digest().subarray(0, 16);
}

export async function signPagingCursor(userId: string, seq: bigint): Promise<string> {
  return `${seq}.${mac(await signingKey(), userId, seq).toString("base64url")}`;
}

export async function readPagingCursor(userId: string, cursor: string): Promise<bigint> {
  const match = /^(\d{1,18})\.([A-Za-z0-9_-]{22})$/.exec(cursor);
  const refuse = () => new AppError("bad_request", "cursor: must be a cursor returned by this API");
  if (!match) throw refuse();
  const seq = BigInt(match[1]!);
  const given = Buffer.from(match[2]!, "base64url");
  const expected = mac(await signingKey(), userId, seq);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refuse();
  return seq;
}
