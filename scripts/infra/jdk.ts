import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";

// Running the JDK's tools (java, keytool) and Maven for the local Kafka broker.

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface RunResult {
  ok: boolean;
  output: string;
}

export function run(command: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      // Maven 3.8 prints colour codes even with -B; they would garble the error messages built from this.
      const output = stripVTControlCharacters(`${stdout}${stderr}`).trim();
      resolve({ ok: !error, output: output || (error?.message ?? "") });
    });
  });
}

/** A JDK tool (`java`, `keytool`); same rule as Kafka's own kafka-run-class.sh: JAVA_HOME wins over PATH. */
export function jdkCommand(tool: "java" | "keytool"): string {
  const javaHome = process.env.JAVA_HOME;
  return javaHome ? path.join(javaHome, "bin", tool) : tool;
}
