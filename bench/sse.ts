// npm run bench:sse [-- --clients 2000 --rate 1000 --seconds 20 --warmup 3 --streams 12000 --updates 0.25
//                       --parts latency,capacity,memory --snapshot --memory-streams 2000 --memory-rate 500 --memory-seconds 60 --floor false]
// (a) produce-to-receipt latency: `clients` people each hold a live stream to one web process
//     while events are published to Kafka at `rate`/s; each is timed from publish to its arrival
//     on the stream (Kafka → worker → PostgreSQL → NOTIFY → web → SSE), p50/p95/p99. The first
//     `warmup` seconds at the same rate are reported apart (JIT, connection pools and query plans
//     warming up), so the figures are the steady state. The mix includes updates: of the approval
//     requests received, the share `updates` is settled by an approval.completed published on
//     receipt, timed from its publish to the notification-updated frame (reported apart).
// (b) capacity: `streams` streams opened on one web process, its memory per stream once they sit idle
//     (read 15 s after the last opened, when V8 has collected the openings' garbage) and the growth of
//     its V8 heap in use per stream then, beside a bare node:http SSE server holding the same number,
//     and the ratio. With --snapshot the web process
//     writes a heap snapshot before and after opening them (bench/heap-breakdown.ts compares them).
// (c) memory under load: `memory-streams` streams (10 per person) while events naming one of those
//     people are published at `memory-rate`/s for `memory-seconds`: the web process's resident memory
//     sampled every second (Node's default heap settings), and every frame counted at its stream.
// Everything runs on this machine: Kafka, PostgreSQL, the worker, the web process and the clients.
import "./quiet-logs";
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { Kafka, logLevel } from "kafkajs";
import pg from "pg";
import { newSessionToken } from "../lib/auth/session";
import { disconnectDb } from "../lib/db/prisma";
import { topicFor } from "../lib/events/catalog";
import { buildCloudEvent } from "../lib/events/producer";
import { buildWebIfStale, ROOT, startApp, startWeb, terminate, waitForHttp } from "../scripts/stack";
import { fmt, type HeapFigures, heapOf, say, startBenchInfrastructure } from "./bench-stack";
import { floorComparison, measureFloor } from "./floor";

const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "2000" },
    rate: { type: "string", default: "1000" },
    seconds: { type: "string", default: "20" },
    warmup: { type: "string", default: "3" },
    streams: { type: "string", default: "12000" },
    updates: { type: "string", default: "0.25" },
    parts: { type: "string", default: "latency,capacity,memory" },
    snapshot: { type: "boolean", default: false },
    "memory-streams": { type: "string", default: "2000" },
    "memory-rate": { type: "string", default: "500" },
    "memory-seconds": { type: "string", default: "60" },
    floor: { type: "string", default: "true" },
  },
});
const PARTS = new Set(values.parts.split(","));
const SNAPSHOT = values.snapshot;
const MEMORY = {
  streams: Number(values["memory-streams"]),
  rate: Number(values["memory-rate"]),
  seconds: Number(values["memory-seconds"]),
};
const MEMORY_STREAMS_PER_PERSON = 10;
const UPDATES = Number(values.updates);
const CLIENTS = Number(values.clients);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const STREAMS = Number(values.streams);
const STREAMS_PER_PERSON = 8;
/** How long (b) lets the process settle after the last stream opened before it reads its memory. */
const SETTLE_MS = 15_000;
const WEB_PORT = 3200;
const BARE_PORT = 3201;
const METRICS_TOKEN = "bench-metrics-token";

// The reference: the least an SSE server can do per stream in Node (headers, a comment, a timer-free wait).
const BARE_SERVER = `
const http = require("node:http");
http.createServer((req, res) => {
  if (req.url === "/health") return res.end("ok");
  res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
  res.write(": connected\\n\\n");
}).listen(Number(process.argv[1]), "127.0.0.1");
`;

