import type { Page } from "@playwright/test";
import { approvalRequested, custom, expect, numbered, test } from "./fixtures";

// The bell as one person uses it all day: arrivals, reading one, reading all, filters, paging.

async function openHome(page: Page): Promise<void> {
  await page.goto("/");
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "live");
}

const bell = (page: Page) => page.getByTestId("notification-bell");
const badge = (page: Page) => page.getByTestId("notification-badge");
const dropdown = (page: Page) => page.getByTestId("notification-dropdown");
const items = (page: Page) => dropdown(page).getByTestId("notification-item");
const item = (page: Page, title: string) => items(page).filter({ hasText: title });

test("a new notification arrives live: badge, toast, announcement, the tab's title, and the dropdown", async ({
  page,
  person,
  signIn,
  publish,
}) => {
  const me = await person();
  await signIn(me.email);
  await openHome(page);
  await expect(badge(page)).toBeHidden();
  await expect(page).toHaveTitle("그룹웨어");

  await publish([approvalRequested(me.id, "출장 경비 정산")]);

  await expect(badge(page)).toHaveText("1");
  await expect(bell(page)).toHaveAccessibleName("알림, 읽지 않음 1개, 처리할 일 1개");
  await expect(page).toHaveTitle("(1) 그룹웨어");
  const toast = page.getByTestId("notification-toast");
  await expect(toast).toContainText("결재 요청: 출장 경비 정산");
  await toast.hover(); // a toast stays while pointed at
  await expect(page.getByTestId("notification-announcer")).toHaveText("새 알림: 결재 요청: 출장 경비 정산");
  await toast.getByRole("button", { name: "닫기" }).click();
  await expect(toast).toBeHidden();

  await bell(page).click();
  const row = item(page, "출장 경비 정산");
  await expect(row).toHaveAttribute("data-unread", "true");
  await expect(row).toContainText("이서준님이 결재를 요청했습니다.");
  await expect(row).toContainText("전자결재");
  await expect(row).toContainText("방금 전");
  await expect(row.getByTestId("notification-unread-dot")).toBeVisible();
});

test("one notification is marked read and unread, and stays that way after a reload", async ({ page, person, signIn, publish }) => {
  const me = await person();
  await publish([custom(me.id, "첫 번째 공지"), custom(me.id, "두 번째 공지")], { userId: me.id, total: 2 });
  await signIn(me.email);
  await openHome(page);
  await expect(badge(page)).toHaveText("2");

  await bell(page).click();
  const first = item(page, "첫 번째 공지");
  await first.getByRole("button", { name: /^읽음으로 표시/ }).click();
  await expect(first).toHaveAttribute("data-unread", "false");
  await expect(badge(page)).toHaveText("1");

  await first.getByRole("button", { name: /^읽지 않음으로 표시/ }).click();
  await expect(first).toHaveAttribute("data-unread", "true");
  await expect(badge(page)).toHaveText("2");

  await first.getByRole("button", { name: /^읽음으로 표시/ }).click();
  await expect(badge(page)).toHaveText("1");
  await page.reload();
  await expect(badge(page)).toHaveText("1");
  await bell(page).click();
  await expect(item(page, "첫 번째 공지")).toHaveAttribute("data-unread", "false");
  await expect(item(page, "두 번째 공지")).toHaveAttribute("data-unread", "true");
});

test("clicking a notification opens its link and marks it read", async ({ page, person, signIn, publish }) => {
  const me = await person();
  await publish([custom(me.id, "기록을 확인하세요", { link: "/notifications?filter=unread" })], { userId: me.id, total: 1 });
  await signIn(me.email);
  await openHome(page);
  await expect(badge(page)).toHaveText("1");

  await bell(page).click();
  await item(page, "기록을 확인하세요").getByTestId("notification-title").click();
  await expect(page).toHaveURL(/\/notifications\?filter=unread$/);
  await expect(badge(page)).toBeHidden();
  // The filter follows the URL, which changes a moment after the click.
  await page.getByText("전체", { exact: true }).click();
  await expect(page.getByTestId("filter-all")).toBeChecked();
  await expect(page.getByTestId("history-list").getByTestId("notification-item")).toHaveAttribute("data-unread", "false");
});

