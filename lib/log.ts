import pino from "pino";
import { env } from "./env";

// One structured JSON logger per process; modules take a child with their own name.
let root: pino.Logger | undefined;

export function logger(module: string): pino.Logger {
  const { LOG_LEVEL, SERVICE_NAME } = env();
  root ??= pino({ level: LOG_LEVEL, base: { service: SERVICE_NAME } });
  return root.child({ module });
}
