import pino from "pino";
import { env } from "./env";

// One structured JSON logger per process; modules take a child with their own name.
let root: pino.Logger | undefined;

export function logger(module: string): pino.Logger {
  root ??= pino({ level: env().LOG_LEVEL, base: { service: process.env.SERVICE_NAME ?? "web" } });
  return root.child({ module });
}
