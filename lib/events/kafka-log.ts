import { type LogEntry, type logCreator, logLevel } from "kafkajs";
import type pino from "pino";
import { logger } from "../log";

// kafkajs's log lines through the project's pino logger, so each process writes one kind of JSON line.
//
// kafkajs logs every error answer to a request at ERROR before it retries the request, including
// the answers a healthy broker gives while it starts: no group or transaction coordinator loaded yet,
// no leader yet for a topic just created. kafkajs retries those, and if its retries run out the
// failure is reported on its own (the consumer's "Crash: …", a send that rejects), at ERROR. So
// exactly those answers become debug lines here (and a group's rebalancing, below), and every
// other error stays an error.

/**
 * The retriable answers of a starting broker: kafkajs's names for them (Kafka's
 * COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS, NOT_COORDINATOR, LEADER_NOT_AVAILABLE)
 * and the message kafkajs logs for each (kafkajs/src/protocol/error.js; kafka-log.test.ts checks
 * them against it).
 */
export const STARTUP_ANSWERS = {
  GROUP_COORDINATOR_NOT_AVAILABLE: "The group coordinator is not available",
  GROUP_LOAD_IN_PROGRESS: "The coordinator is loading and hence can't process requests for this group",
  NOT_COORDINATOR_FOR_GROUP: "This is not the correct coordinator for this group",
  LEADER_NOT_AVAILABLE: "There is no leader for this topic-partition as we are in the middle of a leadership election",
} as const;

/**
 * A group member's answer while its group rebalances (Kafka's REBALANCE_IN_PROGRESS, to a heartbeat
 * or an offset commit): every time a worker joins or leaves, the others are told so, and kafkajs
 * rejoins. Not retriable in kafkajs's table (the request is not sent again: the member rejoins), but
 * as normal as the answers above.
 */
export const REBALANCING = "The group is rebalancing, so a rejoin is needed";

const startupMessages = new Set<string>([...Object.values(STARTUP_ANSWERS), REBALANCING]);

// Printed once per process that makes a producer without a partitioner. We mean kafkajs's default
// (murmur2, as Java clients key messages), and the producers are made in several places.
const PARTITIONER_NOTICE = "KafkaJS v2.0.0 switched default partitioner.";

type Level = "error" | "warn" | "info" | "debug";

/** Routes kafkajs's log through `log` (by default the process's pino logger, module "kafkajs"). */
export function kafkaLogCreator(log?: pino.Logger): logCreator {
  return () => {
    const target = log ?? logger("kafkajs");
    return (entry) => {
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = entry.log;
      target[kafkaLogLevel(entry)]({ namespace: entry.namespace, ...fields }, message);
    };
  };
}

/** The pino level of a kafkajs log entry: its own, except for the start-up answers above. */
export function kafkaLogLevel(entry: LogEntry): Level {
  if (entry.level === logLevel.ERROR && isStartupAnswer(entry)) return "debug";
  if (entry.level === logLevel.WARN && entry.log.message.startsWith(PARTITIONER_NOTICE)) return "debug";
  return LEVELS[entry.level] ?? "info";
}

const LEVELS: Partial<Record<logLevel, Level>> = {
  [logLevel.ERROR]: "error",
  [logLevel.WARN]: "warn",
  [logLevel.INFO]: "info",
  [logLevel.DEBUG]: "debug",
};

// The two shapes kafkajs logs a retried answer in: the connection's "Response <Api>(key: …)" with
// the answer in `error`, and the producer's "Failed to send messages: <answer>" before it retries.
function isStartupAnswer({ namespace, log }: LogEntry): boolean {
  if (namespace === "Connection" && log.message.startsWith("Response ")) return startupMessages.has(String(log.error));
  const sending = /^Failed to send messages: (.*)$/.exec(log.message);
  return sending !== null && startupMessages.has(sending[1] ?? "");
}
