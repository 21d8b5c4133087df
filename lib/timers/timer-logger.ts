import { Logger } from "graphile-worker";
import { logger } from "../log";

// graphile-worker's messages through the service's structured log (lib/log.ts), debug ones dropped.
// The log is made at the first message, not at import: making it reads the settings, which would
// then be cached before a benchmark or a test has set DATABASE_URL (lib/env.ts).
let log: ReturnType<typeof logger> | undefined;

export const timerLogger = new Logger((scope) => (level, message, meta) => {
  log ??= logger("timers");
  const fields = { ...scope, ...meta };
  if (level === "error") log.error(fields, message);
  else if (level === "warning") log.warn(fields, message);
  else if (level === "info") log.info(fields, message);
});
