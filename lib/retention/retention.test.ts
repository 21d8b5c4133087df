import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { GET as stream } from "@/app/api/notifications/stream/route";
import { db, disconnectDb } from "@/lib/db/prisma";
import { notificationCursors } from "@/lib/notifications/cursor";
import { listNotifications } from "@/lib/notifications/list-notifications";
import { snoozeNotification, unsnoozeNotification } from "@/lib/notifications/snooze-notification";
import { startTimers } from "@/lib/timers/start-timers";
import { notify, person, store } from "@/test/api";
import { eventually } from "@/test/eventually";
import { SseReader } from "@/test/sse-reader";
import { applyRetention, MONTHS_AHEAD } from "./apply-retention";

// Retention against the test database (PRODUCT.md §14; migration 20261204000000_retention). Rows
// are made by the worker's own batch writer and then moved back in time (an UPDATE of the month
// column moves a row to the partition of its new month), as if this database had run for years.

afterAll(disconnectDb);

const DAY = 86_400_000;
const RETENTION_DAYS = 400;

describe("retention", () => {
  it("drops whole months older than the window, keeps the rest, and the history and replay see only what is kept", async () => {
    const reader = await person("en");
    // One after the other: their cursors in this order.
    const old = await storedFor(reader.id, "old");
    const edge = await storedFor(reader.id, "edge");
    const recent = await storedFor(reader.id, "recent");
    const now = Date.now();
    // This database "ran" 15 months ago: those months have their partitions.
    await db().$queryRaw`SELECT create_monthly_partitions(${new Date(now - 470 * DAY)}, ${new Date(now)})`;
    await moveBack(old, now - 450 * DAY); // its whole month is past the window
    await moveBack(edge, now - (RETENTION_DAYS + 5) * DAY); // past the window, in the month it ends in
    const oldMonth = monthName(now - 450 * DAY);
    const edgeMonth = monthName(now - (RETENTION_DAYS + 5) * DAY);
    const letters = await deadLetters([now - (RETENTION_DAYS + 1) * DAY, now - (RETENTION_DAYS - 1) * DAY]);
    const expired = await person("en");
    await db().session.updateMany({ where: { userId: expired.id }, data: { expiresAt: new Date(now - 1000) } });

    const result = await applyRetention({ retentionDays: RETENTION_DAYS });

    for (const table of ["events", "notifications", "notification_updates", "thread_effects"]) {
      expect(result.dropped).toContain(`${table}_p${oldMonth}`);
      expect(result.dropped).not.toContain(`${table}_p${edgeMonth}`);
      expect(await partitionExists(`${table}_p${oldMonth}`)).toBe(false);
      for (let ahead = 0; ahead <= MONTHS_AHEAD; ahead++) {
        expect(await partitionExists(`${table}_p${monthName(addMonths(now, ahead))}`)).toBe(true);
      }
    }
    // The history: the kept rows, newest first.
    const page = await listNotifications({ user: { id: reader.id, locale: "en" }, query: { limit: 50, filter: "all", view: "list" } });
    expect(page.items.map((item) => item.title)).toEqual(["recent", "edge"]);
    expect(page.unreadCount).toBe(2);
    // Replay from before all three: the two kept ones, in cursor order, nothing in place of the third.
    const cursors = await notificationCursors();
    const replay = await openStream(reader.cookie, cursors.sign(reader.id, old.seq - 1n));
    expect((await replay.next("notification"))?.data).toContain('"title":"edge"');
    expect((await replay.next("notification"))?.data).toContain('"title":"recent"');
    await replay.close();
    // The old month's event keys went with their events; the kept month's stay.
    const keys = await db().eventKey.findMany({ where: { eventId: { in: [old.eventId, edge.eventId, recent.eventId] } } });
    expect(keys.map((key) => key.eventId).sort()).toEqual([edge.eventId, recent.eventId].sort());
    // Dead letters to the day; expired sessions, not live ones.
    expect(await db().deadLetter.count({ where: { id: { in: letters } } })).toBe(1);
    expect(await db().deadLetter.findFirst({ where: { id: letters[1] } })).not.toBeNull();
    expect(await db().session.count({ where: { userId: expired.id } })).toBe(0);
    expect(await db().session.count({ where: { userId: reader.id } })).toBe(1);
    expect(result.deleted.sessions).toBeGreaterThanOrEqual(1);

    // Run again: nothing more to drop.
    expect((await applyRetention({ retentionDays: RETENTION_DAYS })).dropped).toEqual([]);
  });

  it("stores an event once when it comes again after its month has passed into the previous partition", async () => {
    const reader = await person("en");
    const title = `once ${randomUUID()}`;
    const event = { type: "notification.custom" as const, id: randomUUID(), data: { recipients: { userIds: [reader.id] }, title } };
    await store([event]);
    const [first] = await rowsFor(reader.id);
    const lastMonth = startOfMonth(Date.now()) - DAY;
    await moveBack(first!, lastMonth);
    expect(await partitionOf(first!.id)).toBe(`notifications_p${monthName(lastMonth)}`);

    await store([event]);
    // And twice at once, from two transactions, as two workers would after a rebalance.
    await Promise.all([store([event]), store([event])]);

    expect(await db().event.count({ where: { eventId: event.id } })).toBe(1);
    expect((await rowsFor(reader.id)).map((row) => row.id)).toEqual([first!.id]);
  });
});

