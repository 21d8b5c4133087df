import { Logger } from "graphile-worker";
import { logger } from "../log";

// graphile-worker's messages through the service's structured log (lib/log.ts), debug ones dropped.
const log = logger("timers");

export const timerLogger = new Logger((scope) => (level, message, meta) => {
  const fields = { ...scope, ...meta };
  if (level === "error") log.error(fields, message);
  else if (level === "warning") log.warn(fields, message);
  else if (level === "info") log.info(fields, message);
});
