import path from "node:path";
import type { Browser } from "@playwright/test";
import pg from "pg";
import { sendRaw } from "../test/kafka";
import { type AnyEvent, custom, DEMO_PASSWORD, expect, test } from "./fixtures";

// The admin pages' pictures: `UPDATE_SCREENSHOTS=1 npx playwright test e2e/admin-screenshots.spec.ts`
// against a running stack writes docs/screenshots/admin-*.png (`-g directory`: only the directory's,
// without the hour of traffic). Skipped otherwise (it asserts nothing).

test.skip(!process.env.UPDATE_SCREENSHOTS, "writes docs/screenshots/admin-*.png only when UPDATE_SCREENSHOTS=1");

const OUT = path.join(import.meta.dirname, "..", "docs", "screenshots");
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };

type Shot = {
  name: string;
  locale: string;
  colorScheme: "light" | "dark";
  view: "dashboard" | "notifications" | "event" | "dead-letters" | "directory";
  viewport: { width: number; height: number };
};

const SHOTS: Shot[] = [
  { name: "admin-dashboard-ko-light", locale: "ko-KR", colorScheme: "light", view: "dashboard", viewport: DESKTOP },
  { name: "admin-dashboard-en-dark", locale: "en-US", colorScheme: "dark", view: "dashboard", viewport: DESKTOP },
  { name: "admin-notifications-ko-light", locale: "ko-KR", colorScheme: "light", view: "notifications", viewport: DESKTOP },
  { name: "admin-notifications-en-dark", locale: "en-US", colorScheme: "dark", view: "notifications", viewport: DESKTOP },
  { name: "admin-event-ko-light", locale: "ko-KR", colorScheme: "light", view: "event", viewport: DESKTOP },
  { name: "admin-dead-letters-ko-light", locale: "ko-KR", colorScheme: "light", view: "dead-letters", viewport: DESKTOP },
  { name: "admin-dead-letters-en-dark", locale: "en-US", colorScheme: "dark", view: "dead-letters", viewport: DESKTOP },
  { name: "admin-phone-notifications-ko-light", locale: "ko-KR", colorScheme: "light", view: "notifications", viewport: PHONE },
  { name: "admin-phone-dashboard-en-dark", locale: "en-US", colorScheme: "dark", view: "dashboard", viewport: PHONE },
  { name: "admin-directory-ko-light", locale: "ko-KR", colorScheme: "light", view: "directory", viewport: DESKTOP },
  { name: "admin-directory-ko-dark", locale: "ko-KR", colorScheme: "dark", view: "directory", viewport: DESKTOP },
  { name: "admin-directory-en-light", locale: "en-US", colorScheme: "light", view: "directory", viewport: DESKTOP },
  { name: "admin-directory-en-dark", locale: "en-US", colorScheme: "dark", view: "directory", viewport: DESKTOP },
  { name: "admin-phone-directory-ko-light", locale: "ko-KR", colorScheme: "light", view: "directory", viewport: PHONE },
];

/** The directory pictures show one department of the demo directory, with a former employee of it (removed afterwards). */
const DIRECTORY_VIEW = "/admin/directory?departmentId=D02";
const FORMER_EMPLOYEE = { id: "E0099", email: "e0099@groupware.test", name: "민하람", departmentId: "D02" };

test.describe.configure({ mode: "serial" });

let eventPath = "";

