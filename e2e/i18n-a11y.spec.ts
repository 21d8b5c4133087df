import type { Page } from "@playwright/test";
import { expectNoSeriousViolations, horizontalOverflow } from "./accessibility";
import { approvalRequested, custom, expect, test } from "./fixtures";

// Korean and English; keyboard, screen readers, contrast in light and dark, and a 360 px screen.

const bell = (page: Page) => page.getByTestId("notification-bell");
const dropdown = (page: Page) => page.getByTestId("notification-dropdown");
const titleOf = (page: Page, title: string) =>
  dropdown(page).getByTestId("notification-item").filter({ hasText: title }).getByTestId("notification-title");

async function openLive(page: Page, path = "/"): Promise<void> {
  await page.goto(path);
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "live");
}

test("switching the language re-renders existing notifications, is remembered, and the person's other tabs follow", async ({
  context,
  page,
  person,
  signIn,
  publish,
}) => {
  const me = await person({ name: "김하늘" });
  await publish([approvalRequested(me.id, "출장 경비 정산")], { userId: me.id, total: 1 });
  await signIn(me.email);
  await openLive(page);
  const history = await context.newPage();
  await openLive(history, "/notifications");
  await expect(history.getByTestId("history-list")).toContainText("결재 요청: 출장 경비 정산");
  await bell(page).click();
  await expect(dropdown(page)).toContainText("결재 요청: 출장 경비 정산");

  await page.getByRole("button", { name: "Switch to English" }).click();

  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome back, 김하늘");
  await expect(bell(page)).toHaveAccessibleName("Notifications, 1 unread, 1 to do");
  await expect(page).toHaveTitle("(1) Groupware");
  if (!(await dropdown(page).isVisible())) await bell(page).click();
  const row = dropdown(page).getByTestId("notification-item");
  await expect(row).toContainText("Approval requested: 출장 경비 정산");
  await expect(row).toContainText("이서준 asked for your approval.");
  await expect(row).toContainText("Approvals");
  await expect(row).toContainText("just now");

  // The other tab follows without a reload.
  await expect(history.locator("html")).toHaveAttribute("lang", "en");
  await expect(history.getByTestId("history-list")).toContainText("Approval requested: 출장 경비 정산");
  await expect(history.getByRole("heading", { name: "Today" })).toBeVisible();

  // What arrives next comes in English too.
  await publish([approvalRequested(me.id, "분기 보고서")]);
  await expect(dropdown(page)).toContainText("Approval requested: 분기 보고서");

  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByRole("button", { name: "한국어 화면으로 보기" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await expect(bell(page)).toHaveAccessibleName("알림, 읽지 않음 2개, 처리할 일 2개");
});

test.describe("a browser that prefers English", () => {
  test.use({ locale: "en-US" });

  test("shows English until the person chooses otherwise", async ({ page, person, signIn, publish }) => {
    await page.goto("/login");
    await expect(page.getByRole("heading", { name: "Sign in to Groupware" })).toBeVisible();

    const me = await person();
    await publish([approvalRequested(me.id, "예산안")], { userId: me.id, total: 1 });
    await signIn(me.email);
    await openLive(page);
    await expect(bell(page)).toHaveAccessibleName("Notifications, 1 unread, 1 to do");
    await bell(page).click();
    await expect(dropdown(page)).toContainText("Approval requested: 예산안");
  });
});

test("the dropdown works from the keyboard alone", async ({ page, person, signIn, publish }) => {
  const me = await person();
  await publish(
    [custom(me.id, "키보드 알림 1"), custom(me.id, "키보드 알림 2"), custom(me.id, "키보드 알림 3", { link: "/notifications" })],
    { userId: me.id, total: 3 },
  );
  await signIn(me.email);
  await openLive(page);

  for (let presses = 0; presses < 12 && !(await bell(page).evaluate((el) => el === document.activeElement)); presses++) {
    await page.keyboard.press("Tab");
  }
  await expect(bell(page)).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dropdown(page)).toBeVisible();

  await page.keyboard.press("ArrowDown");
  await expect(titleOf(page, "키보드 알림 3")).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(titleOf(page, "키보드 알림 2")).toBeFocused();
  await page.keyboard.press("End");
  await expect(titleOf(page, "키보드 알림 1")).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(titleOf(page, "키보드 알림 2")).toBeFocused();

  // Tab reaches the row's own control; Enter marks it read.
  await page.keyboard.press("Tab");
  const toggle = dropdown(page)
    .getByTestId("notification-item")
    .filter({ hasText: "키보드 알림 2" })
    .getByTestId("notification-toggle-read");
  await expect(toggle).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("notification-badge")).toHaveText("2");

  await page.keyboard.press("Escape");
  await expect(dropdown(page)).toBeHidden();
  await expect(bell(page)).toBeFocused();

  // Enter on a notification opens its link and reads it.
  await page.keyboard.press("Enter");
  await page.keyboard.press("Home");
  await expect(titleOf(page, "키보드 알림 3")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByTestId("notification-badge")).toHaveText("1");
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`no serious or critical accessibility violations on /, the open dropdown and /notifications (${colorScheme})`, async ({
    page,
    person,
    signIn,
    publish,
  }) => {
    await page.emulateMedia({ colorScheme });
    const me = await person();
    await publish(
      [
        approvalRequested(me.id, "출장 경비 정산"),
        custom(me.id, "전사 공지", { service: "board", body: "연말 워크숍 일정을 확인하세요." }),
        custom(me.id, "회의실 예약 확정", { service: "reservation" }),
      ],
      { userId: me.id, total: 3 },
    );
    await signIn(me.email);
    await openLive(page);
    await expectNoSeriousViolations(page, "/");

    await bell(page).click();
    await expect(dropdown(page).getByTestId("notification-item")).toHaveCount(3);
    await dropdown(page).getByTestId("notification-item").last().getByTestId("notification-toggle-read").click();
    await expectNoSeriousViolations(page, "the open dropdown");

    await openLive(page, "/notifications");
    await expect(page.getByTestId("history-list").getByTestId("notification-item")).toHaveCount(3);
    await expectNoSeriousViolations(page, "/notifications");
  });
}

test.describe("on a 360 px wide phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("the header, the dropdown and the history fit the screen and work", async ({ page, person, signIn, publish }) => {
    const me = await person({ name: "남궁민수" });
    await publish([approvalRequested(me.id, "아주 긴 제목의 출장 경비 정산 문서가 여기에 있습니다")], { userId: me.id, total: 1 });
    await signIn(me.email);
    await openLive(page);
    expect(await horizontalOverflow(page)).toBe(0);

    await bell(page).click();
    const box = (await dropdown(page).boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    await dropdown(page).getByTestId("notification-toggle-read").click();
    await expect(page.getByTestId("notification-badge")).toBeHidden();

    await openLive(page, "/notifications");
    await expect(page.getByTestId("history-list").getByTestId("notification-item")).toHaveCount(1);
    expect(await horizontalOverflow(page)).toBe(0);
  });
});
