import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { formatInstant } from "../components/admin/format-admin";
import { buildCloudEvent } from "../lib/events/producer";
import { sendRaw } from "../test/kafka";
import { expectNoSeriousViolations, horizontalOverflow } from "./accessibility";
import { custom, DEMO_PASSWORD, expect, liveBrowserOf, numbered, type Person, test } from "./fixtures";

// The admin pages (docs/api.md, "Admin"): as the seeded admin, browse every notification, follow
// one event's delivery, fix and replay a dead letter, post an announcement; as an employee, 403.

const ADMIN_EMAIL = "admin@groupware.test";

const rows = (page: Page) => page.getByTestId("admin-notification-row");
const rowTitles = (page: Page) => page.getByTestId("row-title").allTextContents();

async function applyFilters(
  page: Page,
  filters: { recipient?: string; source?: string; status?: string; department?: string; from?: string; to?: string },
) {
  const form = page.getByTestId("admin-filters");
  const before = page.url();
  if (filters.recipient !== undefined) await form.getByLabel("받는 사람 ID").fill(filters.recipient);
  if (filters.department !== undefined) await form.getByLabel("부서").selectOption({ label: filters.department });
  if (filters.source !== undefined) await form.getByLabel("서비스").selectOption({ label: filters.source });
  if (filters.status !== undefined) await form.getByLabel("읽음 상태").selectOption({ label: filters.status });
  if (filters.from !== undefined) await form.getByLabel("시작일").fill(filters.from);
  if (filters.to !== undefined) await form.getByLabel("종료일").fill(filters.to);
  await form.getByRole("button", { name: "적용" }).click();
  await expect(page).not.toHaveURL(before);
  await expect(form, "one filter form after the navigation").toHaveCount(1);
}

/** Today in Seoul, as a date input holds it (2026-11-25). */
function seoulDay(offsetDays = 0): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Seoul" }).format(new Date(Date.now() + offsetDays * 86_400_000));
}

