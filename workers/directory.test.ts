import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as login } from "../app/api/auth/login/route";
import { hashPassword } from "../lib/auth/password";
import { createSession, findSessionUser } from "../lib/auth/session";
import { db, disconnectDb } from "../lib/db/prisma";
import { requireSetting } from "../lib/env";
import type { DirectoryEventType, EventData } from "../lib/events/catalog";
import { buildCloudEvent } from "../lib/events/producer";
import { NotificationHub } from "../lib/realtime/notification-hub";
import { openNotificationStream } from "../lib/realtime/open-notification-stream";
import { eventually } from "../test/eventually";
import { sendRaw } from "../test/kafka";
import { SseReader } from "../test/sse-reader";
import { startTestWorker, uniqueTopics } from "../test/worker";
import type { WorkerRuntime } from "./runtime";

// The company's directory through the real broker and database: people and departments as the
// directory service publishes them, in order and out of it, and what a leaver and a transfer mean
// for sign-in, live streams and audiences.

afterAll(disconnectDb);

const topics = uniqueTopics();
const hub = new NotificationHub({ databaseUrl: requireSetting("DATABASE_URL"), heartbeatMs: 60_000 });
let worker: WorkerRuntime | undefined;

beforeAll(async () => {
  worker = await startTestWorker(db(), topics);
});
afterAll(async () => {
  await worker?.close();
  await hub.close();
});

