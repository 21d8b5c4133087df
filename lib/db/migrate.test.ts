import { createHash, randomBytes } from "node:crypto";
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireSetting } from "../env";
import { ACTION_COUNTS_SQL } from "../notifications/counts";
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
      // Tables, not their monthly partitions (migration 20261204000000_retention).
      const tables = await client.query<{ tablename: string }>(
        `SELECT relname AS tablename FROM pg_class JOIN pg_namespace ns ON ns.oid = relnamespace
         WHERE nspname = 'public' AND relkind IN ('r', 'p') AND NOT relispartition ORDER BY relname`,
      );
      expect(tables.rows.map((r) => r.tablename)).toEqual([
        "_prisma_migrations",
        "app_secrets",
        "dead_letter_replays",
        "dead_letters",
        "departments",
        "event_keys",
        "events",
        "login_attempts",
        "notice_receipts",
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

// Partitioning rewrites the tables the worker writes (migration 20261204000000_retention): a
// database made by the migrations before it, with rows in it, keeps every row, cursor and key.
describe("the migration to monthly partitions", () => {
  const { databaseUrl, client } = databaseMadeBefore(PARTITIONING, "partition_test");

  it("keeps every row, in the partition of its month, and every event stays stored once", async () => {
    await twoPeopleInD1(client);
    await storeEvents(client, [custom("e1", ["u1", "u2"]), custom("e2", ["u1"]), approvalRequest("e3", "DOC-1", ["u1", "u2"])]);
    await storeEvents(client, [approvalCompleted("e4", "DOC-1")]);
    // Half of it from June: its rows belong to that month's partition after the migration.
    await client.query(`UPDATE events SET received_at = '2026-06-15T08:00:00Z' WHERE event_id IN ('e1', 'e2')`);
    await client.query(`UPDATE notifications SET created_at = '2026-06-15T08:00:00Z', read_at = '2026-06-16T08:00:00Z'
                        WHERE event_pk IN (SELECT id FROM events WHERE event_id IN ('e1', 'e2'))`);
    const rows = async () => ({
      events: (await client.query("SELECT id, source, event_id, type, received_at, thread, requires_ack FROM events ORDER BY id")).rows,
      notifications: (
        await client.query("SELECT id, user_id, seq, event_pk, created_at, read_at, status, action, thread FROM notifications ORDER BY id")
      ).rows,
      updates: (await client.query("SELECT user_id, seq, notification_id FROM notification_updates ORDER BY user_id, seq")).rows,
      effects: (await client.query("SELECT id, thread, event_pk, status FROM thread_effects ORDER BY id")).rows,
      cursors: (await client.query("SELECT id, notification_seq FROM users ORDER BY id")).rows,
    });
    const kept = await rows();
    expect(kept.notifications).toHaveLength(5);
    expect(kept.updates).toHaveLength(2);

    await applyMigrations(databaseUrl);

    expect(await rows()).toEqual(kept);
    const partitions = await client.query<{ name: string; n: number }>(
      "SELECT tableoid::regclass::text AS name, count(*)::int AS n FROM notifications GROUP BY 1 ORDER BY 1",
    );
    expect(partitions.rows).toEqual([
      { name: "notifications_p202606", n: 3 },
      { name: `notifications_p${new Date().toISOString().slice(0, 7).replace("-", "")}`, n: 2 },
    ]);
    const keys = await client.query("SELECT source, event_id FROM event_keys ORDER BY event_id");
    expect(keys.rows.map((row) => row.event_id)).toEqual(["e1", "e2", "e3", "e4"]);
    // An old event sent again is not stored again; a new one continues every sequence.
    expect(await storeEvents(client, [custom("e1", ["u1", "u2"]), custom("e5", ["u1"])])).toMatchObject({
      stored_events: 1,
      stored_notifications: 1,
    });
    const fresh = await client.query("SELECT n.id, n.seq FROM notifications n JOIN events e ON e.id = n.event_pk WHERE e.event_id = 'e5'");
    const lastKept = kept.notifications.at(-1) as { id: string };
    expect(BigInt(fresh.rows[0].id)).toBeGreaterThan(BigInt(lastKept.id));
    const u1 = kept.cursors.find((row: { id: string }) => row.id === "u1") as { notification_seq: string };
    expect(BigInt(fresh.rows[0].seq)).toBe(BigInt(u1.notification_seq) + 1n);
  });
});

// Must-read notices stored before migration 20261207000000_must_read_marker are marked by it: they
// stay open actions for their readers, and the writer marks the ones stored after it.
describe("the migration that marks must-read notifications", () => {
  const { databaseUrl, client } = databaseMadeBefore(MUST_READ_MARKER, "marker_test");

  it("marks the notifications of the must-read notices stored before it, and new ones are marked as they are stored", async () => {
    await twoPeopleInD1(client);
    await storeEvents(client, [notice("n1", true), notice("n2", false), custom("e1", ["u1"])]);

    await applyMigrations(databaseUrl);
    await storeEvents(client, [notice("n3", true), notice("n4", false)]);

    const marked = await client.query(
      `SELECT e.event_id, n.user_id, n.requires_ack FROM notifications n JOIN events e ON e.id = n.event_pk ORDER BY 1, 2`,
    );
    expect(marked.rows).toEqual([
      { event_id: "e1", user_id: "u1", requires_ack: false },
      ...["n1", "n2", "n3", "n4"].flatMap((id) =>
        ["u1", "u2"].map((user_id) => ({ event_id: id, user_id, requires_ack: id === "n1" || id === "n3" })),
      ),
    ]);
    await client.query(
      "UPDATE notifications SET acked_at = now() WHERE user_id = 'u2' AND event_pk = (SELECT id FROM events WHERE event_id = 'n1')",
    );
    const counts = await client.query(ACTION_COUNTS_SQL, [["u1", "u2"]]);
    expect(counts.rows).toEqual([
      { user_id: "u1", actions: 2 },
      { user_id: "u2", actions: 1 },
    ]);
  });
});

// The batch writer keeps its plans, and plans a batch of more than 500 rows for its own size
// (migration 20261207000000_must_read_marker): such a batch goes through that path whole.
describe("a batch of more than 500 notifications", () => {
  const { client } = databaseMadeBefore(AFTER_EVERY_MIGRATION, "large_batch_test");

  it("stores every one of them, each at its person's next cursor", async () => {
    await client.query(`INSERT INTO departments (id, name) VALUES ('D2', 'Two')`);
    await client.query(`INSERT INTO users (id, email, name, department_id, password_hash)
                        SELECT 'big' || g, 'big' || g || '@x.test', 'big' || g, 'D2', '-' FROM generate_series(1, 600) g`);
    const notice = { ...custom("big", []), audience: { departmentIds: ["D2"] } };
    expect(await storeEvents(client, [notice])).toMatchObject({ stored_events: 1, stored_notifications: 600 });
    const seqs = await client.query("SELECT count(*)::int AS n, min(seq)::int AS low, max(seq)::int AS high FROM notifications");
    expect(seqs.rows[0]).toEqual({ n: 600, low: 1, high: 1 });
  });
});

const PARTITIONING = "20261204000000_retention";
/** A name after every migration's: a database made by all of them. */
const AFTER_EVERY_MIGRATION = "99999999999999";
const MUST_READ_MARKER = "20261207000000_must_read_marker";

/** A database of its own, made by the migrations before `migration`, for the describe that calls this. */
function databaseMadeBefore(migration: string, prefix: string) {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const serverUrl = new URL(requireSetting("DATABASE_URL"));
  const databaseUrl = withDatabase(serverUrl, name);
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  const client = new pg.Client({ connectionString: databaseUrl });
  let before = "";

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    before = await mkdtemp(path.join(tmpdir(), "migrations-before-"));
    for (const entry of await readdir(MIGRATIONS_DIR, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name < migration)
        await cp(path.join(MIGRATIONS_DIR, entry.name), path.join(before, entry.name), { recursive: true });
    }
    await applyMigrations(databaseUrl, before);
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    await rm(before, { recursive: true, force: true });
  });
  return { databaseUrl, client };
}