const infra = await startBenchInfrastructure("bench-sse", { postgres: 54379, kafka: 49092 });
const children: ChildProcess[] = [];
try {
  buildWebIfStale(say);
  const people = Math.max(CLIENTS, Math.ceil(STREAMS / STREAMS_PER_PERSON), Math.ceil(MEMORY.streams / MEMORY_STREAMS_PER_PERSON));
  const cookies = await createPeople(infra.databaseUrl, people);
  const env = {
    DATABASE_URL: infra.databaseUrl,
    KAFKA_BROKERS: infra.kafkaBrokers,
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    WORKER_PORT: "3202",
    METRICS_TOKEN,
  };

  say(`\nSSE benchmark (2 cores; Kafka, PostgreSQL, worker, web and clients all on this machine)`);
  if (PARTS.has("latency")) {
    const app = startApp(env, WEB_PORT);
    children.push(app.web, app.worker);
    await waitForHttp(`http://127.0.0.1:${WEB_PORT}/api/health`, app.web, "the web app");
    await waitForHttp("http://127.0.0.1:3202/health", app.worker, "the worker");
    const latency = await measureLatency(infra.kafkaBrokers.split(","), cookies.slice(0, CLIENTS));
    say(
      `  (a) ${fmt(CLIENTS)} streams, ${fmt(RATE)} events/s for ${SECONDS} s: ${fmt(latency.received)}/${fmt(latency.sent)} received;` +
        ` produce-to-receipt p50 ${latency.p50.toFixed(1)} ms, p95 ${latency.p95.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms, max ${latency.max.toFixed(0)} ms`,
    );
    say(`      of which publish → worker's transaction: p50 ${latency.storedP50.toFixed(1)} ms, p99 ${latency.storedP99.toFixed(1)} ms`);
    say(
      `      updates among them (${Math.round(UPDATES * 100)}% of the requests settled by approval.completed): ${fmt(latency.updates.received)}/${fmt(latency.updates.sent)} received;` +
        ` publish → notification-updated p50 ${latency.updates.p50.toFixed(1)} ms, p95 ${latency.updates.p95.toFixed(1)} ms, p99 ${latency.updates.p99.toFixed(1)} ms`,
    );
    say(
      `      warm-up before that (first ${WARMUP} s, not counted above): ${fmt(latency.warmup.received)}/${fmt(latency.warmup.sent)} received;` +
        ` p50 ${latency.warmup.p50.toFixed(1)} ms, p99 ${latency.warmup.p99.toFixed(1)} ms, max ${latency.warmup.max.toFixed(0)} ms`,
    );
    await Promise.all([terminate(app.worker), terminate(app.web)]);
    // Issue 18.5: the floor of the same path, same Kafka and PostgreSQL, same rate (bench/floor.ts).
    if (values.floor !== "false") {
      const floor = await measureFloor({
        brokers: infra.kafkaBrokers.split(","),
        databaseUrl: infra.databaseUrl,
        clients: CLIENTS,
        rate: RATE,
        seconds: SECONDS,
        warmup: WARMUP,
      });
      for (const line of floorComparison(latency, floor)) say(line);
    }
  }

  if (PARTS.has("capacity")) {
    const snapshots: Record<string, string> = SNAPSHOT ? { NODE_OPTIONS: "--heapsnapshot-signal=SIGUSR2" } : {};
    const web = startWeb({ ...env, ...snapshots }, WEB_PORT);
    children.push(web);
    await waitForHttp(`http://127.0.0.1:${WEB_PORT}/api/health`, web, "the web app");
    const ours = await measureCapacity(
      web,
      STREAMS,
      (i) => ({ port: WEB_PORT, path: "/api/notifications/stream", cookie: cookies[i % people]! }),
      { snapshot: SNAPSHOT, heap: webHeap },
    );
    await terminate(web);

    const bare = spawn(process.execPath, ["-e", BARE_SERVER, String(BARE_PORT)], { stdio: "inherit" });
    children.push(bare);
    await waitForHttp(`http://127.0.0.1:${BARE_PORT}/health`, bare, "the bare server");
    const reference = await measureCapacity(bare, STREAMS, () => ({ port: BARE_PORT, path: "/stream", cookie: "" }));
    await terminate(bare);

    say(
      `  (b) one web process held ${fmt(ours.held)} of ${fmt(STREAMS)} streams: ${(ours.perStream / 1024).toFixed(1)} KiB per stream` +
        ` (RSS ${fmt(ours.baseline / 2 ** 20)} → ${fmt(ours.loaded / 2 ** 20)} MiB ${SETTLE_MS / 1000} s after the last opened; ${fmt(ours.opened / 2 ** 20)} MiB 1 s after)`,
    );
    if (ours.settledHeap)
      say(
        `      its V8 heap then: used ${fmt(ours.settledHeap.used / 2 ** 20)} of ${fmt(ours.settledHeap.total / 2 ** 20)} MiB,` +
          ` ${(ours.heapPerStream / 1024).toFixed(1)} KiB used per stream`,
      );
    say(
      `      bare node:http SSE server held ${fmt(reference.held)}: ${(reference.perStream / 1024).toFixed(1)} KiB per stream` +
        ` (RSS ${fmt(reference.baseline / 2 ** 20)} → ${fmt(reference.loaded / 2 ** 20)} MiB, as ours); ratio ${(ours.perStream / reference.perStream).toFixed(1)}×`,
    );
    if (ours.snapshots.length > 0)
      say(`      heap snapshots: ${ours.snapshots.join(", ")} (npx tsx bench/heap-breakdown.ts <before> <after> ${ours.held})`);
  }

  if (PARTS.has("memory")) {
    const app = startApp(env, WEB_PORT);
    children.push(app.web, app.worker);
    await waitForHttp(`http://127.0.0.1:${WEB_PORT}/api/health`, app.web, "the web app");
    await waitForHttp("http://127.0.0.1:3202/health", app.worker, "the worker");
    const memory = await measureMemoryUnderLoad(app.web, infra.kafkaBrokers.split(","), cookies);
    say(
      `  (c) ${fmt(memory.held)} streams (${MEMORY_STREAMS_PER_PERSON} per person), ${fmt(MEMORY.rate)} events/s for ${MEMORY.seconds} s:` +
        ` ${fmt(memory.framesReceived)}/${fmt(memory.framesExpected)} frames received, ${memory.streamsClosed} streams closed by the server`,
    );
    say(
      `      web process RSS: ${fmt(memory.idle / 2 ** 20)} MiB before the streams, ${fmt(memory.opened / 2 ** 20)} MiB with them open,` +
        ` under load p50 ${fmt(memory.p50 / 2 ** 20)} MiB, max ${fmt(memory.max / 2 ** 20)} MiB, at the end ${fmt(memory.last / 2 ** 20)} MiB`,
    );
    say(`      RSS each 10 s (MiB): ${memory.series.map((b) => fmt(b / 2 ** 20)).join(" ")}`);
    say(`      V8 heap used/total/external each 10 s (MiB): ${memory.heap.join(" ")}\n`);
    await Promise.all([terminate(app.worker), terminate(app.web)]);
  }
} finally {
  for (const child of children) child.kill("SIGKILL");
  await infra.stop();
}

