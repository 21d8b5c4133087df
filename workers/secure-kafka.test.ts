import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { Kafka, type KafkaConfig, logLevel } from "kafkajs";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../lib/db/prisma";
import { type Env, parseEnv } from "../lib/env";
import { kafkaSecurity, kafkaSettingsProblem } from "../lib/events/kafka-client";
import { buildCloudEvent } from "../lib/events/producer";
import type { SecureListener } from "../scripts/infra/kafka-secure-listener";
import { eventually } from "../test/eventually";
import { freeWorkerPort, uniqueTopics } from "../test/worker";
import { startWorkerRuntime } from "./runtime";

// KAFKA_SSL, KAFKA_SSL_CA_FILE and KAFKA_SASL_* against a real broker that asks for them: the test
// broker's second listener (TLS with a certificate from its own CA, and SASL). The worker and a
// publisher are configured exactly as a production deployment would configure them.
const secure: SecureListener | null = process.env.TEST_KAFKA_SECURE ? JSON.parse(process.env.TEST_KAFKA_SECURE) : null;

function settings(overrides: Record<string, string | undefined>): Env {
  return parseEnv({
    ...process.env,
    KAFKA_BROKERS: secure!.brokers.join(","),
    KAFKA_SSL: "true",
    KAFKA_SSL_CA_FILE: secure!.caFile,
    KAFKA_SASL_MECHANISM: "plain",
    KAFKA_SASL_USERNAME: secure!.username,
    KAFKA_SASL_PASSWORD: secure!.password,
    ...overrides,
  });
}

/** Connects an admin client the way every client of ours is made (kafkaSecurity), without retries. */
async function connectWith(env: Env, extra: Partial<KafkaConfig> = {}): Promise<void> {
  const admin = new Kafka({
    clientId: "secure-test",
    brokers: secure!.brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    retry: { retries: 0 },
    ...kafkaSecurity(env),
    ...extra,
  }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
}

// Skipped only when npm test was pointed at an outside broker (TEST_KAFKA_BROKERS): it has no such listener.
describe.skipIf(!secure)("Kafka over TLS and SASL", () => {
  afterAll(disconnectDb);

  it.each(["plain", "scram-sha-256", "scram-sha-512"])(
    "the worker consumes and a publisher publishes over TLS with SASL %s: the notification is stored",
    async (mechanism) => {
      const env = { ...settings({ KAFKA_SASL_MECHANISM: mechanism }), WORKER_PORT: 0, KAFKA_GROUP_ID: `secure-${randomUUID()}` };
      const topics = uniqueTopics();
      const worker = await startWorkerRuntime({
        env,
        brokers: secure!.brokers,
        prisma: db(),
        topics: topics.services,
        dlqTopic: topics.dlq,
      });
      try {
        const title = `secure ${mechanism} ${randomUUID()}`;
        const event = buildCloudEvent({
          type: "notification.custom",
          source: "groupware/board",
          data: { recipients: { userIds: ["E0007"] }, title },
        });
        const producer = new Kafka({
          clientId: "secure-test",
          brokers: secure!.brokers,
          logLevel: logLevel.NOTHING,
          ...kafkaSecurity(env),
        }).producer();
        await producer.connect();
        await producer.send({ topic: topics.board, acks: -1, messages: [{ key: "E0007", value: JSON.stringify(event) }] });
        await producer.disconnect();
        const stored = await eventually(
          () => db().notification.findFirst({ where: { userId: "E0007", event: { eventId: event.id } } }),
          45_000,
          `the notification of ${event.id}`,
        );
        expect(stored.type).toBe("notification.custom");
      } finally {
        await worker.close();
      }
    },
    // A group join over TLS on a busy machine, then the event: more than the default 30 s at worst.
    90_000,
  );

  it("refuses a wrong password, for every mechanism", async () => {
    for (const mechanism of ["plain", "scram-sha-256", "scram-sha-512"]) {
      const wrong = settings({ KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_PASSWORD: "not-the-password" });
      await expect(connectWith(wrong), mechanism).rejects.toThrow(/SASL .* authentication failed/i);
    }
  });

  it("stops a worker with a wrong password at start-up, with a message that names the settings", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], {
      env: {
        ...process.env,
        KAFKA_BROKERS: secure!.brokers.join(","),
        KAFKA_SSL: "true",
        KAFKA_SSL_CA_FILE: secure!.caFile,
        KAFKA_SASL_MECHANISM: "scram-sha-512",
        KAFKA_SASL_USERNAME: secure!.username,
        KAFKA_SASL_PASSWORD: "not-the-password",
        KAFKA_GROUP_ID: `secure-${randomUUID()}`,
        WORKER_PORT: String(await freeWorkerPort()),
        SERVICE_NAME: "worker",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const exited = once(child, "exit") as Promise<[number | null]>;
    try {
      const [code] = await Promise.race([exited, sleep(20_000).then(() => ["still running after 20 s"])]);
      expect(code).toBe(1);
    } finally {
      child.kill("SIGKILL");
    }
    expect(output).toContain(
      'Kafka refused the SASL sign-in of KAFKA_SASL_USERNAME=\\"groupware\\" with KAFKA_SASL_MECHANISM=scram-sha-512: check KAFKA_SASL_PASSWORD',
    );
    expect(output).not.toContain("not-the-password");
  });

  it("refuses a client that does not trust the broker's CA, and one that speaks plaintext to the TLS port", async () => {
    const untrusting = settings({ KAFKA_SSL_CA_FILE: undefined });
    const error = await connectWith(untrusting).catch((e: unknown) => e);
    expect(kafkaSettingsProblem(error, untrusting)).toBe(
      "Kafka's TLS certificate is not accepted (SELF_SIGNED_CERT_IN_CHAIN): set KAFKA_SSL_CA_FILE to the PEM file of the CA that signed it (it is not set)",
    );
    await expect(
      connectWith(
        settings({
          KAFKA_SSL: "false",
          KAFKA_SSL_CA_FILE: undefined,
          KAFKA_SASL_MECHANISM: undefined,
          KAFKA_SASL_USERNAME: undefined,
          KAFKA_SASL_PASSWORD: undefined,
        }),
      ),
    ).rejects.toThrow();
  });

  it("connects with the right settings (the refusals above are about the settings, not the broker)", async () => {
    await expect(connectWith(settings({}))).resolves.toBeUndefined();
  });
});