test("mark all read leaves unread a notification that arrives during the click", async ({ page, person, signIn, publish, database }) => {
  const me = await person();
  await publish(
    numbered(3, (n) => custom(me.id, `이전 알림 ${n}`)),
    { userId: me.id, total: 3 },
  );
  await signIn(me.email);
  await openHome(page);
  await expect(badge(page)).toHaveText("3");
  await bell(page).click();
  await expect(items(page)).toHaveCount(3);

  // The click's request is slow to reach the server; meanwhile a new notification is written and
  // shown. The request still names the newest notification the page had seen when clicked.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/notifications/read-all", async (route) => {
    await held;
    await route.continue();
  });
  await dropdown(page).getByRole("button", { name: "모두 읽음" }).click();
  await publish([custom(me.id, "클릭 중에 도착한 알림")], { userId: me.id, total: 4 });
  await expect(item(page, "클릭 중에 도착한 알림")).toHaveAttribute("data-unread", "true");
  release();

  await expect(badge(page)).toHaveText("1");
  for (const n of ["001", "002", "003"]) await expect(item(page, `이전 알림 ${n}`)).toHaveAttribute("data-unread", "false");
  await expect(item(page, "클릭 중에 도착한 알림")).toHaveAttribute("data-unread", "true");
  const unread = await database.query("SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL", [me.id]);
  expect(unread.rows[0].n).toBe(1);

  await page.reload();
  await expect(badge(page)).toHaveText("1");
});

test("filters: unread only, one service, and live arrivals that match", async ({ page, person, signIn, publish }) => {
  const me = await person();
  await publish(
    [
      custom(me.id, "결재 문서 도착", { service: "approval" }),
      custom(me.id, "게시판 새 글", { service: "board" }),
      custom(me.id, "회의 일정", { service: "calendar" }),
    ],
    { userId: me.id, total: 3 },
  );
  await signIn(me.email);
  await openHome(page);
  await bell(page).click();
  await expect(items(page)).toHaveCount(3);
  await item(page, "회의 일정")
    .getByRole("button", { name: /^읽음으로 표시/ })
    .click();
  await expect(badge(page)).toHaveText("2");

  await dropdown(page).getByText("읽지 않음", { exact: true }).click();
  await expect(items(page)).toHaveCount(2);
  await expect(item(page, "회의 일정")).toHaveCount(0);

  await dropdown(page).getByLabel("서비스").selectOption({ label: "게시판" });
  await expect(items(page)).toHaveCount(1);
  await expect(items(page)).toContainText("게시판 새 글");

  await publish([custom(me.id, "다른 서비스의 알림", { service: "approval" }), custom(me.id, "게시판 두 번째 글", { service: "board" })]);
  await expect(item(page, "게시판 두 번째 글")).toBeVisible();
  await expect(badge(page)).toHaveText("4");
  await expect(item(page, "다른 서비스의 알림")).toHaveCount(0);

  await dropdown(page).getByText("전체", { exact: true }).click();
  await dropdown(page).getByLabel("서비스").selectOption({ label: "모든 서비스" });
  await expect(items(page)).toHaveCount(5);
});

test("over a hundred unread: the badge says 99+, the label the exact count, and scrolling reaches the oldest once", async ({
  page,
  person,
  signIn,
  publish,
}) => {
  const me = await person();
  await publish(
    numbered(105, (n) => custom(me.id, `알림 ${n}`)),
    { userId: me.id, total: 105 },
  );
  await signIn(me.email);
  await openHome(page);
  await expect(badge(page)).toHaveText("99+");
  await expect(bell(page)).toHaveAccessibleName("알림, 읽지 않음 105개");
  await expect(page).toHaveTitle("(99+) 그룹웨어");

  await bell(page).click();
  await expect(items(page)).toHaveCount(20);
  // Scrolling to the end of the list loads the next page, until there is none.
  for (let shown = 20; shown < 105; shown = Math.min(105, shown + 20)) {
    await items(page).last().scrollIntoViewIfNeeded();
    await expect(items(page)).toHaveCount(Math.min(105, shown + 20));
  }
  await expect(dropdown(page).getByText("더 이전 알림이 없습니다")).toBeVisible();
  const titles = await dropdown(page).getByTestId("notification-title").allTextContents();
  expect(titles).toEqual(Array.from({ length: 105 }, (_, i) => `알림 ${String(105 - i).padStart(3, "0")}`));
});

test("the dropdown shows loading, then an error with a retry, then the empty state", async ({ page, person, signIn }) => {
  const me = await person();
  await signIn(me.email);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  // The server is slow, then answers with an error, once.
  const bellsFirstPage = (url: URL) => url.pathname === "/api/notifications" && url.searchParams.get("filter") === "all";
  await page.route(bellsFirstPage, async (route) => {
    await held;
    await route.fulfill({ status: 503, json: { error: { code: "internal", message: "down" } } });
  });
  await openHome(page);
  await bell(page).click();
  await expect(dropdown(page).getByRole("status").filter({ hasText: "알림을 불러오는 중…" })).toBeAttached();
  release();
  await expect(dropdown(page).getByTestId("notification-error")).toContainText("알림을 불러오지 못했습니다.");

  await page.unrouteAll();
  await dropdown(page).getByRole("button", { name: "다시 시도" }).click();
  await expect(dropdown(page).getByTestId("notification-empty")).toContainText("새 알림이 없습니다");
});