test("filters every user's notifications by the URL, pages by cursor, and exports the same filter as CSV", async ({
  page,
  person,
  signIn,
  publish,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const ana = await person({ name: "한지아", departmentId: "D02" });
  const ben = await person({ name: "오세훈", departmentId: "D05" });
  await publish(
    numbered(55, (n) => custom(ana.id, `게시판 알림 ${n}`)),
    { userId: ana.id, total: 55 },
  );
  await publish([custom(ana.id, "결재 알림 1", { service: "approval" }), custom(ana.id, "결재 알림 2", { service: "approval" })], {
    userId: ana.id,
    total: 57,
  });
  await publish([custom(ben.id, "디자인팀 알림")], { userId: ben.id, total: 1 });
  // Ana reads one, in her own browser.
  const anaPage = await liveBrowserOf(browser, baseURL!, ana);
  const read = await anaPage.request.get("/api/notifications?limit=1");
  const [newest] = (await read.json()).items;
  expect((await anaPage.request.post(`/api/notifications/${newest.id}/read`)).status()).toBe(200);
  await anaPage.context().close();

  await signIn(ADMIN_EMAIL);
  await page.goto("/admin/notifications");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("전체 알림");
  await applyFilters(page, { recipient: ana.id });
  await expect(page).toHaveURL(new RegExp(`/admin/notifications\\?recipientId=${ana.id}$`));

  // Newest first, 50 a page, then the rest by cursor; no gap, no repeat.
  await expect(rows(page)).toHaveCount(50);
  await expect(rows(page).first()).toContainText("한지아");
  await expect(rows(page).first().getByTestId("row-department")).toHaveText("개발");
  await page.getByTestId("admin-load-more").click();
  await expect(rows(page)).toHaveCount(57);
  await expect(page.getByTestId("admin-list-end")).toBeVisible();
  await expect(page.getByTestId("admin-load-more")).toBeHidden();
  const expected = [
    "결재 알림 2",
    "결재 알림 1",
    ...Array.from({ length: 55 }, (_, i) => `게시판 알림 ${String(55 - i).padStart(3, "0")}`),
  ];
  expect(await rowTitles(page)).toEqual(expected);

  // Source and read state narrow it; the form shows what the URL says after a reload.
  await applyFilters(page, { source: "전자결재" });
  await expect(page).toHaveURL(/source=groupware%2Fapproval/);
  expect(await rowTitles(page)).toEqual(["결재 알림 2", "결재 알림 1"]);
  await applyFilters(page, { status: "읽음" });
  await expect(rows(page)).toHaveCount(1);
  expect(await rowTitles(page)).toEqual(["결재 알림 2"]);
  await expect(rows(page).getByTestId("row-read")).toHaveText(/\d{2}:\d{2}:\d{2}/);
  await page.reload();
  await expect(page.getByTestId("admin-filters").getByLabel("받는 사람 ID")).toHaveValue(ana.id);
  await expect(page.getByTestId("admin-filters").getByLabel("읽음 상태")).toHaveValue("read");
  await expect(rows(page)).toHaveCount(1);

  // The CSV carries the same filter.
  const download = page.waitForEvent("download");
  await page.getByTestId("admin-export").click();
  const csv = (await readFile(await (await download).path(), "utf8"))
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n");
  expect(csv[0]).toContain("recipient_id");
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain(ana.id);
  expect(csv[1]).toContain("결재 알림 2");

  // Department and date range: today's D05 notifications include Ben's and nobody from another department.
  await page.goto("/admin/notifications");
  await applyFilters(page, { department: "디자인", from: seoulDay(), to: seoulDay() });
  await expect(rows(page).filter({ hasText: "디자인팀 알림" })).toHaveCount(1);
  for (const department of await page.getByTestId("row-department").allTextContents()) expect(department).toBe("디자인");
  await applyFilters(page, { from: seoulDay(1), to: seoulDay(1) });
  await expect(page.getByTestId("admin-list-empty")).toBeVisible();

  // Each row opens its event.
  await applyFilters(page, { recipient: ben.id, from: "", to: "" });
  await rows(page).getByTestId("row-title").click();
  await expect(page).toHaveURL(/\/admin\/events\/\d+$/);
  await expect(page.getByTestId("event-recipient")).toContainText("오세훈");
});

test("an event's page shows when the notification was stored, delivered over SSE and read, after the employee read it", async ({
  page,
  person,
  signIn,
  publish,
  browser,
  baseURL,
  database,
}) => {
  const employee = await person({ name: "정유나", departmentId: "D03" });
  const employeePage = await liveBrowserOf(browser, baseURL!, employee);
  const title = `출장 보고서 ${randomBytes(3).toString("hex")}`;
  await publish([custom(employee.id, title, { service: "approval" })], { userId: employee.id, total: 1 });

  // It arrives live in the bell (delivered over SSE); the employee opens the bell and reads it.
  await expect(employeePage.getByTestId("notification-badge")).toHaveText("1");
  await employeePage.getByTestId("notification-bell").click();
  const item = employeePage.getByTestId("notification-dropdown").getByTestId("notification-item").filter({ hasText: title });
  await item.getByRole("button", { name: /^읽음으로 표시/ }).click();
  await expect(employeePage.getByTestId("notification-badge")).toBeHidden();
  await employeePage.context().close();

  await signIn(ADMIN_EMAIL);
  await page.goto(`/admin/notifications?recipientId=${employee.id}`);
  await rows(page).getByTestId("row-title").filter({ hasText: title }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);

  // The hub saves first-delivery times in batches: reload until it has.
  const recipient = page.getByTestId("event-recipient").filter({ hasText: employee.id });
  await expect(async () => {
    await page.reload();
    await expect(recipient.getByTestId("delivered-at")).not.toContainText("전달 전", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });

  const stored = await database.query<{
    created_at: Date;
    delivered_at: Date;
    read_at: Date;
    topic: string;
    partition: number;
    kafka_offset: string;
    cloud_event: unknown;
  }>(
    `SELECT n.created_at, n.delivered_at, n.read_at, e.topic, e.partition, e.kafka_offset::text, e.cloud_event
       FROM notifications n JOIN events e ON e.id = n.event_pk WHERE n.user_id = $1`,
    [employee.id],
  );
  const row = stored.rows[0]!;
  expect(row.delivered_at.getTime()).toBeGreaterThanOrEqual(row.created_at.getTime());
  expect(row.read_at.getTime()).toBeGreaterThanOrEqual(row.delivered_at.getTime());
  await expect(recipient.getByTestId("stored-at")).toContainText(formatInstant(row.created_at.toISOString(), "ko"));
  await expect(recipient.getByTestId("delivered-at")).toContainText(formatInstant(row.delivered_at.toISOString(), "ko"));
  await expect(recipient.getByTestId("read-at")).toContainText(formatInstant(row.read_at.toISOString(), "ko"));
  for (const stage of ["stored-at", "delivered-at", "read-at"]) await expect(recipient.getByTestId(stage)).toContainText("+");

  // Where it was in Kafka, and the CloudEvent as received, as text.
  const facts = page.getByTestId("event-facts");
  await expect(facts).toContainText(row.topic);
  await expect(facts).toContainText(row.kafka_offset);
  expect(JSON.parse((await page.getByTestId("event-payload").textContent()) ?? "")).toEqual(row.cloud_event);
});

test("garbage published to a topic shows in dead letters with its reason; a correction is checked, then replayed to the employee", async ({
  page,
  person,
  signIn,
}) => {
  const employee = await person({ name: "문채원" });
  const marker = `e2e-dlq-${randomBytes(4).toString("hex")}`;
  await sendRaw("groupware.board", [{ key: marker, value: `{"marker": "${marker}", "oops` }]);

  await signIn(ADMIN_EMAIL);
  await page.goto("/admin/dead-letters");
  const letter = page.getByTestId("dead-letter").filter({ hasText: marker });
  await expect(async () => {
    await page.reload();
    await expect(letter).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(letter.getByTestId("dead-letter-reason")).toHaveText("not valid JSON");
  await expect(letter).toContainText("groupware.board");
  await expect(letter.getByTestId("dead-letter-preview")).toHaveText(`{"marker": "${marker}", "oops`);
  await expect(letter).toHaveAttribute("data-replayed", "false");

  // A correction that is still not an event is refused with the reason, and nothing is sent.
  await letter.getByRole("button", { name: "고쳐서 다시 보내기" }).click();
  const editor = letter.getByLabel("보낼 메시지 (JSON)");
  await expect(editor).toHaveValue(`{"marker": "${marker}", "oops`);
  await editor.fill(JSON.stringify({ specversion: "1.0", id: marker, source: "groupware/board", type: "notification.custom", data: {} }));
  await letter.getByRole("button", { name: "고친 메시지 보내기" }).click();
  await expect(letter.getByTestId("dead-letter-error")).toContainText("invalid data for notification.custom");
  await expect(letter).toHaveAttribute("data-replayed", "false");

  const fixed = buildCloudEvent({
    type: "notification.custom",
    source: "groupware/board",
    id: marker,
    data: { recipients: { userIds: [employee.id] }, title: `고친 공지 ${marker}` },
  });
  await editor.fill(JSON.stringify(fixed, null, 2));
  await letter.getByRole("button", { name: "고친 메시지 보내기" }).click();
  await expect(letter).toHaveAttribute("data-replayed", "true");
  await expect(letter.getByTestId("dead-letter-replayed")).toContainText("A0001");
  await expect(letter.getByTestId("dead-letter-error")).toBeHidden();

  // It went through the worker like any event: the employee has it, and the page remembers the replay.
  await page.goto(`/admin/notifications?recipientId=${employee.id}`);
  await expect(async () => {
    await page.reload();
    await expect(rows(page).filter({ hasText: `고친 공지 ${marker}` })).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await page.goto("/admin/dead-letters");
  await expect(letter).toHaveAttribute("data-replayed", "true");
});

test("an announcement posted from /admin travels through Kafka to the chosen department's bells", async ({
  page,
  person,
  signIn,
  browser,
  baseURL,
}) => {
  const designer = await person({ name: "유하린", departmentId: "D05" });
  const salesperson = await person({ name: "강도현", departmentId: "D03" });
  const designerPage = await liveBrowserOf(browser, baseURL!, designer);
  const title = `디자인 리뷰 일정 변경 ${randomBytes(3).toString("hex")}`;

  await signIn(ADMIN_EMAIL);
  await page.goto("/admin");
  const form = page.getByTestId("announcement-form");
  await form.getByLabel("제목").fill(title);
  await form.getByLabel("중요 공지로 표시").check();
  await form.getByLabel("선택한 부서").check();
  await form.getByRole("button", { name: "공지 보내기" }).click();
  await expect(page.getByTestId("announcement-outcome")).toHaveText("부서를 하나 이상 고르세요.");
  await form.getByLabel("디자인").check();
  await form.getByRole("button", { name: "공지 보내기" }).click();
  await expect(page.getByTestId("announcement-outcome")).toContainText("공지를 보냈습니다");
  await expect(form.getByLabel("제목")).toHaveValue("");

  await expect(designerPage.getByTestId("notification-badge")).toHaveText("1");
  await designerPage.getByTestId("notification-bell").click();
  await expect(designerPage.getByTestId("notification-dropdown")).toContainText(`[중요] 공지: ${title}`);

  // Sales was not chosen: the event's recipients (stored in one transaction) do not include them.
  const forSales = await page.request.get(`/api/admin/notifications?recipientId=${salesperson.id}`);
  expect((await forSales.json()).items).toEqual([]);
  await designerPage.context().close();
});

test("the dashboard shows the last hour's rates, latency, consumer lag per partition and open streams, and refreshes itself", async ({
  page,
  signIn,
}) => {
  await signIn(ADMIN_EMAIL);
  await page.goto("/");
  await page.getByTestId("admin-link").click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("대시보드");
  for (const card of ["stat-events", "stat-notifications", "stat-streams", "stat-latency", "stat-lag"])
    await expect(page.getByTestId(card)).toBeVisible();
  await expect(page.getByTestId("chart-rates").locator("path")).toHaveCount(2);
  const lag = page.getByTestId("lag-table");
  for (const topic of ["groupware.approval", "groupware.board", "groupware.calendar", "groupware.reservation"]) {
    await expect(lag.getByRole("rowheader", { name: topic })).toHaveCount(3);
  }
  // This page's own live stream is one of the open streams once the figures refresh.
  await expect(page.getByTestId("stat-streams").locator("dd").first()).not.toHaveText("0", { timeout: 30_000 });
  const asOf = page.getByText(/ 기준$/);
  const before = await asOf.textContent();
  await expect(asOf).not.toHaveText(before!, { timeout: 30_000 });
});

test("an employee gets 403 on every admin page and API route, and no admin link", async ({ page, person, signIn }) => {
  const employee: Person = await person();
  await signIn(employee.email);
  await page.goto("/");
  await expect(page.getByTestId("current-user-name")).toBeVisible();
  await expect(page.getByTestId("admin-link")).toHaveCount(0);

  for (const path of [
    "/admin",
    "/admin/notifications",
    "/admin/notifications?recipientId=E0001",
    "/admin/events/1",
    "/admin/dead-letters",
    "/admin/directory",
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("이 페이지를 볼 권한이 없습니다");
    await expect(page.getByText("전체 알림")).toHaveCount(0);
  }

  const routes: [string, string, unknown?][] = [
    ["GET", "/api/admin/notifications"],
    ["GET", "/api/admin/notifications/export"],
    ["GET", "/api/admin/events/1"],
    ["GET", "/api/admin/dead-letters"],
    ["POST", "/api/admin/dead-letters/1/replay", {}],
    ["POST", "/api/admin/announcements", { title: "몰래 보내는 공지", all: true }],
    ["GET", "/api/admin/stats"],
    ["GET", "/api/admin/directory"],
  ];
  for (const [method, path, data] of routes) {
    const response = await page.request.fetch(path, { method, data });
    expect(response.status(), `${method} ${path}`).toBe(403);
    expect((await response.json()).error.code, `${method} ${path}`).toBe("forbidden");
  }
});

test("signed-in pages answer 401 with the sign-in panel to no, forged, altered and expired cookies; signing in there opens the page", async ({
  page,
  context,
  signIn,
  database,
}) => {
  const sessionCookie = async () => (await context.cookies()).find((cookie) => cookie.name === "gw_session")!;
  await signIn(ADMIN_EMAIL);
  const issued = await sessionCookie();
  // A second session of the admin's, made to expire.
  await signIn(ADMIN_EMAIL);
  const expired = await sessionCookie();
  const [token] = expired.value.split(".") as [string];
  await database.query(
    "UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = encode(sha256(convert_to($1, 'UTF8')), 'hex')",
    [token],
  );
  const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === "A" ? "B" : "A") + text.slice(at + 1);
  const cookies: [string, string | null][] = [
    ["no cookie", null],
    ["a forged cookie", `${randomBytes(32).toString("base64url")}.${randomBytes(16).toString("base64url")}`],
    ["an altered token", flip(issued.value, 0)],
    ["an altered signature", flip(issued.value, issued.value.length - 2)],
    ["an expired cookie", expired.value],
  ];
  for (const [what, value] of cookies) {
    await context.clearCookies();
    if (value) await context.addCookies([{ ...issued, value }]);
    for (const path of ["/admin", "/admin/notifications", "/admin/events/1", "/admin/dead-letters", "/admin/directory", "/notifications"]) {
      const response = await page.goto(path);
      expect(response?.status(), `${path} with ${what}`).toBe(401);
      await expect(page, `${path} with ${what}`).toHaveURL(new RegExp(`${path}$`));
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("로그인이 필요합니다");
      await expect(page.getByText("전체 알림")).toHaveCount(0);
    }
  }

  // Signing in on the panel shows the page that was asked for, at the same address.
  await context.clearCookies();
  await page.goto("/admin/dead-letters");
  await page.getByLabel("이메일").fill(ADMIN_EMAIL);
  await page.getByLabel("비밀번호").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "로그인" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("처리 실패 (DLQ)");
  await expect(page).toHaveURL(/\/admin\/dead-letters$/);
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`the admin pages have no serious or critical accessibility violations (${colorScheme})`, async ({
    page,
    person,
    signIn,
    publish,
  }) => {
    await page.emulateMedia({ colorScheme });
    // A hydration mismatch (server and browser formatting a time differently) shows as a console error.
    const errors: string[] = [];
    page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    page.on("pageerror", (error) => errors.push(error.message));
    const me = await person({ name: "서민재" });
    await publish([custom(me.id, "접근성 점검용 알림", { service: "calendar" })], { userId: me.id, total: 1 });
    await signIn(ADMIN_EMAIL);
    for (const path of ["/admin", `/admin/notifications?recipientId=${me.id}`, "/admin/dead-letters"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectNoSeriousViolations(page, path);
    }
    await page.goto(`/admin/notifications?recipientId=${me.id}`);
    await rows(page).getByTestId("row-title").click();
    await expect(page.getByTestId("event-recipient")).toHaveCount(1);
    await expectNoSeriousViolations(page, "an event's page");
    expect(errors, "console errors on the admin pages").toEqual([]);
  });
}

test.describe("on a 360 px wide phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("the admin pages fit the screen; wide tables scroll inside themselves", async ({ page, person, signIn, publish }) => {
    const me = await person({ name: "황보지훈" });
    await publish([custom(me.id, "좁은 화면에서 보는 아주 긴 제목의 알림입니다", { service: "reservation" })], { userId: me.id, total: 1 });
    await signIn(ADMIN_EMAIL);
    for (const path of ["/admin", `/admin/notifications?recipientId=${me.id}`, "/admin/dead-letters"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect(await horizontalOverflow(page), path).toBe(0);
    }
    await page.goto(`/admin/notifications?recipientId=${me.id}`);
    await rows(page).getByTestId("row-title").click();
    await expect(page.getByTestId("event-recipient")).toHaveCount(1);
    expect(await horizontalOverflow(page), "an event's page").toBe(0);
  });
});
