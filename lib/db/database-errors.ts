// What a failed database call says about the input. A data error (SQLSTATE class 22, data
// exception; 23, integrity constraint; 54, program limit exceeded) fails the same way every time
// it is tried, so the worker sets aside the message that causes it. Anything else (the connection,
// 08; shutdown, 57P; resources, 53; a deadlock; or a bug of ours after a bad deploy) may pass
// later and is retried: dead-lettering every message for a fault of the database would be worse.

/** The constraint whose violation only means that another writer stored the same event first. */
const IDEMPOTENCY_KEY = "events_source_event_id_key";
const DATA_CLASSES = new Set(["22", "23", "54"]);

export interface DatabaseFailure {
  /** The SQLSTATE, when the database answered at all. */
  code: string | null;
  message: string;
  constraint: string | null;
}

/** Whether the same write will fail again whatever we wait for. */
export function isDataError(error: unknown): boolean {
  const { code, constraint } = databaseFailure(error);
  if (!code || !DATA_CLASSES.has(code.slice(0, 2))) return false;
  return !(code === "23505" && constraint === IDEMPOTENCY_KEY);
}

/**
 * The database's own words. node-postgres errors carry them directly; Prisma (with the pg adapter)
 * wraps them as meta.driverAdapterError.cause with originalCode and originalMessage.
 */
export function databaseFailure(error: unknown): DatabaseFailure {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: Record<string, unknown> } } })?.meta?.driverAdapterError?.cause;
  if (cause) {
    const constraint = (cause.constraint as { index?: string } | undefined)?.index ?? null;
    return {
      code: typeof cause.originalCode === "string" ? cause.originalCode : null,
      message: typeof cause.originalMessage === "string" ? cause.originalMessage : String(cause.kind ?? "unknown database error"),
      constraint,
    };
  }
  const plain = error as { code?: unknown; message?: unknown; constraint?: unknown };
  const isSqlState = typeof plain?.code === "string" && /^[0-9A-Z]{5}$/.test(plain.code);
  return {
    code: isSqlState ? (plain.code as string) : null,
    message: typeof plain?.message === "string" ? plain.message : String(error),
    constraint: typeof plain?.constraint === "string" ? plain.constraint : null,
  };
}
