import { logLevel } from "kafkajs";
import { db } from "../db/prisma";
import { env } from "../env";
import { EVENT_TOPICS } from "../events/catalog";
import { kafkaClient } from "../events/kafka-client";
import { notificationHub } from "../realtime/notification-hub";

// /admin: the last hour at a glance. Rates and delivery latency come from the database (every web
// process and worker writes there); consumer lag from Kafka (the worker group's committed offsets
// against each partition's end); open streams are this web process's own.

export interface AdminStats {
  /** One entry per minute of the last hour, oldest first. */
  perMinute: { minute: string; events: number; notifications: number }[];
  /** Stored → first delivered over SSE, per 5 minutes of the last hour, in milliseconds. */
  latency: { bucket: string; delivered: number; p50: number | null; p95: number | null; p99: number | null }[];
  lag: { topic: string; partition: number; lag: number | null }[] | null;
  openStreams: number;
}

export async function getAdminStats(): Promise<AdminStats> {
  const [perMinute, latency, lag] = await Promise.all([ratesPerMinute(), deliveryLatency(), consumerLag().catch(() => null)]);
  return { perMinute, latency, lag, openStreams: notificationHub().streams };
}

async function ratesPerMinute() {
  const rows = await db().$queryRaw<{ minute: Date; events: number; notifications: number }[]>`
    WITH minutes AS (
      SELECT generate_series(date_trunc('minute', now()) - interval '59 minutes', date_trunc('minute', now()), interval '1 minute') AS minute
    )
    SELECT m.minute,
      (SELECT count(*)::int FROM events e WHERE e.received_at >= m.minute AND e.received_at < m.minute + interval '1 minute') AS events,
      (SELECT count(*)::int FROM notifications n WHERE n.created_at >= m.minute AND n.created_at < m.minute + interval '1 minute') AS notifications
    FROM minutes m ORDER BY m.minute`;
  return rows.map((r) => ({ minute: r.minute.toISOString(), events: r.events, notifications: r.notifications }));
}

async function deliveryLatency() {
  const rows = await db().$queryRaw<{ bucket: Date; delivered: number; p50: number | null; p95: number | null; p99: number | null }[]>`
    WITH buckets AS (
      SELECT generate_series(date_trunc('hour', now()) + floor(date_part('minute', now()) / 5) * interval '5 minutes' - interval '55 minutes',
                             now(), interval '5 minutes') AS bucket
    )
    SELECT b.bucket, count(n.id)::int AS delivered,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM n.delivered_at - n.created_at) * 1000) AS p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM n.delivered_at - n.created_at) * 1000) AS p95,
      percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM n.delivered_at - n.created_at) * 1000) AS p99
    FROM buckets b
    LEFT JOIN notifications n ON n.created_at >= b.bucket AND n.created_at < b.bucket + interval '5 minutes' AND n.delivered_at IS NOT NULL
    GROUP BY b.bucket ORDER BY b.bucket`;
  return rows.map((r) => ({ bucket: r.bucket.toISOString(), delivered: r.delivered, p50: r.p50, p95: r.p95, p99: r.p99 }));
}

async function consumerLag() {
  const admin = kafkaClient("groupware-web-admin", logLevel.NOTHING).admin();
  await admin.connect();
  try {
    const topics = [...EVENT_TOPICS];
    const committed = await admin.fetchOffsets({ groupId: env().KAFKA_GROUP_ID, topics });
    const result: { topic: string; partition: number; lag: number | null }[] = [];
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const group = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const end of ends) {
        const at = group.find((p) => p.partition === end.partition)?.offset;
        // -1: the group has not committed here yet, so everything from the start is behind.
        const lag = at === undefined ? null : Number(end.high) - (Number(at) < 0 ? Number(end.low) : Number(at));
        result.push({ topic, partition: end.partition, lag });
      }
    }
    return result;
  } finally {
    await admin.disconnect();
  }
}
