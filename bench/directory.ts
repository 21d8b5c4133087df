// npm run bench:directory [-- --people 100000 --streams 2000 --notices 300]
// A company of `people`, on this machine: (a) the import, from the CSV file to every person applied
// by the worker (parse, check, publish the directory's events, apply); (b) an all-company notice to
// the demo's 51 people and then to the whole company: how long until it is stored, and from then
// until every one of `streams` open streams (spread over the directory) has it; (c) years of
// must-read notices: `notices` of them, each to one department, nine in ten acknowledged by their
// readers, then what every live-stream read and every opened list pays for them: the open actions
// of 100 people (as the hub counts them for a read's frames) and one person's list with its pinned
// notices.
import "./quiet-logs";
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { newSessionToken } from "../lib/auth/session";
import { disconnectDb } from "../lib/db/prisma";
import { parseDepartments, parsePeople } from "../lib/directory/directory-file";
import { publishDirectory } from "../lib/directory/publish-directory";
import { EventPublisher } from "../lib/events/producer";
import { actionCounts, READ_SETTINGS } from "../lib/notifications/list-notifications-after";
import { DEMO_DIRECTORY } from "../prisma/seed";
import { buildWebIfStale, ROOT, startApp, terminate, waitForHttp } from "../scripts/stack";
import { fmt, say, startBenchInfrastructure } from "./bench-stack";

const { values } = parseArgs({
  options: {
    people: { type: "string", default: "100000" },
    streams: { type: "string", default: "2000" },
    notices: { type: "string", default: "300" },
  },
});
const PEOPLE = Number(values.people);
const STREAMS = Number(values.streams);
const NOTICES = Number(values.notices);
/** Of the must-read notices, the share their readers have acknowledged (all but the latest). */
const ACKNOWLEDGED = 0.9;
const RUNS = 20;
const DEPARTMENTS = 100;
const WEB_PORT = 3220;

const infra = await startBenchInfrastructure("bench-directory", { postgres: 54389, kafka: 59092 });
const children: ChildProcess[] = [];
const database = new pg.Client({ connectionString: infra.databaseUrl });
await database.connect();
process.env.DATABASE_URL = infra.databaseUrl;
const publisher = new EventPublisher(infra.kafkaBrokers.split(","), "bench-directory");
try {
  buildWebIfStale(say);
  const app = startApp(
    { DATABASE_URL: infra.databaseUrl, KAFKA_BROKERS: infra.kafkaBrokers, NODE_ENV: "production", LOG_LEVEL: "warn", WORKER_PORT: "3222" },
    WEB_PORT,
  );
  children.push(app.web, app.worker);
  await waitForHttp(`http://127.0.0.1:${WEB_PORT}/api/health`, app.web, "the web app");
  await waitForHttp("http://127.0.0.1:3222/health", app.worker, "the worker");
  say(`\ndirectory benchmark (2 cores; Kafka, PostgreSQL, the worker, the web process and the clients all on this machine)`);

  const small = await notice(
    DEMO_DIRECTORY.map((person) => person.id),
    "the demo's 51 people",
  );

  const files = await writeCompany(PEOPLE);
  const started = performance.now();
  const departments = parseDepartments("departments.csv", await readFile(files.departments, "utf8"));
  const people = parsePeople("people.csv", await readFile(files.people, "utf8"));
  const checked = performance.now();
  await publishDirectory({ publisher, departments: departments.rows, people: people.rows });
  const published = performance.now();
  await until(async () => (await count("SELECT count(*)::int AS n FROM users WHERE id LIKE 'P%'")) >= PEOPLE, 600_000);
  const applied = performance.now();
  const seconds = (applied - started) / 1000;
  say(
    `  (a) import of ${fmt(PEOPLE)} people in ${DEPARTMENTS} departments: ${seconds.toFixed(1)} s from file to applied → ${fmt(PEOPLE / seconds)} people/s` +
      ` (read and checked ${((checked - started) / 1000).toFixed(1)} s, published ${((published - checked) / 1000).toFixed(1)} s, applied ${((applied - published) / 1000).toFixed(1)} s more)`,
  );

  const everyone = await database.query<{ id: string }>("SELECT id FROM users WHERE id LIKE 'P%' ORDER BY id");
  const spread = Array.from({ length: STREAMS }, (_, i) => everyone.rows[Math.floor((i * everyone.rows.length) / STREAMS)]?.id ?? "");
  const large = await notice(spread, `the whole company (${fmt(PEOPLE + DEMO_DIRECTORY.length)} people)`);
  say(
    `  target: stored ≤ 5 s (${large.stored <= 5 ? "met" : "missed"}), on every stream ≤ 3 s after (${large.delivered <= 3 ? "met" : "missed"})`,
  );
  say(
    `  for comparison, the demo directory: stored in ${small.stored.toFixed(2)} s, on every stream ${small.delivered.toFixed(2)} s after`,
  );
  await mustReadNotices(spread);
  say("");
} finally {
  await publisher.close();
  await database.end();
  await Promise.all(children.map((child) => terminate(child)));
  await disconnectDb();
  await infra.stop();
}

