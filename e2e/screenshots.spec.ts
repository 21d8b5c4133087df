import path from "node:path";
import type { Browser } from "@playwright/test";
import type pg from "pg";
import { type AnyEvent, expect, type Person, type Publish, test } from "./fixtures";

// The pictures in the README: `UPDATE_SCREENSHOTS=1 npx playwright test e2e/screenshots.spec.ts`
// against a running stack writes docs/screenshots/*.png. Skipped otherwise (it asserts nothing).

test.skip(!process.env.UPDATE_SCREENSHOTS, "writes docs/screenshots/*.png only when UPDATE_SCREENSHOTS=1");

const OUT = path.join(import.meta.dirname, "..", "docs", "screenshots");
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };

const SHOTS = [
  { name: "bell-ko-light", locale: "ko-KR", colorScheme: "light", view: "bell", viewport: DESKTOP },
  { name: "bell-ko-dark", locale: "ko-KR", colorScheme: "dark", view: "bell", viewport: DESKTOP },
  { name: "bell-en-light", locale: "en-US", colorScheme: "light", view: "bell", viewport: DESKTOP },
  { name: "bell-en-dark", locale: "en-US", colorScheme: "dark", view: "bell", viewport: DESKTOP },
  { name: "history-ko-light", locale: "ko-KR", colorScheme: "light", view: "history", viewport: DESKTOP },
  { name: "history-ko-dark", locale: "ko-KR", colorScheme: "dark", view: "history", viewport: DESKTOP },
  { name: "history-en-light", locale: "en-US", colorScheme: "light", view: "history", viewport: DESKTOP },
  { name: "history-en-dark", locale: "en-US", colorScheme: "dark", view: "history", viewport: DESKTOP },
  { name: "phone-bell-ko-light", locale: "ko-KR", colorScheme: "light", view: "bell", viewport: PHONE },
  { name: "phone-history-en-dark", locale: "en-US", colorScheme: "dark", view: "history", viewport: PHONE },
] as const;

for (const shot of SHOTS) {
  test(`screenshot ${shot.name}`, async ({ browser, baseURL, person, publish, database }) => {
    const me = await person({ name: "박도윤" });
    await seed(me, publish, database);
    const page = await signedInPage(browser, baseURL!, me, shot);
    await page.goto(shot.view === "bell" ? "/" : "/notifications");
    await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "live");
    if (shot.view === "bell") {
      await page.getByTestId("notification-bell").click();
      await expect(page.getByTestId("notification-dropdown").getByTestId("notification-item")).toHaveCount(7);
    } else {
      await expect(page.getByTestId("history-list").getByTestId("notification-item")).toHaveCount(7);
    }
    await page.mouse.move(0, shot.viewport.height - 1);
    await page.screenshot({ path: path.join(OUT, `${shot.name}.png`) });
    await page.context().close();
  });
}

async function signedInPage(browser: Browser, baseURL: string, me: Person, shot: (typeof SHOTS)[number]) {
  const context = await browser.newContext({
    baseURL,
    locale: shot.locale,
    timezoneId: "Asia/Seoul",
    colorScheme: shot.colorScheme,
    viewport: shot.viewport,
  });
  const response = await context.request.post("/api/auth/login", {
    data: { email: me.email, password: process.env.DEMO_PASSWORD ?? "groupware" },
  });
  expect(response.status()).toBe(204);
  return context.newPage();
}

/** A morning's worth of notifications from every service, oldest first, some read, over three days. */
async function seed(me: Person, publish: Publish, database: pg.Client) {
  const soon = new Date(Date.now() + 26 * 3600_000);
  soon.setMinutes(0, 0, 0);
  const end = new Date(soon.getTime() + 3600_000);
  const events: AnyEvent[] = [
    {
      type: "reservation.confirmed",
      data: {
        reservationId: "R-311",
        resourceName: "7층 대회의실",
        startsAt: soon.toISOString(),
        endsAt: end.toISOString(),
        reserverId: me.id,
      },
    },
    {
      type: "approval.approved",
      data: {
        documentId: "DOC-2026-0038",
        documentTitle: "11월 법인카드 사용 내역",
        approver: { id: "E0001", name: "김민준" },
        requesterId: me.id,
        comment: "확인했습니다",
      },
    },
    {
      type: "calendar.event.invited",
      data: {
        eventId: "CAL-88",
        title: "주간 제품 회의",
        startsAt: soon.toISOString(),
        organizer: { id: "E0014", name: "서지민" },
        inviteeIds: [me.id],
      },
    },
    {
      type: "board.comment.created",
      data: {
        postId: "POST-512",
        postTitle: "신규 입사자 온보딩 안내",
        commenter: { id: "E0027", name: "송다은" },
        postAuthorId: me.id,
        excerpt: "자료 잘 봤습니다. 다음 주에 뵙겠습니다!",
      },
    },
    {
      type: "calendar.event.reminder",
      data: { eventId: "CAL-90", title: "분기 실적 리뷰", startsAt: soon.toISOString(), minutesBefore: 10, attendeeIds: [me.id] },
    },
    {
      type: "board.notice.published",
      data: {
        postId: "POST-520",
        title: "연말 워크숍 안내",
        author: { id: "E0031", name: "남태윤" },
        audience: { departmentIds: ["D01"] },
        important: true,
      },
    },
    {
      type: "approval.requested",
      data: {
        documentId: "DOC-2026-0042",
        documentTitle: "출장 경비 정산",
        requester: { id: "E0012", name: "이서준" },
        approverIds: [me.id],
      },
    },
  ];
  // One at a time: they go to different topics, and the list shows them in the order stored.
  for (const [index, event] of events.entries()) await publish([event], { userId: me.id, total: index + 1 });
  // Spread them over time (the newest a moment ago), and read the older ones.
  await database.query(
    `WITH ranked AS (SELECT id, row_number() OVER (ORDER BY seq DESC) AS r FROM notifications WHERE user_id = $1)
     UPDATE notifications n SET
       created_at = now() - (ARRAY[interval '20 seconds', interval '4 minutes', interval '47 minutes', interval '3 hours', interval '26 hours', interval '28 hours', interval '3 days'])[r],
       read_at = CASE WHEN r > 3 THEN now() END
     FROM ranked WHERE ranked.id = n.id`,
    [me.id],
  );
}