test("seed an hour of traffic and two dead letters", async ({ publish, database }) => {
  test.setTimeout(180_000);
  // Demo employees (D02, D03, D05), so the rows outlive this test for the screenshots that follow.
  const people = ["E0012", "E0025", "E0043"].map((id) => ({ id }));
  await database.query("DELETE FROM notifications WHERE user_id = ANY($1)", [people.map((p) => p.id)]);
  const titles = [
    "주간 회의록 공유",
    "3분기 예산안 검토 요청",
    "보안 교육 일정 안내",
    "신규 입사자 온보딩",
    "사내 식당 메뉴 변경",
    "서버 점검 공지",
  ];
  const services = ["board", "approval", "calendar", "reservation"] as const;
  for (const [index, who] of people.entries()) {
    const events: AnyEvent[] = Array.from({ length: 40 }, (_, i) =>
      custom(who.id, titles[(i + index) % titles.length]!, { service: services[(i + index) % 4] }),
    );
    await publish(events, { userId: who.id, total: 40 });
  }
  const ids = people.map((p) => p.id);
  // Spread them over the last hour with believable delivery and read times.
  await database.query(
    `WITH moved AS (
       SELECT e.id, now() - (random() * interval '58 minutes') - interval '30 seconds' AS at FROM events e
        WHERE e.id IN (SELECT event_pk FROM notifications WHERE user_id = ANY($1)))
     UPDATE events e SET received_at = moved.at, time = moved.at - interval '40 milliseconds' FROM moved WHERE e.id = moved.id`,
    [ids],
  );
  await database.query(
    `UPDATE notifications n SET created_at = e.received_at + (5 + random() * 20) * interval '1 millisecond',
       delivered_at = e.received_at + (30 + random() * random() * 400) * interval '1 millisecond',
       read_at = CASE WHEN random() < 0.4 THEN LEAST(now(), e.received_at + random() * interval '20 minutes') END
     FROM events e WHERE e.id = n.event_pk AND n.user_id = ANY($1)`,
    [ids],
  );
  const newest = await database.query<{ event_pk: string }>(
    "SELECT event_pk::text FROM notifications WHERE user_id = ANY($1) AND read_at IS NOT NULL ORDER BY created_at DESC LIMIT 1",
    [ids],
  );
  eventPath = `/admin/events/${newest.rows[0]!.event_pk}`;

  await sendRaw("groupware.calendar", [
    {
      key: "CAL-77",
      value:
        '{"specversion":"1.0","id":"cal-77-1","source":"groupware/calendar","type":"calendar.event.moved","data":{"eventId":"CAL-77"}}',
    },
  ]);
  await sendRaw("groupware.approval", [{ key: "DOC-2026-0051", value: '{"specversion":"1.0","id":"doc-51",  "type": approval.requested' }]);
  await expect
    .poll(
      async () =>
        Number((await database.query("SELECT count(*) FROM dead_letters WHERE message_key IN ('CAL-77', 'DOC-2026-0051')")).rows[0].count),
      { timeout: 30_000 },
    )
    .toBe(2);
});

test("seed a former employee for the directory screenshots", async ({ database }) => {
  await database.query(
    `INSERT INTO users (id, email, name, department_id, password_hash, active, updated_at)
     VALUES ($1, $2, $3, $4, '-', false, now() - interval '3 days 4 hours') ON CONFLICT (id) DO NOTHING`,
    [FORMER_EMPLOYEE.id, FORMER_EMPLOYEE.email, FORMER_EMPLOYEE.name, FORMER_EMPLOYEE.departmentId],
  );
});

test.afterAll(async () => {
  if (!process.env.UPDATE_SCREENSHOTS) return;
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query("DELETE FROM users WHERE id = $1 AND password_hash = '-'", [FORMER_EMPLOYEE.id]);
  await client.end();
});

for (const shot of SHOTS) {
  test(`screenshot ${shot.name}`, async ({ browser, baseURL }) => {
    const page = await adminPage(browser, baseURL!, shot);
    const target = {
      dashboard: "/admin",
      notifications: "/admin/notifications",
      event: eventPath,
      "dead-letters": "/admin/dead-letters",
      directory: DIRECTORY_VIEW,
    }[shot.view];
    await page.goto(target);
    await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "live");
    await page.mouse.move(0, shot.viewport.height - 1);
    await page.screenshot({ path: path.join(OUT, `${shot.name}.png`), fullPage: shot.view !== "notifications" && shot.viewport !== PHONE });
    await page.context().close();
  });
}

async function adminPage(browser: Browser, baseURL: string, shot: Shot) {
  const context = await browser.newContext({
    baseURL,
    locale: shot.locale,
    timezoneId: "Asia/Seoul",
    colorScheme: shot.colorScheme,
    viewport: shot.viewport,
  });
  const response = await context.request.post("/api/auth/login", { data: { email: "admin@groupware.test", password: DEMO_PASSWORD } });
  expect(response.status()).toBe(204);
  return context.newPage();
}
