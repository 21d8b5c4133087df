import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireSetting } from "../env";
import { applyMigrations, MIGRATIONS_DIR } from "./migrate";

// Against an empty database of its own on the server npm test started.
describe("applyMigrations", () => {
  const name = `migrate_test_${randomBytes(4).toString("hex")}`;
  const serverUrl = new URL(requireSetting("DATABASE_URL"));
  const databaseUrl = withDatabase(serverUrl, name);
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it("creates the schema on an empty database and records it as Prisma does", async () => {
    const all = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    const result = await applyMigrations(databaseUrl);
    expect(result.applied).toEqual(all.sort());
    expect(result.applied[0]).toBe("20261125000000_init");

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const tables = await client.query<{ tablename: string }>(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
      );
      expect(tables.rows.map((r) => r.tablename)).toEqual([
        "_prisma_migrations",
        "app_secrets",
        "dead_letter_replays",
        "dead_letters",
        "departments",
        "events",
        "login_attempts",
        "notification_preferences",
        "notification_updates",
        "notifications",
        "sessions",
        "thread_effects",
        "users",
      ]);
      // The durable timers' queue is installed with the schema (lib/db/migrate.ts).
      const queue = await client.query<{ jobs: string | null }>("SELECT to_regclass('graphile_worker.jobs')::text AS jobs");
      expect(queue.rows[0]?.jobs).toBe("graphile_worker.jobs");
      const recorded = await client.query(
        `SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM "_prisma_migrations"`,
      );
      const sql = await readFile(path.join(MIGRATIONS_DIR, "20261125000000_init", "migration.sql"));
      expect(recorded.rows).toHaveLength(all.length);
      expect(recorded.rows.find((r) => r.migration_name === "20261125000000_init")).toMatchObject({
        migration_name: "20261125000000_init",
        checksum: createHash("sha256").update(sql).digest("hex"),
        applied_steps_count: 1,
        rolled_back_at: null,
      });
      for (const row of recorded.rows) expect(row.finished_at).toBeInstanceOf(Date);
      const indexes = await client.query<{ indexname: string }>(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'notifications' ORDER BY indexname",
      );
      expect(indexes.rows.map((r) => r.indexname)).toContain("notifications_unread_idx");
    } finally {
      await client.end();
    }
  });

  it("is a no-op the second time", async () => {
    const result = await applyMigrations(databaseUrl);
    const count = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).length;
    expect(result).toEqual({ applied: [], alreadyApplied: count });
  });
});

function withDatabase(url: URL, database: string): string {
  const copy = new URL(url);
  copy.pathname = `/${database}`;
  return copy.toString();
}
