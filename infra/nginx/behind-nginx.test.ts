import { type ChildProcess, spawn } from "node:child_process";
import { randomInt, randomUUID } from "node:crypto";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { db, disconnectDb } from "@/lib/db/prisma";
import { kafkaBrokers } from "@/lib/env";
import { EventPublisher } from "@/lib/events/producer";
import { freePort } from "@/scripts/infra/ports";
import { ROOT, startWeb, terminate, waitForHttp } from "@/scripts/stack";
import { eventually } from "@/test/eventually";
import { findNginx, type RunningNginx, startNginx } from "@/test/nginx";
import { SseReader } from "@/test/sse-reader";

// The documented set-up of docs/operations.md ("Behind a proxy"): nginx on the configuration of
// infra/nginx/, two web processes (TRUST_PROXY_HOPS=1) and two workers in one consumer group.
// Everything a person does goes through nginx; the web processes are reached directly only for
// their metrics, to see which of them holds which stream.
const NGINX = findNginx();
const skipped = NGINX ? "" : " (skipped: nginx not found; apt-get install nginx, or set NGINX_PATH)";
const LIMIT = 3;
const PASSWORD = "behind-nginx-password";
const METRICS_TOKEN = "a-metrics-token-behind-nginx-0001";
const STREAMS = 4;
/** Two desks: loopback addresses of this test's own, so no other test shares their counts. */
const DESK = { locked: "127.0.0.4", other: "127.0.0.5" };

