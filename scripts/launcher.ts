import { ConfigError } from "../lib/env";
import { SetupError } from "./infra/setup-error";

// Shared by npm start and npm test: run a body, undo what it started (in reverse) on Ctrl-C,
// SIGTERM, success or failure, and show set-up problems as one clear message, not a stack trace.

type Cleanup = () => Promise<void>;

export function say(message: string): void {
  process.stdout.write(`${message}\n`);
}

export async function runLauncher(body: (onStop: (cleanup: Cleanup) => void) => Promise<number | undefined>): Promise<never> {
  const cleanups: Cleanup[] = [];
  let stopping = false;
  const stop = async (code: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    }
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(130));
  process.on("SIGTERM", () => void stop(143));
  try {
    const code = await body((cleanup) => cleanups.push(cleanup));
    return await stop(code ?? 0);
  } catch (error) {
    if (stopping) return await stop(1);
    if (error instanceof SetupError || error instanceof ConfigError) say(`\n✖ ${error.message}\n`);
    else say(`\n✖ ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return await stop(1);
  }
}
