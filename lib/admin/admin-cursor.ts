import { AppError } from "../http/errors";

// The admin lists page newest first by (time, id). Their cursor is that pair, opaque to the client
// (base64url); anything that does not decode to it is a 400, never a query.

export interface AdminCursor {
  at: Date;
  id: bigint;
}

export function encodeAdminCursor(cursor: AdminCursor): string {
  return Buffer.from(`${cursor.at.toISOString()}|${cursor.id}`).toString("base64url");
}

export function decodeAdminCursor(value: string): AdminCursor {
  const [, time = "", id = ""] =
    /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(\d{1,18})$/.exec(Buffer.from(value, "base64url").toString()) ?? [];
  const at = new Date(time);
  if (!id || Number.isNaN(at.getTime())) {
    throw new AppError("bad_request", "cursor: must be a cursor returned by this API");
  }
  return { at, id: BigInt(id) };
}
