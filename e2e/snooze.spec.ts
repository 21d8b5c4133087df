import path from "node:path";
import { expectNoSeriousViolations } from "./accessibility";
import { custom, expect, test } from "./fixtures";

// Snooze from the bell (PRODUCT.md §13): "1시간 후" takes the notification out of the bell and the
// badge in both tabs; when its time comes (the test moves the time and the timer's job to now, as
// if the hour had passed) it is back, unread, at the top of the bell, live, without a reload.

const SCREENSHOTS = path.join(import.meta.dirname, "..", "docs", "screenshots");

test("snoozed from the bell, a notification leaves both tabs and comes back unread at the top", async ({
  page,
  person,
  signIn,
  publish,
  database,
}) => {
  test.setTimeout(60_000);
  const me = await person({ name: "서지안" });
  await signIn(me.email);
  const other = await page.context().newPage();
  for (const tab of [page, other]) {
    await tab.goto("/");
    await expect(tab.getByTestId("connection-status")).toHaveAttribute("data-state", "live");
  }
  await publish([custom(me.id, "분기 보고서 검토 요청"), custom(me.id, "주간 회의록")], { userId: me.id, total: 2 });
  await expect(page.getByTestId("notification-badge")).toHaveText("2");

  await page.getByTestId("notification-bell").click();
  const dropdown = page.getByTestId("notification-dropdown");
  const row = dropdown.getByTestId("notification-item").filter({ hasText: "분기 보고서 검토 요청" });
  await expect(dropdown.getByTestId("notification-item").first()).toContainText("주간 회의록");
  await row.hover();
  await row.getByRole("button", { name: "나중에 다시 알림: 분기 보고서 검토 요청" }).click();
  await expect(row.getByTestId("snooze-menu")).toBeVisible();
  await expectNoSeriousViolations(page, "the bell's snooze menu");
  if (process.env.UPDATE_SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/bell-snooze-ko-light.png` });
  await row.getByRole("button", { name: "1시간 후" }).click();

  await expect(row).toHaveCount(0);
  await expect(page.getByTestId("notification-badge")).toHaveText("1");
  await expect(other.getByTestId("notification-badge")).toHaveText("1");
  const { rows } = await database.query<{ id: string; snoozed_until: Date }>(
    "SELECT id::text, snoozed_until FROM notifications WHERE user_id = $1 AND snoozed_until IS NOT NULL",
    [me.id],
  );
  expect(rows).toHaveLength(1);
  const untilMs = rows[0]!.snoozed_until.getTime() - Date.now();
  expect(untilMs).toBeGreaterThan(55 * 60_000);
  expect(untilMs).toBeLessThan(61 * 60_000);

  // The hour passes.
  await database.query("UPDATE notifications SET snoozed_until = now() WHERE id = $1", [rows[0]!.id]);
  await database.query(
    "SELECT graphile_worker.reschedule_jobs(ARRAY(SELECT id FROM graphile_worker.jobs WHERE key = $1), run_at := now())",
    [`notification-unsnooze:${rows[0]!.id}`],
  );
  const first = dropdown.getByTestId("notification-item").first();
  await expect(first).toContainText("분기 보고서 검토 요청", { timeout: 15_000 });
  await expect(first).toHaveAttribute("data-unread", "true");
  await expect(page.getByTestId("notification-badge")).toHaveText("2");
  await expect(other.getByTestId("notification-badge")).toHaveText("2");
});
