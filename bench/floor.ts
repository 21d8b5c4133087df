// The floor of the delivery path (issue 18.5): what the least code doing the same hops costs on this
// machine, with the same Kafka and PostgreSQL, so our latency can be given as a ratio measured in
// the same run instead of an absolute figure that swings with the machine. Three pieces, each as
// bare as it can be:
// - a kafkajs consumer (its own process) that runs, per message, one statement that inserts the
//   row into a table of its own and NOTIFYs it (pg_notify in the same statement: one round trip);
//   partitions consumed side by side, as the worker does, with one connection each;
// - a pg LISTEN client and a node:http SSE writer in one process (as the web process holds both),
//   forwarding each notified row, as the NOTIFY carried it, to its person's plain HTTP streams;
// - `clients` plain HTTP clients here, one person each, timing publish → frame.
// measureFloor() is called by bench/sse.ts; run directly, this file is one of the two processes.
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import http from "node:http";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Kafka, logLevel } from "kafkajs";
import pg from "pg";
import { buildCloudEvent } from "../lib/events/producer";
import { PARTITIONS } from "../lib/events/topics";
import { ROOT, terminate } from "../scripts/stack";
import { fmt } from "./bench-stack";

export interface FloorOptions {
  brokers: string[];
  databaseUrl: string;
  /** Streams, one person each; every message names a random one of them. */
  clients: number;
  rate: number;
  seconds: number;
  /** Published first at the same rate, not counted. */
  warmup: number;
  port?: number;
}

export interface Latency {
  p50: number;
  p99: number;
}

export interface FloorResult extends Latency {
  sent: number;
  received: number;
  p95: number;
  max: number;
}

const FILE = fileURLToPath(import.meta.url);

export async function measureFloor({
  brokers,
  databaseUrl,
  clients,
  rate,
  seconds,
  warmup,
  port = 3210,
}: FloorOptions): Promise<FloorResult> {
  const name = `floor_${randomUUID().slice(0, 8)}`;
  const topic = `bench.${name}`;
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  // A table of its own, with what a notification needs to be found again and nothing to maintain.
  await db.query(
    `CREATE TABLE ${name} (id bigserial PRIMARY KEY, user_id text NOT NULL, event_id text NOT NULL, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
  );
  const kafka = new Kafka({ clientId: "bench-floor", brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }] });
  const children: ChildProcess[] = [];
  const streams: http.ClientRequest[] = [];
  try {
    const server = await startRole(["server", databaseUrl, name, String(port)]);
    children.push(server);
    const consumer = await startRole(["consumer", brokers.join(","), databaseUrl, name, topic]);
    children.push(consumer);

    const sentAt = new Map<string, { at: number; warmup: boolean }>();
    const latencies: number[] = [];
    let warmupReceived = 0;
    for (let i = 0; i < clients; i += 250) {
      const batch = Array.from({ length: Math.min(250, clients - i) }, (_, j) =>
        openBareStream(port, personOf(i + j), (eventId) => {
          const sent = sentAt.get(eventId);
          if (sent === undefined) return;
          if (sent.warmup) warmupReceived++;
          else latencies.push(performance.now() - sent.at);
        }),
      );
      streams.push(...(await Promise.all(batch)));
    }

    // The same publishing as bench/sse.ts's measurement: a batch every 20 ms, each event naming one person.
    const producer = kafka.producer();
    await producer.connect();
    const perTick = Math.max(1, Math.round((rate * 20) / 1000));
    const started = performance.now();
    let sent = 0;
    let warmupSent = 0;
    while (performance.now() - started < (warmup + seconds) * 1000) {
      const inWarmup = performance.now() - started < warmup * 1000;
      const events = Array.from({ length: perTick }, () =>
        buildCloudEvent({
          type: "approval.requested",
          data: {
            documentId: `DOC-${randomUUID()}`,
            documentTitle: "출장 경비 정산",
            requester: { id: "E0012", name: "이서준" },
            approverIds: [personOf(Math.floor(Math.random() * clients))],
          },
        }),
      );
      const now = performance.now();
      for (const event of events) sentAt.set(event.id, { at: now, warmup: inWarmup });
      await producer.send({ topic, messages: events.map((event) => ({ key: event.subject, value: JSON.stringify(event) })) });
      sent += events.length;
      if (inWarmup) warmupSent += events.length;
      const next = started + (sent / rate) * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
    }
    const deadline = Date.now() + 15_000;
    while (latencies.length + warmupReceived < sent && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    await producer.disconnect();
    const sorted = latencies.sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
    return {
      sent: sent - warmupSent,
      received: latencies.length,
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
      max: sorted.at(-1) ?? Number.NaN,
    };
  } finally {
    for (const stream of streams) stream.destroy();
    await Promise.all(children.map((child) => terminate(child, 3_000)));
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await db.query(`DROP TABLE IF EXISTS ${name}`);
    await db.end();
  }
}

/** Our latency against the floor's, with the target of issue 18.5. */
export function floorComparison(ours: Latency, floor: FloorResult): string[] {
  const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
  const twice = ours.p99 <= 2 * floor.p99;
  // 100 ms is asked for wherever the floor leaves room for it (its p99 at most half of that).
  const absolute = floor.p99 * 2 <= 100 ? (ours.p99 <= 100 ? "pass" : "FAIL") : `not asked (the floor's p99 is above 50 ms)`;
  return [
    `      floor of the same path (bare consumer INSERT + NOTIFY, LISTEN, node:http SSE), same run: ${fmt(floor.received)}/${fmt(floor.sent)} received;` +
      ` p50 ${floor.p50.toFixed(1)} ms, p95 ${floor.p95.toFixed(1)} ms, p99 ${floor.p99.toFixed(1)} ms, max ${floor.max.toFixed(0)} ms`,
    `      ours: p50 ${ratio(ours.p50, floor.p50)}, p99 ${ratio(ours.p99, floor.p99)} the floor's;` +
      ` target p99 ≤ 2× the floor's: ${twice ? "pass" : "FAIL"}; p99 ≤ 100 ms where the floor allows: ${absolute}`,
  ];
}

const personOf = (i: number) => `B${String(i + 1).padStart(5, "0")}`;

function startRole(args: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", FILE, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("ready\n")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`the floor's ${args[0]} exited during start-up (code ${code})`)));
  });
}

