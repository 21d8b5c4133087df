import { parseId } from "../db/ids";
import { AppError } from "../errors";
import { textProblem } from "../events/storable";

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

// The directory pages by (name, id), name first. Its cursor is that pair as JSON (a name may hold
// any character), opaque to the client in the same way.

export interface NameCursor {
  name: string;
  id: string;
}

export function encodeNameCursor(cursor: NameCursor): string {
  return Buffer.from(JSON.stringify([cursor.name, cursor.id])).toString("base64url");
}

export function decodeNameCursor(value: string): NameCursor {
  let pair: unknown = null;
  try {
    pair = JSON.parse(Buffer.from(value, "base64url").toString());
  } catch {
    // not JSON: refused below
  }
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((part) => typeof part === "string" && textProblem(part) === null)) {
    throw new AppError("bad_request", "cursor: must be a cursor returned by this API");
  }
  return { name: pair[0], id: pair[1] };
}