/** Publishes an all-company notice with streams open for `holders`; seconds until stored, then until every stream has it. */
async function notice(holders: string[], who: string): Promise<{ stored: number; delivered: number }> {
  const streams = await openStreams(holders);
  const postId = `BENCH-${randomUUID()}`;
  const arrived = new Set<number>();
  let allArrived = 0;
  for (const [i, stream] of streams.entries()) {
    stream.onData((data) => {
      if (!data.includes(postId)) return;
      arrived.add(i);
      if (arrived.size === streams.length) allArrived = performance.now();
    });
  }
  const started = performance.now();
  const event = await publisher.publish({
    type: "board.notice.published",
    // An author outside the directory: everyone is told (an author in it would not be, nor wait on their own stream).
    data: { postId, title: "전사 공지: 벤치마크", author: { id: "BENCH-AUTHOR", name: "벤치마크" }, audience: { all: true } },
  });
  const expected = await count("SELECT count(*)::int AS n FROM users WHERE active");
  await until(
    async () =>
      (await count(`SELECT count(*)::int AS n FROM notifications n JOIN events e ON e.id = n.event_pk WHERE e.event_id = '${event.id}'`)) >=
      expected,
    120_000,
  );
  const stored = performance.now();
  await until(async () => allArrived > 0, 120_000);
  for (const stream of streams) stream.close();
  const result = { stored: (stored - started) / 1000, delivered: Math.max(0, allArrived - stored) / 1000 };
  say(
    `  (b) all-company notice to ${who}, ${fmt(streams.length)} streams open: ${fmt(expected)} notifications stored in ${result.stored.toFixed(2)} s;` +
      ` on every stream ${result.delivered.toFixed(2)} s after that`,
  );
  return result;
}

/** (c): NOTICES must-read notices, one department each, mostly acknowledged; then the reads that count them. */
async function mustReadNotices(streaming: string[]): Promise<void> {
  const perDepartment = Math.ceil(PEOPLE / DEPARTMENTS);
  const started = performance.now();
  const published = await publisher.publishMany(
    Array.from({ length: NOTICES }, (_, i) => ({
      type: "board.notice.published" as const,
      data: {
        postId: `BENCH-MUST-READ-${i}`,
        title: `필독 공지 ${i + 1}`,
        author: { id: "BENCH-AUTHOR", name: "벤치마크" },
        audience: { departmentIds: [`DB${String((i % DEPARTMENTS) + 1).padStart(3, "0")}`] },
        requiresAck: true,
      },
    })),
  );
  const ids = published.map((event) => event.id);
  const storedRows = async () =>
    (
      await database.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM notifications n JOIN events e ON e.id = n.event_pk WHERE e.event_id = ANY($1)",
        [ids],
      )
    ).rows[0]?.n ?? 0;
  await until(async () => (await storedRows()) >= NOTICES * perDepartment, 600_000, 1_000);
  const stored = (performance.now() - started) / 1000;
  // Everyone acknowledged the older ones, as the ack route records it.
  await database.query(
    "UPDATE notifications SET acked_at = now(), read_at = coalesce(read_at, now()) WHERE event_pk IN (SELECT id FROM events WHERE event_id = ANY($1))",
    [ids.slice(0, Math.floor(NOTICES * ACKNOWLEDGED))],
  );
  await database.query("ANALYZE notifications");

  // The hub's own way: its connection's settings, the statement prepared, 100 people a read.
  const hub = new pg.Client({ connectionString: infra.databaseUrl });
  await hub.connect();
  let counts: number[];
  try {
    await hub.query(READ_SETTINGS);
    const people = streaming.slice(0, 100);
    counts = await timed(() => actionCounts(hub, people));
  } finally {
    await hub.end();
  }
  const [reader] = await openSessions([streaming[0] ?? ""]);
  const lists = await timed(async () => {
    const response = await fetch(`http://127.0.0.1:${WEB_PORT}/api/notifications`, { headers: { cookie: reader ?? "" } });
    if (response.status !== 200) throw new Error(`GET /api/notifications: ${response.status}`);
    await response.arrayBuffer();
  });
  say(
    `  (c) ${fmt(NOTICES)} must-read notices to one department each (${fmt(NOTICES * perDepartment)} notifications, stored in ${stored.toFixed(1)} s),` +
      ` ${Math.round(ACKNOWLEDGED * 100)} % acknowledged: open actions of 100 people (a live-stream read) p50 ${median(counts).toFixed(1)} ms,` +
      ` max ${Math.max(...counts).toFixed(1)} ms; one person's list with its pinned notices p50 ${median(lists).toFixed(1)} ms, max ${Math.max(...lists).toFixed(1)} ms (${RUNS} runs each)`,
  );
}

