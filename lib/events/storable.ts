import { z } from "zod";

// What PostgreSQL can store, checked when a message is decoded: anything it would refuse later
// (and retry forever) is refused here with a reason the DLQ can carry.

/** Deeper JSON is refused: no event needs it, and deep values overflow stacks (ours and the database's). */
export const MAX_JSON_DEPTH = 32;

/**
 * Why PostgreSQL could not store this parsed JSON value (text and jsonb refuse U+0000, and a lone
 * UTF-16 surrogate has no UTF-8 form), or null when it can. Walks the value without recursion.
 */
export function storageProblem(value: unknown): string | null {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path: "", depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value: current, path, depth } = next;
    if (typeof current === "string") {
      const problem = textProblem(current);
      if (problem) return `${path || "(root)"}: ${problem}`;
      continue;
    }
    if (typeof current !== "object" || current === null) continue;
    if (depth >= MAX_JSON_DEPTH) return `${path || "(root)"}: nested deeper than ${MAX_JSON_DEPTH} levels`;
    const entries = Array.isArray(current) ? current.map((item, i) => [String(i), item] as const) : Object.entries(current);
    for (const [key, item] of entries) {
      const keyProblem = textProblem(key);
      if (keyProblem) return `${path || "(root)"}: a key ${keyProblem}`;
      pending.push({ value: item, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return null;
}

/** Why a string cannot be stored as PostgreSQL text, or null. */
export function textProblem(text: string): string | null {
  if (text.includes("\u0000")) return "contains U+0000 (NUL), which PostgreSQL cannot store";
  if (!text.isWellFormed()) return "contains a lone UTF-16 surrogate, which is not valid Unicode";
  return null;
}

/** Text from outside (a query string, a body) compared with stored text: what PostgreSQL cannot hold is a 400, never a 500. */
export function storableString(max: number) {
  return z
    .string()
    .max(max)
    .refine((value) => textProblem(value) === null, "must not contain U+0000 or a lone surrogate");
}

/** Text for a column from outside input we keep anyway (a dead letter's key and reason): NUL and lone surrogates become U+FFFD. */
export function storableText(text: string): string {
  return text.replaceAll("\u0000", "\uFFFD").toWellFormed();
}