describe("the directory's events", () => {
  it("apply in order; an older change, replayed or late, never overwrites a newer one", async () => {
    const id = personId();
    await publish([
      change("directory.user.upserted", { ...person(id), name: "첫 이름" }, "2026-12-01T01:00:00Z"),
      change("directory.user.upserted", { ...person(id), name: "바뀐 이름" }, "2026-12-01T02:00:00Z"),
    ]);
    await eventually(async () => ((await nameOf(id)) === "바뀐 이름" ? true : null));
    // The first change again (a replay), and one older still: the newer name stays.
    await publish([
      change("directory.user.upserted", { ...person(id), name: "첫 이름" }, "2026-12-01T01:00:00Z"),
      change("directory.user.upserted", { ...person(id), name: "아주 오래된 이름" }, "2026-11-01T00:00:00Z"),
    ]);
    const marker = personId();
    await publish([change("directory.user.upserted", person(marker), "2026-12-01T03:00:00Z")]);
    await eventually(async () => ((await nameOf(marker)) ? true : null));
    expect(await nameOf(id)).toBe("바뀐 이름");
    // Times are compared as instants, whatever their offset: 11:30+09:00 is 02:30Z, newer than 02:00Z.
    await publish([change("directory.user.upserted", { ...person(id), name: "서울 시각" }, "2026-12-01T11:30:00+09:00")]);
    await eventually(async () => ((await nameOf(id)) === "서울 시각" ? true : null));
  });

  it("keep a person whose department is not known yet, shown by its id until the department's own event", async () => {
    const id = personId();
    const department = `DX${randomUUID().slice(0, 6)}`;
    await publish([change("directory.user.upserted", { ...person(id), departmentId: department }, "2026-12-01T01:00:00Z")]);
    await eventually(async () => ((await nameOf(id)) ? true : null));
    expect(await db().department.findUnique({ where: { id: department }, select: { name: true } })).toEqual({ name: department });
    await publish([change("directory.department.upserted", { id: department, name: "신사업", parentId: "D01" }, "2026-12-01T02:00:00Z")]);
    await eventually(async () => ((await db().department.findUnique({ where: { id: department } }))?.name === "신사업" ? true : null));
  });

  it("deactivate a person: sign-in refused, sessions ended, open streams closed within 5 s, out of the next all-company notice; reactivation restores sign-in", async () => {
    const id = personId();
    const email = `${id.toLowerCase()}@groupware.test`;
    await publish([change("directory.user.upserted", person(id), "2026-12-01T01:00:00Z")]);
    await eventually(async () => ((await nameOf(id)) ? true : null));
    await db().user.update({ where: { id }, data: { passwordHash: await hashPassword("a-right-password") } });
    const { token } = await createSession(id);
    const user = await findSessionUser(token);
    if (!user) throw new Error("no session");
    const stream = await openNotificationStream({ request: new Request("http://localhost:3000/api/notifications/stream"), user, hub });
    const reader = new SseReader(stream.body as ReadableStream<Uint8Array>);

    await publish([change("directory.user.deactivated", { id }, "2026-12-01T02:00:00Z")]);
    const sent = Date.now();
    expect(await reader.next("notification", 10_000)).toBeNull();
    expect(Date.now() - sent).toBeLessThan(5_000);
    expect(await findSessionUser(token)).toBeNull();
    expect((await signIn(email, "a-right-password")).status).toBe(401);

    const notice = buildCloudEvent({
      type: "board.notice.published",
      data: { postId: `P-${randomUUID()}`, title: "전사 공지", author: { id: "E0034", name: "하윤서" }, audience: { all: true } },
    });
    await sendRaw(topics.board, [{ key: notice.subject, value: JSON.stringify(notice) }]);
    await eventually(() => db().notification.findFirst({ where: { event: { eventId: notice.id } } }));
    expect(await db().notification.count({ where: { userId: id, event: { eventId: notice.id } } })).toBe(0);

    await publish([change("directory.user.upserted", { ...person(id), active: true }, "2026-12-01T03:00:00Z")]);
    await eventually(async () => ((await db().user.findUnique({ where: { id } }))?.active ? true : null));
    expect((await signIn(email, "a-right-password")).status).toBe(204);
  }, 60_000);

  it("skip and count a deactivated id named directly, like an unknown one", async () => {
    const id = personId();
    await publish([change("directory.user.upserted", person(id), "2026-12-01T01:00:00Z")]);
    await publish([change("directory.user.deactivated", { id }, "2026-12-01T02:00:00Z")]);
    await eventually(async () => ((await db().user.findUnique({ where: { id } }))?.active === false ? true : null));
    const request = buildCloudEvent({
      type: "approval.requested",
      data: {
        documentId: `DOC-${randomUUID()}`,
        documentTitle: "퇴사자 결재",
        requester: { id: "E0012", name: "이서준" },
        approverIds: [id, "E0003"],
      },
    });
    await sendRaw(topics.approval, [{ key: request.subject, value: JSON.stringify(request) }]);
    await eventually(() => db().notification.findFirst({ where: { event: { eventId: request.id } } }));
    const recipients = await db().notification.findMany({ where: { event: { eventId: request.id } }, select: { userId: true } });
    expect(recipients.map((r) => r.userId)).toEqual(["E0003"]);
  });

  it("move a person: notices of the new department reach them from the event on, the old one's no longer", async () => {
    const id = personId();
    await publish([change("directory.user.upserted", { ...person(id), departmentId: "D03" }, "2026-12-01T01:00:00Z")]);
    await eventually(async () => ((await nameOf(id)) ? true : null));
    await publish([change("directory.user.upserted", { ...person(id), departmentId: "D05" }, "2026-12-01T02:00:00Z")]);
    await eventually(async () => ((await db().user.findUnique({ where: { id } }))?.departmentId === "D05" ? true : null));
    const notice = (departmentId: string) =>
      buildCloudEvent({
        type: "board.notice.published",
        data: {
          postId: `P-${randomUUID()}`,
          title: `${departmentId} 공지`,
          author: { id: "E0034", name: "하윤서" },
          audience: { departmentIds: [departmentId] },
        },
      });
    const [sales, design] = [notice("D03"), notice("D05")];
    await sendRaw(
      topics.board,
      [sales, design].map((event) => ({ key: event.subject, value: JSON.stringify(event) })),
    );
    await eventually(() => db().notification.findFirst({ where: { event: { eventId: design.id } } }));
    await eventually(() => db().notification.findFirst({ where: { event: { eventId: sales.id } } }));
    const mine = await db().notification.findMany({ where: { userId: id }, select: { event: { select: { eventId: true } } } });
    expect(mine.map((n) => n.event.eventId)).toEqual([design.id]);
  });

  it("dead-letter a directory event without a time, or from another source, with the reason", async () => {
    const id = personId();
    const untimed = { ...change("directory.user.upserted", person(id), "2026-12-01T01:00:00Z"), time: undefined };
    const foreign = { ...change("directory.user.upserted", person(id), "2026-12-01T01:00:00Z"), source: "groupware/board" };
    const key = `user:${id}`;
    await sendRaw(
      topics.directory,
      [untimed, foreign].map((event) => ({ key, value: JSON.stringify(event) })),
    );
    const letters = await eventually(async () => {
      const found = await db().deadLetter.findMany({ where: { topic: topics.directory, messageKey: key } });
      return found.length === 2 ? found : null;
    });
    expect(letters.map((l) => l.reason).sort()).toEqual([
      "directory.user.upserted needs a time: the directory keeps the newest change of each person and department by it",
      'source "groupware/board" publishes on groupware.board, not on groupware.directory',
    ]);
    expect(await nameOf(id)).toBeNull();
  });
});

function personId(): string {
  return `X${randomUUID().slice(0, 8)}`;
}

function person(id: string): EventData<"directory.user.upserted"> {
  return { id, email: `${id.toLowerCase()}@groupware.test`, name: id, departmentId: "D04", role: "USER", active: true };
}

function change<T extends DirectoryEventType>(type: T, data: EventData<T>, time: string) {
  return buildCloudEvent({ type, data, time });
}

async function publish(events: ReturnType<typeof change>[]): Promise<void> {
  await sendRaw(
    topics.directory,
    events.map((event) => ({ key: event.subject ?? null, value: JSON.stringify(event) })),
  );
}

async function nameOf(id: string): Promise<string | null> {
  return (await db().user.findUnique({ where: { id }, select: { name: true } }))?.name ?? null;
}

function signIn(email: string, password: string): Promise<Response> {
  return login(new Request("http://localhost:3000/api/auth/login", { method: "POST", body: JSON.stringify({ email, password }) }), {});
}
