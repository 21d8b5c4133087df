import { z } from "zod";

// A row id as the API hands it out: a BIGSERIAL as a decimal string (never a JSON number, which
// could not hold it). Anything else names no row, before any query.
const ID = /^\d{1,18}$/;

export function parseId(text: string): bigint | null {
  return ID.test(text) ? BigInt(text) : null;
}

/** The same, in a request body or query: `what` names it in the 400. */
export const idSchema = (what: string) => z.string().regex(ID, `must be the id of ${what}`);