describe.skipIf(!NGINX)(`two web processes and two workers behind nginx${skipped}`, () => {
  const userId = `N${randomUUID().slice(0, 8)}`;
  const email = `${userId.toLowerCase()}@groupware.test`;
  const topic = `nginx-${userId}.board`;
  const groupId = `nginx-${userId}`;
  const webs: { port: number; child: ChildProcess }[] = [];
  const workers: ChildProcess[] = [];
  let nginx: RunningNginx;
  let dir: string;
  let publisher: EventPublisher;
  let cookie = "";
  const streams: Stream[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("build the app first (npm test does)");
    dir = await mkdtemp(path.join(tmpdir(), "behind-nginx-"));
    await forgetDesks();
    await db().user.create({ data: { id: userId, email, name: userId, departmentId: "D04", passwordHash: await hashPassword(PASSWORD) } });
    const kafka = new Kafka({ clientId: "behind-nginx", brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic, numPartitions: 4 },
        { topic: `${topic}.dlq`, numPartitions: 1 },
      ],
      waitForLeaders: true,
    });
    await admin.disconnect();
    publisher = new EventPublisher(kafkaBrokers(), "behind-nginx");

    const webEnv = {
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      TRUST_PROXY_HOPS: "1",
      METRICS_TOKEN,
      LOGIN_MAX_FAILURES_PER_ADDRESS: String(LIMIT),
    };
    for (const port of [await freePort(), await freePort()]) webs.push({ port, child: startWeb(webEnv, port) });
    for (let i = 0; i < 2; i++) workers.push(await startWorker(topic, groupId));
    await Promise.all(webs.map(({ port, child }) => waitForHttp(`http://127.0.0.1:${port}/api/health`, child, `web on ${port}`, 60_000)));
    // Which web process served a response, for the test's eyes only (never in the shipped file).
    const upstreamHeader = (config: string) =>
      config.replace("server_tokens off;", "server_tokens off;\n    add_header X-Test-Upstream $upstream_addr always;");
    nginx = await startNginx({ binary: NGINX!, dir, upstreamPorts: webs.map((w) => w.port), edit: upstreamHeader });
    // Both workers in the group, each with partitions of its own.
    await eventually(
      async () => {
        const admin = kafka.admin();
        await admin.connect();
        const [group] = (await admin.describeGroups([groupId])).groups;
        await admin.disconnect();
        return group?.state === "Stable" && group.members.length === 2 && group.members.every((m) => m.memberAssignment.length > 0)
          ? true
          : null;
      },
      60_000,
      "both workers joined the group",
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all(streams.map((s) => s.reader.close()));
    await nginx?.stop();
    await Promise.all([...webs.map((w) => terminate(w.child)), ...workers.map((w) => terminate(w))]);
    await publisher?.close();
    await forgetDesks();
    await disconnectDb();
    await rm(dir, { recursive: true, force: true });
  });

  it("signs in through the proxy, with the browser's Origin checked against the host it asked for", async () => {
    const signIn = await viaNginx("/api/auth/login", {
      method: "POST",
      body: { email, password: PASSWORD },
      headers: { origin: nginx.url },
    });
    expect(signIn.status, signIn.body).toBe(204);
    cookie = String(signIn.headers["set-cookie"]).split(";")[0]!;
    const list = await viaNginx("/api/notifications", { headers: { cookie } });
    expect(list.status).toBe(200);
    // Another site's page posting to us is still refused through the proxy.
    const crossSite = await viaNginx("/api/auth/login", {
      method: "POST",
      body: { email, password: PASSWORD },
      headers: { origin: "https://elsewhere.example" },
    });
    expect(crossSite.status).toBe(403);
  });

  it("delivers live, unbuffered, to streams spread over both web processes, through both workers", async () => {
    for (let i = 0; i < STREAMS; i++) streams.push(await openStream(cookie));
    expect(new Set(streams.map((s) => s.upstream))).toEqual(new Set(webs.map((w) => `127.0.0.1:${w.port}`)));
    // The web processes themselves hold them, as many as nginx says it sent each.
    for (const web of webs) {
      const held = streams.filter((s) => s.upstream === `127.0.0.1:${web.port}`).length;
      await eventually(async () => ((await openStreamsOf(web.port)) === held ? true : null), 10_000, `streams on ${web.port}`);
    }

    // A handful of events, spread by their keys over the topic's four partitions (both workers').
    const titles = await publish("live", 8);
    for (const stream of streams) await stream.expect(titles);
  }, 60_000);

  it("replays through the other web process what a stream missed while its process was down", async () => {
    const [killed, kept] = webs as [(typeof webs)[0], (typeof webs)[0]];
    const orphans = streams.filter((s) => s.upstream === `127.0.0.1:${killed.port}`);
    expect(orphans.length).toBeGreaterThan(0);
    killed.child.kill("SIGKILL");
    await once(killed.child, "exit");
    // nginx ends the streams that process held; the others stay open.
    for (const orphan of orphans) await orphan.ended();

    // Stored while those streams are away: only Last-Event-ID brings them back.
    const missed = await publish("missed", 5);
    await eventually(
      async () => {
        const stored = await db().notification.count({ where: { userId } });
        return stored === 8 + missed.length ? true : null;
      },
      20_000,
      "the missed notifications stored",
    );
    for (const orphan of orphans) await orphan.reconnect(cookie);
    expect(orphans.map((o) => o.upstream)).toEqual(orphans.map(() => `127.0.0.1:${kept.port}`));
    // The first reconnection found the killed process refusing and was passed on, not answered 502.
    expect(orphans[0]!.tried).toEqual([`127.0.0.1:${killed.port}`, `127.0.0.1:${kept.port}`]);
    for (const stream of streams) await stream.expect(missed);

    const after = await publish("after", 3);
    for (const stream of streams) await stream.expect(after);
    for (const stream of streams) {
      expect(new Set(stream.ids).size, "an event id received twice").toBe(stream.ids.length);
      expect(stream.titles.length).toBe(8 + 5 + 3);
    }
    expect(await openStreamsOf(kept.port)).toBe(STREAMS);
  }, 60_000);

  it("limits sign-ins by the desk's own address, whatever X-Forwarded-For the desk sends", async () => {
    const forged = `10.${randomInt(256)}.${randomInt(256)}.`;
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) {
      // Another account and another made-up address each time: only the desk is the same.
      const attempt = await viaNginx("/api/auth/login", {
        method: "POST",
        body: { email: `guess-${i}-${email}`, password: "guess" },
        headers: { "x-forwarded-for": `${forged}${i}` },
        localAddress: DESK.locked,
      });
      statuses.push(attempt.status);
    }
    expect(statuses).toEqual([...Array(LIMIT).fill(401), 429, 429]);
    const counted = await db().loginAttempt.findMany({ where: { key: { startsWith: "address:" } } });
    expect(counted.map((row) => row.key)).toContain(`address:${DESK.locked}`);
    expect(counted.filter((row) => row.key.startsWith(`address:${forged}`))).toEqual([]);

    // The desk beside it is not locked out: its wrong password is a 401, its right one signs in.
    const wrong = await viaNginx("/api/auth/login", {
      method: "POST",
      body: { email: `guess-other-${email}`, password: "guess" },
      localAddress: DESK.other,
    });
    expect(wrong.status).toBe(401);
    const right = await viaNginx("/api/auth/login", { method: "POST", body: { email, password: PASSWORD }, localAddress: DESK.other });
    expect(right.status).toBe(204);
  });

  /** Events for the person on the test's topic; their titles. */
  async function publish(label: string, count: number): Promise<string[]> {
    const titles = Array.from({ length: count }, (_, i) => `${label} ${i}`);
    await publisher.publishMany(
      titles.map((title) => ({
        type: "notification.custom" as const,
        source: "groupware/board",
        topic,
        data: { recipients: { userIds: [userId] }, title },
      })),
    );
    return titles;
  }

  async function openStream(sessionCookie: string, lastEventId?: string): Promise<Stream> {
    const response = await fetch(`${nginx.url}/api/notifications/stream`, {
      headers: { cookie: sessionCookie, ...(lastEventId ? { "last-event-id": lastEventId } : {}) },
    });
    expect(response.status, await nginx.errorLog()).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("content-encoding")).toBeNull();
    // Answered means subscribed (the hub subscribes before the answer): nothing published from here on is missed.
    // $upstream_addr lists every process nginx tried, the one that answered last.
    const tried = (response.headers.get("x-test-upstream") ?? "").split(", ");
    return new Stream(new SseReader(response.body!), tried.at(-1)!, tried);
  }

  async function openStreamsOf(port: number): Promise<number> {
    const response = await fetch(`http://127.0.0.1:${port}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const value = /^groupware_sse_connections (\d+)$/m.exec(await response.text())?.[1];
    return Number(value);
  }

  class Stream {
    readonly ids: string[] = [];
    readonly titles: string[] = [];

    constructor(
      public reader: SseReader,
      public upstream: string,
      public tried: string[],
    ) {}

    /** Reads notifications until it has these titles (in any order: partitions are not ordered). */
    async expect(titles: string[]): Promise<void> {
      const got: string[] = [];
      while (got.length < titles.length) {
        const event = await this.reader.next("notification", 20_000);
        if (!event) throw new Error(`the stream on ${this.upstream} ended`);
        this.ids.push(event.id!);
        const { title } = JSON.parse(event.data) as { title: string };
        got.push(title);
        this.titles.push(title);
      }
      expect(got.toSorted()).toEqual(titles.toSorted());
    }

    /** Resolves once the stream has ended (its process is gone); a notification first is a failure. */
    async ended(): Promise<void> {
      const event = await this.reader.next("notification", 20_000).catch((error: Error) => {
        if (/within/.test(error.message)) throw error;
        return null;
      });
      expect(event).toBeNull();
    }

    /** A new connection through nginx from the last event seen, as EventSource makes it. */
    async reconnect(sessionCookie: string): Promise<void> {
      const next = await openStream(sessionCookie, this.ids.at(-1));
      this.reader = next.reader;
      this.upstream = next.upstream;
      this.tried = next.tried;
    }
  }

  function viaNginx(
    pathname: string,
    options: { method?: string; body?: unknown; headers?: Record<string, string>; localAddress?: string } = {},
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: "127.0.0.1",
          port: nginx.port,
          localAddress: options.localAddress,
          path: pathname,
          method: options.method ?? "GET",
          headers: { ...(body ? { "content-type": "application/json" } : {}), ...options.headers },
        },
        (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => (text += chunk));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  }

  async function forgetDesks(): Promise<void> {
    const keys = Object.values(DESK).flatMap((desk) => [`address:${desk}`, `address:::ffff:${desk}`]);
    await db().loginAttempt.deleteMany({ where: { key: { in: keys } } });
  }
});

/** The worker as a process on the test's own topic (test/worker-process.ts); resolves once it answers. */
async function startWorker(topic: string, groupId: string): Promise<ChildProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "test/worker-process.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      KAFKA_GROUP_ID: groupId,
      WORKER_PORT: String(port),
      TEST_WORKER_TOPICS: JSON.stringify({ board: topic }),
      TEST_WORKER_DLQ: `${topic}.dlq`,
      SERVICE_NAME: "worker",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  await waitForHttp(`http://127.0.0.1:${port}/health`, child, `worker on ${port}`, 60_000);
  return child;
}
