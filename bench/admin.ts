// npm run bench:admin [-- --notifications 1000000 --runs 40]
// The admin list query (GET /api/admin/notifications, through listAdminNotifications as the route
// calls it) with a million notifications in the database: p50/p95 for the first page and for a
// page deep in the results (10,000 rows in, or the last page when a filter matches fewer, reached
// by its cursor), with each filter alone and one combination.
// Then the receipts of a must-read notice to RECIPIENTS people in 50 departments (GET
// /api/admin/notices/{postId}, through getNoticeReceipts), 60% of them read and 30% acknowledged.
// Uses DATABASE_URL if set, otherwise a fresh PostgreSQL of its own (and a Kafka it does not use).
import "./quiet-logs";
import { parseArgs } from "node:util";
import pg from "pg";
import { encodeAdminCursor } from "../lib/admin/admin-cursor";
import { getNoticeReceipts } from "../lib/admin/get-notice-receipts";
import { type AdminListQuery, listAdminNotifications } from "../lib/admin/list-admin-notifications";
import { disconnectDb } from "../lib/db/prisma";
import { EXAMPLE_EVENTS } from "../lib/events/examples";
import { fmt, say, startBenchInfrastructure } from "./bench-stack";

const { values } = parseArgs({
  options: {
    notifications: { type: "string", default: "1000000" },
    runs: { type: "string", default: "40" },
    recipients: { type: "string", default: "100000" },
  },
});
const NOTIFICATIONS = Number(values.notifications);
const RUNS = Number(values.runs);
const RECIPIENTS = Number(values.recipients);
const PEOPLE = 2_000;
const PER_EVENT = 5;
const DEEP = 10_000;
const PAGE = 50;

const infra = await startBenchInfrastructure("bench-admin", { postgres: 54399, kafka: 59092 });
process.env.DATABASE_URL = infra.databaseUrl;
try {
  const client = new pg.Client({ connectionString: infra.databaseUrl });
  await client.connect();
  const filled = performance.now();
  const sample = await fill(client);
  say(
    `\nadmin list benchmark: ${fmt(NOTIFICATIONS)} notifications of ${fmt(PEOPLE)} people over 30 days (filled in ${((performance.now() - filled) / 1000).toFixed(0)} s)`,
  );
  say(
    `  page of ${PAGE}, newest first; deep = ${fmt(DEEP)} rows in (or the last page), by cursor; ${RUNS} runs each, a different value per run where the filter has one\n`,
  );
  say(
    `  ${"filter".padEnd(34)} ${"first p50".padStart(10)} ${"first p95".padStart(10)} ${"deep p50".padStart(10)} ${"deep p95".padStart(10)}`,
  );

  const day = new Date(Date.now() - 15 * 86_400_000);
  const filters: [string, (run: number) => Partial<AdminListQuery>][] = [
    ["none", () => ({})],
    ["recipient", (run) => ({ recipientId: sample.people[run % sample.people.length] })],
    ["department", (run) => ({ departmentId: `D0${1 + (run % 5)}` })],
    ["source", (run) => ({ source: sample.sources[run % sample.sources.length] })],
    ["type", (run) => ({ type: sample.types[run % sample.types.length] })],
    ["status=unread", () => ({ status: "unread" as const })],
    ["status=read", () => ({ status: "read" as const })],
    ["date range (one day, 15 days ago)", () => ({ from: day.toISOString(), to: new Date(day.getTime() + 86_400_000).toISOString() })],
    ["event id", (run) => ({ eventId: sample.eventIds[run % sample.eventIds.length] })],
    [
      "department + unread + source",
      (run) => ({ departmentId: `D0${1 + (run % 5)}`, status: "unread" as const, source: sample.sources[run % sample.sources.length] }),
    ],
  ];
  let worst = 0;
  for (const [name, filter] of filters) {
    const first: number[] = [];
    const deep: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const query = { limit: PAGE, ...filter(run) } as AdminListQuery;
      first.push(await timed(() => listAdminNotifications({ query, locale: "ko" })));
      const cursor = await cursorAt(client, query, DEEP);
      deep.push(cursor ? await timed(() => listAdminNotifications({ query: { ...query, cursor }, locale: "ko" })) : NaN);
    }
    const [f50, f95, d50, d95] = [q(first, 0.5), q(first, 0.95), q(deep, 0.5), q(deep, 0.95)];
    worst = Math.max(worst, f95, Number.isNaN(d95) ? 0 : d95);
    const ms = (v: number) => (Number.isNaN(v) ? "(< deep)" : `${v.toFixed(1)} ms`).padStart(10);
    say(`  ${name.padEnd(34)} ${ms(f50)} ${ms(f95)} ${ms(d50)} ${ms(d95)}`);
  }
  say(`\n  worst p95: ${worst.toFixed(1)} ms (target: at most 50 ms at any depth)\n`);

  const postId = await fillNotice(client);
  const receipts: number[] = [];
  for (let run = 0; run < RUNS; run++) receipts.push(await timed(() => getNoticeReceipts({ postId })));
  const shown = await getNoticeReceipts({ postId });
  say(
    `  receipts of a must-read notice to ${fmt(shown?.total ?? 0)} people (${shown?.byDepartment.length} departments, ${fmt(shown?.acknowledged ?? 0)} acknowledged): p50 ${q(receipts, 0.5).toFixed(1)} ms, p95 ${q(receipts, 0.95).toFixed(1)} ms (target: p95 at most 50 ms)\n`,
  );
  await client.end();
} finally {
  await disconnectDb();
  await infra.stop();
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function q(values: number[], quantile: number): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length < values.length / 2) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))]!;
}

