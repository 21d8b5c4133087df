import { timingSafeEqual } from "node:crypto";
import client from "prom-client";

// Prometheus metrics (docs/api.md, "Operations"). Each process (web, worker) has its own registry; the web
// exposes it at /api/metrics, the worker at /metrics on WORKER_PORT.

function create() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    eventsConsumed: new client.Counter({
      name: "groupware_events_consumed_total",
      help: "Kafka messages the worker finished with, by topic and outcome (stored, duplicate, dead_lettered).",
      labelNames: ["topic", "outcome"] as const,
      registers,
    }),
    notificationsWritten: new client.Counter({
      name: "groupware_notifications_written_total",
      help: "Notifications committed to the database.",
      registers,
    }),
    notificationsUpdated: new client.Counter({
      name: "groupware_notifications_updated_total",
      help: "Stored notifications that a later event about their item changed (resolved, changed, cancelled).",
      registers,
    }),
    unknownRecipients: new client.Counter({
      name: "groupware_unknown_recipients_total",
      help: "Recipient ids named by events that are not in the directory, or deactivated there (skipped).",
      registers,
    }),
    deadLetters: new client.Counter({
      name: "groupware_dead_letters_total",
      help: "Messages sent to the DLQ topic.",
      labelNames: ["topic"] as const,
      registers,
    }),
    consumerLag: new client.Gauge({
      name: "groupware_consumer_lag",
      help: "Messages behind the partition's high watermark after the last batch.",
      labelNames: ["topic", "partition"] as const,
      registers,
    }),
    batchSeconds: new client.Histogram({
      name: "groupware_batch_duration_seconds",
      help: "Time to decode and store one Kafka batch, retries included.",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    sseConnections: new client.Gauge({
      name: "groupware_sse_connections",
      help: "Open notification streams in this web process.",
      registers,
    }),
    deliverySeconds: new client.Histogram({
      name: "groupware_delivery_latency_seconds",
      help: "From the notification's commit to its write on a live stream.",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof create>;

const holder = globalThis as unknown as { groupwareMetrics?: Metrics };

export function metrics(): Metrics {
  holder.groupwareMetrics ??= create();
  return holder.groupwareMetrics;
}

/**
 * Whether a scrape may read the metrics: always without METRICS_TOKEN; with it, only with
 * "Authorization: Bearer <token>" (compared in constant time).
 */
export function metricsAllowed(authorization: string | null | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const given = Buffer.from(authorization?.replace(/^Bearer /i, "") ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
