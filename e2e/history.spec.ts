import type { Page } from "@playwright/test";
import { custom, expect, numbered, test } from "./fixtures";

// /notifications: the whole history, by day, paged by cursor, filters in the URL.

const list = (page: Page) => page.getByTestId("history-list");
// A locator, so that expecting its texts waits for the list to settle after a filter changes.
const titles = (page: Page) => list(page).getByTestId("notification-title");

async function openHistory(page: Page, query = ""): Promise<void> {
  await page.goto(`/notifications${query}`);
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "live");
}

test("pages through 250 notifications with 'load more', while new ones arrive, without a gap or a duplicate", async ({
  page,
  person,
  signIn,
  publish,
}) => {
  test.setTimeout(120_000);
  const me = await person();
  await publish(
    numbered(250, (n) => custom(me.id, `기록 ${n}`)),
    { userId: me.id, total: 250 },
  );
  await signIn(me.email);
  await openHistory(page);
  await expect(list(page).getByTestId("notification-item")).toHaveCount(30);
  await expect(page.getByRole("heading", { name: "오늘" })).toBeVisible();

  // New notifications arriving mid-way go on top; the cursor of the older pages is unaffected.
  await publish(numbered(3, (n) => custom(me.id, `새 기록 ${n}`)));
  await expect(list(page).getByTestId("notification-item")).toHaveCount(33);

  const loadMore = page.getByTestId("history-load-more");
  for (let pages = 1; await loadMore.isVisible(); pages++) {
    expect(pages, "pages of 30 to reach 250").toBeLessThan(10);
    await loadMore.click();
    await expect(list(page).getByTestId("notification-item")).toHaveCount(Math.min(253, 33 + pages * 30));
  }
  await expect(page.getByTestId("history-end")).toBeVisible();

  const expected = [
    ...["003", "002", "001"].map((n) => `새 기록 ${n}`),
    ...Array.from({ length: 250 }, (_, i) => `기록 ${String(250 - i).padStart(3, "0")}`),
  ];
  await expect(titles(page)).toHaveText(expected);
});

test("groups the history by day: today, yesterday, then dates", async ({ page, person, signIn, publish, database }) => {
  const me = await person();
  await publish([custom(me.id, "사흘 전"), custom(me.id, "어제 온 알림"), custom(me.id, "오늘 온 알림")], { userId: me.id, total: 3 });
  // Back-date two of them, as if they had arrived earlier (dates are Seoul's, as the browser's).
  await database.query(
    `UPDATE notifications n SET created_at = date_trunc('day', now() AT TIME ZONE 'Asia/Seoul') AT TIME ZONE 'Asia/Seoul'
       - CASE e.cloud_event->'data'->>'title' WHEN '사흘 전' THEN interval '3 days' - interval '10 hours' ELSE interval '14 hours' END
     FROM events e WHERE e.id = n.event_pk AND n.user_id = $1 AND e.cloud_event->'data'->>'title' <> '오늘 온 알림'`,
    [me.id],
  );
  const threeDaysAgo = await database.query<{ label: string }>(
    "SELECT to_char((now() AT TIME ZONE 'Asia/Seoul') - interval '3 days', 'FMMM\"월\" FMDD\"일\"') AS label",
  );
  await signIn(me.email);
  await openHistory(page);

  const days = page.getByTestId("history-day");
  await expect(days).toHaveCount(3);
  await expect(days.nth(0).getByRole("heading")).toHaveText("오늘");
  await expect(days.nth(0)).toContainText("오늘 온 알림");
  await expect(days.nth(1).getByRole("heading")).toHaveText("어제");
  await expect(days.nth(1)).toContainText("어제 온 알림");
  await expect(days.nth(2).getByRole("heading")).toContainText(threeDaysAgo.rows[0]!.label);
  await expect(days.nth(2)).toContainText("사흘 전");
});

test("keeps its filters in the URL: reload, back and forward show the same view", async ({ page, person, signIn, publish }) => {
  const me = await person();
  await publish(
    [
      custom(me.id, "결재 1", { service: "approval" }),
      custom(me.id, "결재 2", { service: "approval" }),
      custom(me.id, "게시판 1", { service: "board" }),
    ],
    { userId: me.id, total: 3 },
  );
  await signIn(me.email);
  await openHistory(page);
  await expect(list(page).getByTestId("notification-item")).toHaveCount(3);
  await list(page)
    .getByTestId("notification-item")
    .filter({ hasText: "결재 1" })
    .getByRole("button", { name: /^읽음으로 표시/ })
    .click();

  await page.getByText("읽지 않음", { exact: true }).click();
  await expect(page).toHaveURL(/\/notifications\?filter=unread$/);
  await page.getByLabel("서비스").selectOption({ label: "전자결재" });
  await expect(page).toHaveURL(/\/notifications\?filter=unread&source=approval$/);
  await expect(titles(page)).toHaveText(["결재 2"]);

  await page.reload();
  await expect(page.getByTestId("filter-unread")).toBeChecked();
  await expect(page.getByLabel("서비스")).toHaveValue("groupware/approval");
  await expect(list(page).getByTestId("notification-item")).toHaveCount(1);
  await expect(titles(page)).toHaveText(["결재 2"]);

  await page.goBack();
  await expect(page).toHaveURL(/\/notifications\?filter=unread$/);
  await expect(list(page).getByTestId("notification-item")).toHaveCount(2);
  await page.goBack();
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(list(page).getByTestId("notification-item")).toHaveCount(3);
  await page.goForward();
  await expect(page.getByTestId("filter-unread")).toBeChecked();
});