// People B00001… in D05 with one session each (the cookie value), written directly: hashing
// thousands of passwords would only slow the set-up. The cookies are signed as the web app signs them.
async function createPeople(databaseUrl: string, count: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const ids = Array.from({ length: count }, (_, i) => `B${String(i + 1).padStart(5, "0")}`);
  process.env.DATABASE_URL = databaseUrl;
  const tokens = await Promise.all(ids.map(() => newSessionToken()));
  await client.query(
    `INSERT INTO users (id, email, name, department_id, password_hash)
     SELECT id, lower(id) || '@bench.test', id, 'D05', '-' FROM unnest($1::text[]) AS t(id)`,
    [ids],
  );
  await client.query(
    `INSERT INTO sessions (id, user_id, expires_at) SELECT s, u, now() + interval '1 day' FROM unnest($1::text[], $2::text[]) AS t(s, u)`,
    [tokens.map((t) => t.id), ids],
  );
  await client.end();
  await disconnectDb();
  return tokens.map((t) => `gw_session=${t.value}`);
}

async function measureLatency(brokers: string[], cookies: string[]) {
  const sentAt = new Map<string, { at: number; warmup: boolean }>();
  const latencies: number[] = [];
  const warmupLatencies: number[] = [];
  // Where the time goes: publish → the worker's transaction (the notification's createdAt), and
  // from there → arrival on the stream (commit, NOTIFY, the web process's read, SSE).
  const toStored: number[] = [];
  // Updates: a request's completion, published when the request arrives, timed to its update frame.
  const settleAt = new Map<string, number>();
  const updateLatencies: number[] = [];
  const settling: { key: string; value: string }[] = [];
  /** The request notification each queued completion settles, by document. */
  const pendingUpdates = new Map<string, string>();
  const offset = Date.now() - performance.now();
  const streams = await Promise.all(
    cookies.map((cookie) =>
      openStream({ port: WEB_PORT, path: "/api/notifications/stream", cookie }, (data, kind) => {
        const item = JSON.parse(data) as { id: string; eventId: string; createdAt: string; thread: string };
        if (kind === "notification-updated") {
          const at = settleAt.get(item.id);
          if (at !== undefined) updateLatencies.push(performance.now() - at);
          settleAt.delete(item.id);
          return;
        }
        const sent = sentAt.get(item.eventId);
        if (sent === undefined) return;
        if (sent.warmup) return void warmupLatencies.push(performance.now() - sent.at);
        latencies.push(performance.now() - sent.at);
        toStored.push(Date.parse(item.createdAt) - offset - sent.at);
        if (Math.random() < UPDATES) {
          const documentId = item.thread.split("|")[1] ?? "";
          const completed = buildCloudEvent({
            type: "approval.completed",
            data: {
              documentId,
              documentTitle: "출장 경비 정산",
              outcome: "approved",
              decidedBy: { id: "E0003", name: "박도윤" },
              requesterId: "E0012",
            },
          });
          settling.push({ key: documentId, value: JSON.stringify(completed) });
          settleAt.set(item.id, Number.NaN);
          pendingUpdates.set(documentId, item.id);
        }
      }),
    ),
  );
  const producer = new Kafka({ clientId: "bench-sse", brokers, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  let updatesSent = 0;
  const sendUpdates = async () => {
    const batch = settling.splice(0);
    if (batch.length === 0) return;
    const now = performance.now();
    for (const { key } of batch) {
      const id = pendingUpdates.get(key);
      if (id !== undefined) settleAt.set(id, now);
    }
    await producer.send({ topic: topicFor("approval.completed", "groupware/approval"), messages: batch });
    updatesSent += batch.length;
  };
  const people = cookies.length;
  const tick = 20;
  const perTick = Math.max(1, Math.round((RATE * tick) / 1000));
  const started = performance.now();
  let sent = 0;
  let warmupSent = 0;
  while (performance.now() - started < (WARMUP + SECONDS) * 1000) {
    const warmup = performance.now() - started < WARMUP * 1000;
    const messages = Array.from({ length: perTick }, () => {
      const event = approvalRequestToOneOf(people);
      return { event, message: { key: event.subject, value: JSON.stringify(event) } };
    });
    const now = performance.now();
    for (const { event } of messages) sentAt.set(event.id, { at: now, warmup });
    await producer.send({ topic: topicFor("approval.requested", "groupware/approval"), messages: messages.map((m) => m.message) });
    await sendUpdates();
    sent += messages.length;
    if (warmup) warmupSent += messages.length;
    const next = started + (sent / RATE) * 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
  }
  const deadline = Date.now() + 15_000;
  while ((latencies.length + warmupLatencies.length < sent || settleAt.size > 0) && Date.now() < deadline) {
    await sendUpdates();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await producer.disconnect();
  for (const s of streams) s.destroy();
  const stored = quantiles(toStored);
  const total = quantiles(latencies);
  const warmupReport = { sent: warmupSent, received: warmupLatencies.length, ...quantiles(warmupLatencies) };
  return {
    sent: sent - warmupSent,
    received: latencies.length,
    ...total,
    storedP50: stored.p50,
    storedP99: stored.p99,
    warmup: warmupReport,
    updates: { sent: updatesSent, received: updateLatencies.length, ...quantiles(updateLatencies) },
  };
}

function quantiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? NaN };
}

async function measureCapacity(
  server: ChildProcess,
  count: number,
  target: (i: number) => Target,
  { snapshot = false, heap }: { snapshot?: boolean; heap?: () => Promise<HeapFigures> } = {},
) {
  const snapshots: string[] = [];
  if (snapshot) snapshots.push(await heapSnapshot(server));
  const baseline = await rss(server.pid!);
  const baselineHeap = await heap?.();
  const open: http.ClientRequest[] = [];
  let held = 0;
  for (let i = 0; i < count; i += 250) {
    const batch = await Promise.allSettled(Array.from({ length: Math.min(250, count - i) }, (_, j) => openStream(target(i + j), () => {})));
    for (const result of batch) {
      if (result.status !== "fulfilled") continue;
      open.push(result.value);
      held++;
    }
    if (batch.some((r) => r.status === "rejected")) break;
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const opened = await rss(server.pid!);
  // What the streams cost while they sit idle, not the garbage of opening them: V8's memory reducer
  // collects that some seconds after allocation stops (a run read 1,002 MiB after 1 s, 872 after 8 s).
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const loaded = await rss(server.pid!);
  const settledHeap = await heap?.();
  if (snapshot) snapshots.push(await heapSnapshot(server));
  for (const request of open) request.destroy();
  const heapPerStream = baselineHeap && settledHeap ? (settledHeap.used - baselineHeap.used) / Math.max(1, held) : Number.NaN;
  return { held, baseline, opened, loaded, perStream: (loaded - baseline) / Math.max(1, held), settledHeap, heapPerStream, snapshots };
}

// The web process runs with --heapsnapshot-signal: it writes Heap.*.<pid>.*.heapsnapshot into its
// working directory; done when the file stops growing.
async function heapSnapshot(server: ChildProcess): Promise<string> {
  const mine = async () => (await readdir(ROOT)).filter((name) => name.endsWith(".heapsnapshot") && name.includes(`.${server.pid}.`));
  const before = new Set(await mine());
  server.kill("SIGUSR2");
  for (let size = -1; ; ) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const file = (await mine()).find((name) => !before.has(name));
    if (!file) continue;
    const now = (await stat(path.join(ROOT, file))).size;
    if (now === size && now > 0) return path.join(ROOT, file);
    size = now;
  }
}

// (c): streams held by people B00001…, 10 each; each event names one of those people, so every
// event is ten frames. The clients count frames and drop them (no parsing beyond the frame's end).
async function measureMemoryUnderLoad(web: ChildProcess, brokers: string[], cookies: string[]) {
  const idle = await rss(web.pid!);
  const people = Math.ceil(MEMORY.streams / MEMORY_STREAMS_PER_PERSON);
  let framesReceived = 0;
  let streamsClosed = 0;
  const open: http.ClientRequest[] = [];
  for (let i = 0; i < MEMORY.streams; i += 250) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(250, MEMORY.streams - i) }, (_, j) =>
        openStream(
          { port: WEB_PORT, path: "/api/notifications/stream", cookie: cookies[(i + j) % people]! },
          (_data, kind) => {
            if (kind === "notification") framesReceived++;
          },
          () => streamsClosed++,
        ),
      ),
    );
    open.push(...batch);
  }
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const opened = await rss(web.pid!);
  const producer = new Kafka({ clientId: "bench-sse-memory", brokers, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  const samples: number[] = [];
  const heap: string[] = [];
  const sampler = setInterval(() => {
    void rss(web.pid!).then((bytes) => samples.push(bytes));
    if (samples.length % 10 === 9) void heapLine().then((figures) => heap.push(figures));
  }, 1_000);
  const tick = 20;
  const perTick = Math.max(1, Math.round((MEMORY.rate * tick) / 1000));
  const started = performance.now();
  let sent = 0;
  while (performance.now() - started < MEMORY.seconds * 1000) {
    const messages = Array.from({ length: perTick }, () => {
      const event = approvalRequestToOneOf(people);
      return { key: event.subject, value: JSON.stringify(event) };
    });
    await producer.send({ topic: topicFor("approval.requested", "groupware/approval"), messages });
    sent += messages.length;
    const next = started + (sent / MEMORY.rate) * 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
  }
  const framesExpected = sent * MEMORY_STREAMS_PER_PERSON;
  const deadline = Date.now() + 20_000;
  while (framesReceived < framesExpected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  clearInterval(sampler);
  const last = await rss(web.pid!);
  await producer.disconnect();
  for (const request of open) request.destroy();
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    held: open.length,
    framesReceived,
    framesExpected,
    streamsClosed,
    idle,
    opened,
    p50: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    last,
    series: samples.filter((_, i) => i % 10 === 9),
    heap,
  };
}

// The web process's own view (prom-client's runtime metrics): V8 heap used/total and memory outside it, MiB.
function webHeap(): Promise<HeapFigures> {
  return heapOf(`http://127.0.0.1:${WEB_PORT}/api/metrics`, METRICS_TOKEN);
}
async function heapLine(): Promise<string> {
  const heap = await webHeap();
  return [heap.used, heap.total, heap.external].map((bytes) => fmt(bytes / 2 ** 20)).join("/");
}

interface Target {
  port: number;
  path: string;
  cookie: string;
}

// Resolves once the stream answered 200 and sent its first bytes; calls onData per SSE data line.
function openStream(target: Target, onData: (data: string, kind: string) => void, onEnd?: () => void): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      { host: "127.0.0.1", port: target.port, path: target.path, agent: false, headers: target.cookie ? { cookie: target.cookie } : {} },
      (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          reject(new Error(`status ${response.statusCode}`));
          return;
        }
        let buffer = "";
        let first = true;
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          if (first) {
            first = false;
            resolve(request);
          }
          buffer += chunk;
          for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const lines = frame.split("\n");
            const data = lines.find((line) => line.startsWith("data: "));
            const kind = lines.find((line) => line.startsWith("event: "))?.slice(7) ?? "message";
            if (data) onData(data.slice(6), kind);
          }
        });
        response.on("error", () => undefined);
        if (onEnd) response.on("end", onEnd);
      },
    );
    request.on("error", reject);
  });
}

async function rss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) * 1024;
}

// An approval request to one of the benchmark's people B00001…, at random: what both parts publish.
function approvalRequestToOneOf(people: number) {
  const recipient = `B${String(1 + Math.floor(Math.random() * people)).padStart(5, "0")}`;
  return buildCloudEvent({
    type: "approval.requested",
    data: {
      documentId: `DOC-${randomUUID()}`,
      documentTitle: "출장 경비 정산",
      requester: { id: "E0012", name: "이서준" },
      approverIds: [recipient],
    },
  });
}
