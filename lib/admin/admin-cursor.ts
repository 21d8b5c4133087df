import { parseId } from "../db/ids";
import { AppError } from "../errors";

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

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
  const [time = "", idText = "", ...rest] = Buffer.from(value, "base64url").toString().split("|");
  const at = ISO_MS.test(time) ? new Date(time) : null;
  const id = parseId(idText);
  if (!at || Number.isNaN(at.getTime()) || id === null || rest.length > 0) {
    throw new AppError("bad_request", "cursor: must be a cursor returned by this API");
  }
  return { at, id };
}
