import { type Admin, logLevel } from "kafkajs";
import { db } from "./db/prisma";
import { kafkaClient } from "./events/kafka-client";
import { notificationHub } from "./realtime/notification-hub";

// GET /api/health: can this web process serve? Its database, the Kafka cluster, and its LISTEN
// connection (which only exists once a stream has been opened).
export interface Health {
  status: "ok" | "degraded";
  database: "up" | "down";
  kafka: "up" | "down";
  listen: "up" | "down" | "idle";
}

const TIMEOUT_MS = 2_000;
const holder = globalThis as unknown as { groupwareHealthAdmin?: Promise<Admin> };

export async function checkHealth(): Promise<Health> {
  const [database, kafka] = await Promise.all([
    within(db().$queryRaw`SELECT 1`).then(up, down),
    within(admin().then((a) => a.describeCluster())).then(up, () => {
      holder.groupwareHealthAdmin = undefined;
      return down();
    }),
  ]);
  const hub = notificationHub();
  const listen = hub.listening ? "up" : hub.idle ? "idle" : "down";
  const status = database === "up" && kafka === "up" && listen !== "down" ? "ok" : "degraded";
  return { status, database, kafka, listen };
}

function admin(): Promise<Admin> {
  holder.groupwareHealthAdmin ??= (async () => {
    const client = kafkaClient("groupware-web-health", logLevel.NOTHING).admin();
    await client.connect();
    return client;
  })();
  return holder.groupwareHealthAdmin;
}

function within<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timeout")), TIMEOUT_MS))]);
}

const up = () => "up" as const;
const down = () => "down" as const;