/** Milliseconds of each of RUNS runs, one after the other. */
async function timed(run: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times;
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
}

async function writeCompany(people: number): Promise<{ people: string; departments: string }> {
  const dir = path.join(ROOT, ".data", "bench-directory", "import");
  await mkdir(dir, { recursive: true });
  const departmentRows = Array.from({ length: DEPARTMENTS }, (_, i) => `DB${String(i + 1).padStart(3, "0")},부서 ${i + 1},`);
  const peopleRows = Array.from({ length: people }, (_, i) => {
    const id = `P${String(i + 1).padStart(6, "0")}`;
    return `${id},${id.toLowerCase()}@bench.test,직원 ${i + 1},DB${String((i % DEPARTMENTS) + 1).padStart(3, "0")},USER,ko,true`;
  });
  const files = { people: path.join(dir, "people.csv"), departments: path.join(dir, "departments.csv") };
  await writeFile(files.departments, ["id,name,parentId", ...departmentRows].join("\n"));
  await writeFile(files.people, ["id,email,name,departmentId,role,locale,active", ...peopleRows].join("\n"));
  return files;
}

interface Stream {
  onData(listener: (data: string) => void): void;
  close(): void;
}

async function openStreams(userIds: string[]): Promise<Stream[]> {
  const cookies = await openSessions(userIds);
  const streams: Stream[] = [];
  for (let i = 0; i < cookies.length; i += 200) {
    streams.push(...(await Promise.all(cookies.slice(i, i + 200).map((cookie) => openStream(cookie)))));
  }
  return streams;
}

/** A signed-in session for each person, written directly; their cookies. */
async function openSessions(userIds: string[]): Promise<string[]> {
  const tokens = await Promise.all(userIds.map(() => newSessionToken()));
  await database.query(
    "INSERT INTO sessions (id, user_id, expires_at) SELECT s, u, now() + interval '1 day' FROM unnest($1::text[], $2::text[]) AS t(s, u)",
    [tokens.map((t) => t.id), userIds],
  );
  return tokens.map((token) => `gw_session=${token.value}`);
}

function openStream(cookie: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const listeners: ((data: string) => void)[] = [];
    const request = http.get(
      { host: "127.0.0.1", port: WEB_PORT, path: "/api/notifications/stream", agent: false, headers: { cookie } },
      (response) => {
        if (response.statusCode !== 200) return reject(new Error(`status ${response.statusCode}`));
        response.setEncoding("utf8");
        let buffer = "";
        response.on("data", (chunk: string) => {
          buffer += chunk;
          for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
            const data = buffer
              .slice(0, end)
              .split("\n")
              .find((line) => line.startsWith("data: "));
            buffer = buffer.slice(end + 2);
            if (data) for (const listener of listeners) listener(data);
          }
        });
        response.on("error", () => undefined);
        resolve({ onData: (listener) => listeners.push(listener), close: () => request.destroy() });
      },
    );
    request.on("error", reject);
  });
}

async function count(sql: string): Promise<number> {
  return (await database.query<{ n: number }>(sql)).rows[0]?.n ?? 0;
}

async function until(done: () => Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`not done within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
