import { createRequire } from "node:module";
import { Writable } from "node:stream";
import { Kafka, logLevel } from "kafkajs";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { kafkaLogCreator, REBALANCING, STARTUP_ANSWERS } from "./kafka-log";

// kafkajs's own logger (namespaces, levels, extra fields) feeding kafkaLogCreator, and what pino writes.
function capture(level = logLevel.DEBUG) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const kafka = new Kafka({
    clientId: "test",
    brokers: ["127.0.0.1:1"],
    logLevel: level,
    logCreator: kafkaLogCreator(pino({ level: "debug" }, stream)),
  });
  return { log: kafka.logger(), lines };
}

const PINO = { debug: 20, info: 30, warn: 40, error: 50 } as const;

describe("kafkaLogCreator", () => {
  const { log, lines } = capture();
  const connection = log.namespace("Connection");

  it.each([
    ...Object.values(STARTUP_ANSWERS).map(
      (answer) =>
        [
          `a starting broker's "${answer}"`,
          "debug",
          () => connection.error("Response GroupCoordinator(key: 10, version: 2)", { error: answer }),
        ] as const,
    ),
    [
      "the transaction coordinator still loading, for InitProducerId",
      "debug",
      () => connection.error("Response InitProducerId(key: 22, version: 1)", { error: STARTUP_ANSWERS.GROUP_LOAD_IN_PROGRESS }),
    ],
    [
      "a heartbeat answered while the group rebalances (another worker joined)",
      "debug",
      () => connection.error("Response Heartbeat(key: 12, version: 3)", { error: REBALANCING }),
    ],
    [
      "a send retried while a new topic has no leader",
      "debug",
      () => log.namespace("Producer").error(`Failed to send messages: ${STARTUP_ANSWERS.LEADER_NOT_AVAILABLE}`, { retryCount: 0 }),
    ],
    [
      "the notice about kafkajs's default partitioner",
      "debug",
      () =>
        log.warn(
          'KafkaJS v2.0.0 switched default partitioner. To retain the same partitioning behavior as in previous versions, create the producer with the option "createPartitioner: Partitioners.LegacyPartitioner".',
        ),
    ],
    [
      "an authorization refusal",
      "error",
      () =>
        connection.error("Response Metadata(key: 3, version: 6)", {
          error: "Not authorized to access topics: [Topic authorization failed]",
        }),
    ],
    ["a refused connection", "error", () => connection.error("Connection error: connect ECONNREFUSED 127.0.0.1:1", {})],
    [
      "a consumer that crashed after its retries, even on a start-up answer",
      "error",
      () =>
        log
          .namespace("Consumer")
          .error(`Crash: KafkaJSNumberOfRetriesExceeded: ${STARTUP_ANSWERS.GROUP_COORDINATOR_NOT_AVAILABLE}`, { groupId: "g" }),
    ],
    [
      "a send refused for another reason",
      "error",
      () => log.namespace("Producer").error("Failed to send messages: Topic authorization failed", {}),
    ],
    [
      "a start-up answer's text in a warning of its own",
      "warn",
      () => log.namespace("Consumer").warn(STARTUP_ANSWERS.GROUP_COORDINATOR_NOT_AVAILABLE),
    ],
    ["a join", "info", () => log.namespace("ConsumerGroup").info("Consumer has joined the group", { groupId: "g" })],
  ] as const)("logs %s at %s", (_, level, write) => {
    lines.length = 0;
    write();
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe(PINO[level]);
  });

  it("keeps kafkajs's fields and namespace, not its own timestamp and logger name", () => {
    lines.length = 0;
    connection.error("Response GroupCoordinator(key: 10, version: 2)", {
      broker: "127.0.0.1:9092",
      error: STARTUP_ANSWERS.GROUP_COORDINATOR_NOT_AVAILABLE,
      correlationId: 2,
    });
    expect(lines[0]).toMatchObject({
      namespace: "Connection",
      msg: "Response GroupCoordinator(key: 10, version: 2)",
      broker: "127.0.0.1:9092",
      error: STARTUP_ANSWERS.GROUP_COORDINATOR_NOT_AVAILABLE,
      correlationId: 2,
    });
    expect(lines[0]).not.toHaveProperty("timestamp");
    expect(lines[0]).not.toHaveProperty("logger");
  });

  it("writes nothing below the client's kafkajs level", () => {
    const quiet = capture(logLevel.ERROR);
    quiet.log.warn("a warning");
    quiet.log.namespace("Connection").error("Response Metadata(key: 3, version: 6)", { error: "Topic authorization failed" });
    expect(quiet.lines.map((line) => line.level)).toEqual([PINO.error]);
  });
});

describe("STARTUP_ANSWERS", () => {
  // kafkajs logs a protocol error by its message only; these must be its messages, of retriable errors.
  const { errorCodes } = createRequire(import.meta.url)("kafkajs/src/protocol/error") as {
    errorCodes: { type: string; retriable: boolean; message: string }[];
  };

  it.each(Object.entries(STARTUP_ANSWERS))("%s is kafkajs's retriable error with that message", (type, message) => {
    expect(errorCodes.find((error) => error.type === type)).toEqual(expect.objectContaining({ retriable: true, message }));
  });

  it("REBALANCING is kafkajs's message for REBALANCE_IN_PROGRESS", () => {
    expect(errorCodes.find((error) => error.type === "REBALANCE_IN_PROGRESS")?.message).toBe(REBALANCING);
  });
});