describe("the retention timer", () => {
  it("runs at the worker's start: a missing month ahead is made", async () => {
    const ahead = `notifications_p${monthName(addMonths(Date.now(), MONTHS_AHEAD))}`;
    await db().$executeRawUnsafe(`DROP TABLE "${ahead}"`);
    const timers = await startTimers({ databaseUrl: process.env.DATABASE_URL!, pollIntervalMs: 500 });
    try {
      await eventually(async () => ((await partitionExists(ahead)) ? true : null), 15_000, `${ahead} made again`);
    } finally {
      await timers.stop();
    }
  });
});

describe("the live stream over partitions", () => {
  // It reads the last hour's months first (lib/notifications/list-notifications-after.ts): a row
  // from an older month back from a snooze is found by the read over every month.
  it("streams a notification from last month's partition that comes back from a snooze", async () => {
    const reader = await person("en");
    const old = await storedFor(reader.id, "from last month");
    await moveBack(old, startOfMonth(Date.now()) - DAY);
    await snoozeNotification({ userId: reader.id, id: old.id.toString(), until: new Date(Date.now() + 3_600_000) });
    const live = await openStream(reader.cookie, null);
    await storedFor(reader.id, "new");
    expect((await live.next("notification"))?.data).toContain('"title":"new"');

    await db().$executeRaw`UPDATE notifications SET snoozed_until = now() WHERE id = ${old.id}`;
    expect(await unsnoozeNotification(old.id.toString())).toBe(true);
    const back = JSON.parse((await live.next("notification-updated"))?.data ?? "{}");
    expect(back).toMatchObject({ id: old.id.toString(), title: "from last month", snoozedUntil: null, readAt: null });
    await live.close();
  });
});

interface StoredRow {
  id: bigint;
  seq: bigint;
  eventPk: bigint;
  eventId: string;
}

async function storedFor(userId: string, title: string): Promise<StoredRow> {
  await notify(userId, 1, "groupware/board", title);
  const rows = await rowsFor(userId);
  const row = rows.find((candidate) => candidate.title === title);
  if (!row) throw new Error(`${title} was not stored`);
  return row;
}

async function rowsFor(userId: string) {
  return db().$queryRaw<(StoredRow & { title: string })[]>`
    SELECT n.id, n.seq, n.event_pk AS "eventPk", e.event_id AS "eventId", e.cloud_event -> 'data' ->> 'title' AS title
    FROM notifications n JOIN events e ON e.id = n.event_pk
    WHERE n.user_id = ${userId} ORDER BY n.seq`;
}

// The event, its notification and its key, as if they had been written at `at`.
async function moveBack(row: StoredRow, at: number): Promise<void> {
  const when = new Date(at);
  await db().$transaction([
    db().$executeRaw`UPDATE events SET received_at = ${when} WHERE id = ${row.eventPk}`,
    db().$executeRaw`UPDATE notifications SET created_at = ${when} WHERE id = ${row.id}`,
    db().$executeRaw`UPDATE event_keys SET received_at = ${when} WHERE event_id = ${row.eventId}`,
  ]);
}

async function deadLetters(failedAt: number[]): Promise<bigint[]> {
  const rows = await Promise.all(
    failedAt.map((at, i) =>
      db().deadLetter.create({
        data: {
          topic: `retention-${randomUUID()}`,
          partition: 0,
          offset: BigInt(i),
          reason: "not JSON",
          payload: Buffer.from("x"),
          payloadSize: 1,
          failedAt: new Date(at),
        },
      }),
    ),
  );
  return rows.map((row) => row.id);
}

async function openStream(cookie: string, lastEventId: string | null): Promise<SseReader> {
  const headers: Record<string, string> = lastEventId ? { cookie, "last-event-id": lastEventId } : { cookie };
  const response = await stream(new Request("http://localhost:3000/api/notifications/stream", { headers }), {});
  expect(response.status).toBe(200);
  return new SseReader(response.body!);
}

async function partitionExists(name: string): Promise<boolean> {
  const [row] = await db().$queryRaw<{ found: string | null }[]>`SELECT to_regclass(${name})::text AS found`;
  return row?.found === name;
}

async function partitionOf(notificationId: bigint): Promise<string | undefined> {
  const [row] = await db().$queryRaw<
    { name: string }[]
  >`SELECT tableoid::regclass::text AS name FROM notifications WHERE id = ${notificationId}`;
  return row?.name;
}

function monthName(at: number): string {
  const date = new Date(at);
  return `${date.getUTCFullYear()}${String(date.getUTCMonth() + 1).padStart(2, "0")}`;
}

function startOfMonth(at: number): number {
  const date = new Date(at);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

function addMonths(at: number, months: number): number {
  const date = new Date(startOfMonth(at));
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.getTime();
}
