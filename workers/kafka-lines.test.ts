import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../lib/db/prisma";
import { buildCloudEvent } from "../lib/events/producer";
import { jdkCommand, REPO_ROOT } from "../scripts/infra/jdk";
import { type KafkaLine, type LocalKafka, startLocalKafka } from "../scripts/infra/kafka";

// npm test runs every other test on its own Kafka 4.x broker. This one starts a fresh broker of
// each supported line and runs the worker process against it: a fresh broker is where kafkajs
// meets the coordinators' start-up answers, and where a line's differences would show first. The
// worker must store a valid event once, dead-letter a garbage one, and print no error line.
const LINES: KafkaLine[] = ["4", "3.9"];
const missing = ["java", "mvn"].filter(
  (tool) => spawnSync(tool === "java" ? jdkCommand("java") : tool, [tool === "java" ? "-version" : "-v"]).status !== 0,
);
const skipped = missing.length > 0 ? ` (skipped: ${missing.join(" and ")} not found, and the local brokers need them)` : "";

afterAll(disconnectDb);

describe.skipIf(missing.length > 0).each(LINES)(`the worker on a fresh Kafka %s broker${skipped}`, (line) => {
  let kafka: LocalKafka | undefined;
  let dataDir: string;
  let worker: ChildProcess | undefined;
  let output = "";
  const id = randomUUID().slice(0, 8);
  const topic = `kafka-lines-${id}.approval`;
  const dlq = `kafka-lines-${id}.dlq`;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), `kafka-${line}-`));
    const [port, controllerPort] = await twoFreePorts();
    // The jars are fetched once per line into npm start's and npm test's folder, then reused.
    kafka = await startLocalKafka({ version: line, dataDir, libsDir: path.join(REPO_ROOT, ".data", "kafka-libs"), port, controllerPort });
    expect(kafka.version.startsWith(`${line}.`)).toBe(true);
  }, 180_000);

  afterAll(async () => {
    worker?.kill("SIGKILL");
    await kafka?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("stores a valid event once, dead-letters a garbage one, and logs no error", async () => {
    const brokers = kafka!.brokers;
    const [healthPort] = await twoFreePorts();
    worker = spawn(process.execPath, ["--import", "tsx", "test/worker-process.ts"], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        KAFKA_BROKERS: brokers.join(","),
        KAFKA_GROUP_ID: `kafka-lines-${id}`,
        WORKER_PORT: String(healthPort),
        TEST_WORKER_TOPICS: JSON.stringify({ approval: topic }),
        TEST_WORKER_DLQ: dlq,
        SERVICE_NAME: "worker",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    worker.stdout!.on("data", (chunk) => (output += chunk));
    worker.stderr!.on("data", (chunk) => (output += chunk));
    await until(
      () =>
        fetch(`http://127.0.0.1:${healthPort}/health`).then(
          (r) => r.ok,
          () => false,
        ),
      60_000,
      "the worker joined its group",
    );

    const event = buildCloudEvent({
      type: "approval.requested",
      data: { documentId: `DOC-${id}`, documentTitle: `Kafka ${line}`, requester: { id: "E0012", name: "이서준" }, approverIds: ["E0003"] },
    });
    const garbage = Buffer.from(`not an event ${id}`);
    const producer = new Kafka({ clientId: "kafka-lines-test", brokers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    try {
      // Garbage first, on the same partition: the valid event behind it must still come through.
      await producer.send({
        topic,
        acks: -1,
        messages: [
          { key: `garbage-${id}`, value: garbage, partition: 0 },
          { key: event.subject, value: JSON.stringify(event), partition: 0 },
        ],
      });
    } finally {
      await producer.disconnect();
    }

    const notificationsOf = () => db().notification.findMany({ where: { event: { eventId: event.id } } });
    await until(async () => (await notificationsOf()).length > 0, 30_000, "the notification");
    const letter = await db().deadLetter.findFirstOrThrow({ where: { topic } });
    expect(letter).toMatchObject({ messageKey: `garbage-${id}`, partition: 0, offset: 0n });
    expect(Buffer.from(letter.payload).equals(garbage)).toBe(true);
    expect(letter.reason).toMatch(/not valid JSON/);

    worker.kill("SIGTERM");
    const [code] = (await once(worker, "exit")) as [number | null];
    expect(code).toBe(0);
    // Stopped, so nothing more can arrive: exactly one notification, for the approver.
    expect((await notificationsOf()).map((n) => n.userId)).toEqual(["E0003"]);
    const errors = output.split("\n").filter((text) => /"level":(50|60)\b|"level":"ERROR"/.test(text));
    expect(errors, "error lines in the worker's output").toEqual([]);
    expect(output).toContain('"msg":"joined consumer group"');
  }, 120_000);
});

async function until(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// Ports the operating system hands out as free, held together so that the two differ.
async function twoFreePorts(): Promise<[number, number]> {
  const listen = () =>
    new Promise<net.Server>((resolve, reject) => {
      const server = net.createServer();
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve(server));
    });
  const servers = [await listen(), await listen()];
  const [first, second] = servers.map((server) => (server.address() as net.AddressInfo).port) as [number, number];
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return [first, second];
}
