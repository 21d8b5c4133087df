import path from "node:path";
import { expectNoSeriousViolations, horizontalOverflow } from "./accessibility";
import { custom, expect, test } from "./fixtures";

// /settings/notifications (PRODUCT.md §13): reached from the header and the bell; a muted service's
// notifications never show in the bell; keyboard and screen-reader usable (axe), light and dark,
// Korean and English, 360 px.

const SCREENSHOTS = path.join(import.meta.dirname, "..", "docs", "screenshots");

test("a service muted on /settings/notifications never shows in the bell, and the page is accessible", async ({
  page,
  person,
  signIn,
  publish,
}) => {
  const me = await person({ name: "나은비" });
  await signIn(me.email);
  await page.goto("/");
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "live");
  await page.getByTestId("notification-bell").click();
  await page.getByTestId("bell-settings").click();
  await expect(page).toHaveURL(/\/settings\/notifications$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("알림 설정");

  // By keyboard: the calendar's checkbox, then Save.
  const calendar = page.getByRole("checkbox", { name: "일정" });
  await calendar.focus();
  await page.keyboard.press("Space");
  await expect(calendar).toBeChecked();
  await page.getByRole("checkbox", { name: "방해 금지 시간 사용" }).check();
  await expect(page.getByLabel("시작 (한국 시간)")).toHaveValue("22:00");
  await page.getByRole("button", { name: "저장" }).click();
  await expect(page.getByTestId("settings-outcome")).toHaveText("저장했습니다.");
  await expectNoSeriousViolations(page, "/settings/notifications");
  if (process.env.UPDATE_SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/settings-ko-light.png`, fullPage: true });

  await page.goto("/");
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "live");
  await publish([custom(me.id, "회의실 예약 변경", { service: "calendar" }), custom(me.id, "주간 공지", { service: "board" })], {
    userId: me.id,
    total: 2,
  });
  await expect(page.getByTestId("notification-badge")).toHaveText("1");
  await page.getByTestId("notification-bell").click();
  await expect(page.getByTestId("notification-dropdown")).toContainText("주간 공지");
  await expect(page.getByTestId("notification-dropdown")).not.toContainText("회의실 예약 변경");
  const muted = await page.request.get("/api/notifications?filter=muted");
  expect((await muted.json()).items.map((i: { title: string }) => i.title)).toEqual(["회의실 예약 변경"]);

  // English, dark, from the header's link; and a 360 px phone.
  await page.request.put("/api/me/locale", { data: { locale: "en" } });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/");
  await page.getByTestId("settings-link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Notification settings");
  await expect(page.getByRole("checkbox", { name: "Calendar" })).toBeChecked();
  await expectNoSeriousViolations(page, "/settings/notifications in English, dark");
  if (process.env.UPDATE_SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/settings-en-dark.png`, fullPage: true });
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await horizontalOverflow(page)).toBe(0);
  if (process.env.UPDATE_SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/settings-phone-en-dark.png`, fullPage: true });
});

/** "HH:MM" in Seoul, `minutes` from now. */
function seoulClock(minutes: number): string {
  const seoul = new Date(Date.now() + minutes * 60_000 + 9 * 3_600_000);
  return `${String(seoul.getUTCHours()).padStart(2, "0")}:${String(seoul.getUTCMinutes()).padStart(2, "0")}`;
}

test("preferences saved in one tab apply in the other at once: quiet hours arrive silently, a must-read notice still speaks", async ({
  page,
  person,
  signIn,
  publish,
  database,
}) => {
  const departmentId = `DQ${Date.now().toString(36).toUpperCase()}`;
  await database.query("INSERT INTO departments (id, name) VALUES ($1, '조용한팀')", [departmentId]);
  try {
    const me = await person({ name: "하도윤", departmentId });
    await signIn(me.email);
    const other = await page.context().newPage();
    for (const tab of [page, other]) {
      await tab.goto("/");
      await expect(tab.getByTestId("connection-status")).toHaveAttribute("data-state", "live");
    }
    await publish([custom(me.id, "일정 변경", { service: "calendar" })], { userId: me.id, total: 1 });
    await expect(other.getByTestId("notification-badge")).toHaveText("1");
    // Saved in the first tab, quiet now (an hour either side, every day) and the calendar muted.
    const saved = await page.request.put("/api/me/preferences", {
      data: {
        muted: [{ source: "groupware/calendar" }],
        toasts: true,
        quietHours: { days: [1, 2, 3, 4, 5, 6, 7], start: seoulClock(-60), end: seoulClock(60) },
      },
    });
    expect(saved.status()).toBe(200);
    // The second tab follows without a reload: the muted one leaves its count, and a new one arrives quietly.
    await expect(other.getByTestId("notification-badge")).toHaveCount(0);
    await publish([custom(me.id, "조용히 도착")], { userId: me.id, total: 2 });
    await expect(other.getByTestId("notification-badge")).toHaveText("1");
    await other.getByTestId("notification-bell").click();
    await expect(other.getByTestId("notification-dropdown")).toContainText("조용히 도착");
    await expect(other.getByTestId("notification-dropdown")).not.toContainText("일정 변경");
    await expect(other.getByTestId("notification-toast")).toHaveCount(0);
    await expect(page.getByTestId("notification-toast")).toHaveCount(0);

    // A must-read notice is never silent.
    await publish(
      [
        {
          type: "board.notice.published",
          data: {
            postId: `POST-${Date.now()}`,
            title: "필독: 보안 점검",
            author: { id: "E0001", name: "관리자" },
            audience: { departmentIds: [departmentId] },
            requiresAck: true,
          },
        },
      ],
      { userId: me.id, total: 3 },
    );
    await expect(other.getByTestId("notification-toast").filter({ hasText: "필독: 보안 점검" })).toBeVisible();
  } finally {
    await database.query("DELETE FROM notifications WHERE user_id IN (SELECT id FROM users WHERE department_id = $1)", [departmentId]);
    await database.query("DELETE FROM users WHERE department_id = $1", [departmentId]);
    await database.query("DELETE FROM departments WHERE id = $1", [departmentId]);
  }
});