function openBareStream(port: number, person: string, onEvent: (eventId: string) => void): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: "127.0.0.1", port, path: `/stream?user=${person}`, agent: false }, (response) => {
      let buffer = "";
      response.setEncoding("utf8");
      response.once("data", () => resolve(request));
      response.on("data", (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          const data = buffer
            .slice(0, end)
            .split("\n")
            .find((line) => line.startsWith("data: "));
          buffer = buffer.slice(end + 2);
          if (data) onEvent((JSON.parse(data.slice(6)) as { eventId: string }).eventId);
        }
      });
      response.on("error", () => undefined);
    });
    request.on("error", reject);
  });
}

// The consumer: one statement per message, committed on its own (autocommit), offsets as kafkajs commits them.
async function runConsumer(brokers: string, databaseUrl: string, table: string, topic: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: PARTITIONS });
  const consumer = new Kafka({ clientId: "bench-floor-consumer", brokers: brokers.split(","), logLevel: logLevel.NOTHING }).consumer({
    groupId: table,
    maxWaitTimeInMs: 500,
  });
  const sql = `WITH row AS (INSERT INTO ${table} (user_id, event_id, payload) VALUES ($1, $2, $3) RETURNING id, user_id, event_id)
    SELECT pg_notify('${table}', json_build_object('id', id, 'userId', user_id, 'eventId', event_id)::text) FROM row`;
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  consumer.on(consumer.events.GROUP_JOIN, () => process.stdout.write("ready\n"));
  await consumer.run({
    partitionsConsumedConcurrently: PARTITIONS,
    eachMessage: async ({ message }) => {
      const event = JSON.parse(message.value?.toString() ?? "{}") as { id: string; data: { approverIds: string[] } };
      await pool.query(sql, [event.data.approverIds[0], event.id, message.value?.toString()]);
    },
  });
  process.on("SIGTERM", () => void consumer.disconnect().finally(() => process.exit(0)));
}

// LISTEN and the SSE writer: each notification written as it came to every stream of its person.
async function runServer(databaseUrl: string, channel: string, port: number): Promise<void> {
  const byPerson = new Map<string, Set<http.ServerResponse>>();
  const listen = new pg.Client({ connectionString: databaseUrl });
  await listen.connect();
  listen.on("notification", ({ payload }) => {
    if (!payload) return;
    const { id, userId } = JSON.parse(payload) as { id: number; userId: string };
    const frame = `id: ${id}\nevent: notification\ndata: ${payload}\n\n`;
    for (const response of byPerson.get(userId) ?? []) response.write(frame);
  });
  await listen.query(`LISTEN ${channel}`);
  const server = http.createServer((request, response) => {
    const person = new URL(request.url ?? "/", "http://floor").searchParams.get("user") ?? "";
    response.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
    response.write(": connected\n\n");
    const streams = byPerson.get(person) ?? new Set();
    streams.add(response);
    byPerson.set(person, streams);
    request.on("close", () => streams.delete(response));
  });
  server.listen(port, "127.0.0.1", () => process.stdout.write("ready\n"));
  process.on("SIGTERM", () => process.exit(0));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [role, ...args] = process.argv.slice(2);
  if (role === "consumer") await runConsumer(args[0] ?? "", args[1] ?? "", args[2] ?? "", args[3] ?? "");
  else if (role === "server") await runServer(args[0] ?? "", args[1] ?? "", Number(args[2]));
  else throw new Error(`bench/floor.ts is run by bench/sse.ts (measureFloor); as a process it is "consumer" or "server", not ${role}`);
}