interface RawEvent {
  source: string;
  id: string;
  type: string;
  subject: string | null;
  data: object;
  audience: object;
  effect: object | null;
}

function custom(id: string, userIds: string[]): RawEvent {
  return {
    source: "groupware/board",
    id,
    type: "notification.custom",
    subject: null,
    data: { title: id },
    audience: { userIds },
    effect: null,
  };
}

function notice(id: string, requiresAck: boolean): RawEvent {
  const data = { postId: id, title: id, author: { id: "a", name: "a" }, requiresAck };
  return {
    source: "groupware/board",
    id,
    type: "board.notice.published",
    subject: id,
    data,
    audience: { departmentIds: ["D1"] },
    effect: null,
  };
}

function approvalRequest(id: string, documentId: string, approverIds: string[]): RawEvent {
  const data = { documentId, documentTitle: "t", requester: { id: "r", name: "r" }, approverIds };
  return {
    source: "groupware/approval",
    id,
    type: "approval.requested",
    subject: documentId,
    data,
    audience: { userIds: approverIds },
    effect: null,
  };
}

function approvalCompleted(id: string, documentId: string): RawEvent {
  const effect = { status: "resolved", types: ["approval.requested"], outcome: "approved", by: { id: "u1", name: "u1" } };
  const data = { documentId, documentTitle: "t", outcome: "approved", decidedBy: { id: "u1" }, requesterId: "r" };
  return { source: "groupware/approval", id, type: "approval.completed", subject: documentId, data, audience: { userIds: [] }, effect };
}

async function twoPeopleInD1(client: pg.Client): Promise<void> {
  await client.query(`INSERT INTO departments (id, name) VALUES ('D1', 'One')`);
  await client.query(`INSERT INTO users (id, email, name, department_id, password_hash)
                      VALUES ('u1', 'u1@x.test', 'u1', 'D1', '-'), ('u2', 'u2@x.test', 'u2', 'D1', '-')`);
}

// The worker's write path as it is called (lib/notifications/store-batch.ts), with plain arrays.
async function storeEvents(client: pg.Client, events: RawEvent[]) {
  const { rows } = await client.query(
    `SELECT * FROM store_notification_batch($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[],
                                            $7::jsonb[], $8::text[], $9::int[], $10::bigint[], $11::jsonb[], $12::jsonb[])`,
    [
      events.map((e) => e.source),
      events.map((e) => e.id),
      events.map((e) => e.type),
      events.map((e) => e.subject),
      events.map(() => "2026-06-15T08:00:00Z"),
      events.map(() => null),
      events.map((e) => JSON.stringify({ specversion: "1.0", id: e.id, source: e.source, type: e.type, data: e.data })),
      events.map(() => "test"),
      events.map(() => 0),
      events.map((_, i) => String(i)),
      events.map((e) => JSON.stringify(e.audience)),
      events.map((e) => (e.effect ? JSON.stringify(e.effect) : null)),
    ],
  );
  return rows[0];
}

function withDatabase(url: URL, database: string): string {
  const copy = new URL(url);
  copy.pathname = `/${database}`;
  return copy.toString();
}