// The cursor the API would hand out after `depth` rows of this filter (set-up only, not timed).
async function cursorAt(client: pg.Client, query: Partial<AdminListQuery>, depth: number): Promise<string | null> {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    values.push(value);
    conditions.push(sql.replace("?", `$${values.length}`));
  };
  if (query.recipientId) add("n.user_id = ?", query.recipientId);
  if (query.departmentId) add("u.department_id = ?", query.departmentId);
  if (query.source) add("n.source = ?", query.source);
  if (query.type) add("n.type = ?", query.type);
  if (query.status === "unread") conditions.push("n.read_at IS NULL");
  if (query.status === "read") conditions.push("n.read_at IS NOT NULL");
  if (query.from) add("n.created_at >= ?", query.from);
  if (query.to) add("n.created_at < ?", query.to);
  if (query.eventId) add("n.event_pk IN (SELECT id FROM events WHERE event_id = ?)", query.eventId);
  const { rows } = await client.query<{ created_at: Date; id: string }>(
    `SELECT n.created_at, n.id FROM notifications n JOIN users u ON u.id = n.user_id
     ${conditions.length ? `WHERE ${conditions.join(" AND ")}` : ""}
     ORDER BY n.created_at DESC, n.id DESC OFFSET ${depth - 1} LIMIT 1`,
    values,
  );
  if (!rows[0] && depth > PAGE) {
    const { rows: counted } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notifications n JOIN users u ON u.id = n.user_id ${conditions.length ? `WHERE ${conditions.join(" AND ")}` : ""}`,
      values,
    );
    return counted[0]!.n > PAGE ? cursorAt(client, query, counted[0]!.n - PAGE) : null;
  }
  return rows[0] ? encodeAdminCursor({ at: rows[0].created_at, id: BigInt(rows[0].id) }) : null;
}

// People, events of every type over the last 30 days (the catalog's examples as payloads) and
// PER_EVENT recipients each, 70% of them read; written with set-based SQL.
async function fill(client: pg.Client) {
  const templates = Object.values(EXAMPLE_EVENTS);
  const events = Math.ceil(NOTIFICATIONS / PER_EVENT);
  await client.query(
    `INSERT INTO users (id, email, name, department_id, password_hash)
     SELECT 'B' || lpad(g::text, 5, '0'), 'b' || g || '@bench.test', 'B' || g, 'D0' || (1 + g % 5), '-' FROM generate_series(1, $1) g`,
    [PEOPLE],
  );
  // The months the rows fall in, as the worker's retention makes them (lib/retention).
  await client.query("SELECT create_monthly_partitions(now() - interval '31 days', now())");
  await client.query(
    `INSERT INTO events (source, event_id, type, time, cloud_event, topic, partition, kafka_offset, received_at)
     SELECT t.source, 'bench-' || g, t.type, at, t.cloud_event, 'bench', 0, g, at
     FROM generate_series(1, $1) g
     JOIN unnest($2::text[], $3::text[], $4::jsonb[]) WITH ORDINALITY AS t(source, type, cloud_event, n) ON t.n = 1 + g % $5
     CROSS JOIN LATERAL (SELECT now() - interval '30 days' * (g::float8 / $1) AS at) a`,
    [events, templates.map((t) => t.source), templates.map((t) => t.type), templates.map((t) => JSON.stringify(t)), templates.length],
  );
  await client.query(
    `INSERT INTO notifications (user_id, seq, event_pk, source, type, created_at, read_at)
     SELECT r.user_id, row_number() OVER (PARTITION BY r.user_id ORDER BY e.id), e.id, e.source, e.type,
            e.received_at + interval '40 milliseconds',
            CASE WHEN (e.id * 7 + k) % 10 < 7 THEN e.received_at + interval '5 minutes' END
     FROM events e
     CROSS JOIN generate_series(0, $1 - 1) k
     CROSS JOIN LATERAL (SELECT 'B' || lpad((1 + (e.id * 7 + k * 397) % $2)::text, 5, '0') AS user_id) r
     WHERE e.topic = 'bench'`,
    [PER_EVENT, PEOPLE],
  );
  await client.query("ANALYZE");
  const eventIds = (
    await client.query<{ event_id: string }>(`SELECT event_id FROM events WHERE topic = 'bench' ORDER BY random() LIMIT 100`)
  ).rows;
  return {
    people: Array.from({ length: 100 }, (_, i) => `B${String(1 + ((i * 37) % PEOPLE)).padStart(5, "0")}`),
    sources: [...new Set(templates.map((t) => t.source))],
    types: templates.map((t) => t.type),
    eventIds: eventIds.map((r) => r.event_id),
  };
}

// A must-read notice to RECIPIENTS people of their own, in 50 departments; written with set-based SQL.
async function fillNotice(client: pg.Client): Promise<string> {
  const postId = "POST-BENCH-RECEIPTS";
  const notice = EXAMPLE_EVENTS["board.notice.published"];
  await client.query(
    `INSERT INTO departments (id, name) SELECT 'RD' || lpad(g::text, 2, '0'), '부서 ' || g FROM generate_series(1, 50) g ON CONFLICT DO NOTHING`,
  );
  await client.query(
    `INSERT INTO users (id, email, name, department_id, password_hash)
     SELECT 'R' || lpad(g::text, 6, '0'), 'r' || g || '@bench.test', 'R' || g, 'RD' || lpad((1 + (g - 1) * 50 / $1)::text, 2, '0'), '-'
     FROM generate_series(1, $1) g`,
    [RECIPIENTS],
  );
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO events (source, event_id, type, subject, thread, cloud_event, topic, partition, kafka_offset)
     VALUES ('groupware/board', 'bench-receipts', 'board.notice.published', $1, 'groupware/board|' || $1, $2, 'bench', 0, 0) RETURNING id`,
    [postId, JSON.stringify({ ...notice, subject: postId, data: { ...notice.data, postId, requiresAck: true } })],
  );
  await client.query(
    `INSERT INTO notifications (user_id, department_id, seq, event_pk, source, type, thread, requires_ack, read_at, acked_at)
     SELECT u.id, u.department_id, 1, $1, 'groupware/board', 'board.notice.published', 'groupware/board|' || $2::text, true,
            CASE WHEN g % 10 < 6 THEN now() END, CASE WHEN g % 10 < 3 THEN now() END
     FROM generate_series(1, $3) g JOIN users u ON u.id = 'R' || lpad(g::text, 6, '0')`,
    [rows[0]!.id, postId, RECIPIENTS],
  );
  // Its receipts, as the store function counts them (migration 20261204000000_retention).
  await client.query(
    `INSERT INTO notice_receipts (event_pk, department_id, total, read, acknowledged)
     SELECT event_pk, department_id, count(*), count(read_at), count(acked_at) FROM notifications WHERE event_pk = $1 GROUP BY 1, 2`,
    [rows[0]!.id],
  );
  await client.query("ANALYZE");
  return postId;
}
