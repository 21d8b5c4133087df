import { randomBytes } from "node:crypto";
import path from "node:path";
import { expectNoSeriousViolations } from "./accessibility";
import { expect, liveBrowserOf, test } from "./fixtures";

// Must-read notices (PRODUCT.md §12), end to end: an admin posts one to D05 with a due date from
// /admin; a D05 employee sees it pinned at the top of the bell and acknowledges it; the admin's
// receipt page, open all along, counts it without a reload; its pending list and CSV name exactly
// the others of D05.

const ADMIN_EMAIL = "admin@groupware.test";
const SCREENSHOTS = path.join(import.meta.dirname, "..", "docs", "screenshots");

test("a must-read notice to D05: pinned until acknowledged, and the admin's receipts follow live", async ({
  page,
  person,
  signIn,
  browser,
  baseURL,
  database,
}) => {
  test.setTimeout(90_000);
  const designer = await person({ name: "유하린", departmentId: "D05" });
  const colleague = await person({ name: "문서윤", departmentId: "D05" });
  const designerPage = await liveBrowserOf(browser, baseURL!, designer);
  // Something older in the bell, so the notice's place at the top is its pin, not its age alone.
  const title = `개인정보 처리방침 개정 ${randomBytes(3).toString("hex")}`;
  const { rows } = await database.query<{ id: string }>("SELECT id FROM users WHERE department_id = 'D05' AND active ORDER BY id");
  const everyoneInD05 = rows.map((row) => row.id);
  expect(everyoneInD05).toEqual(expect.arrayContaining([designer.id, colleague.id]));

  await signIn(ADMIN_EMAIL);
  await page.goto("/admin");
  const form = page.getByTestId("announcement-form");
  await form.getByLabel("제목").fill(title);
  await form.getByLabel("선택한 부서").check();
  await form.getByLabel("디자인").check();
  await form.getByLabel("필독: 읽은 사람마다 확인을 받습니다").check();
  await form.getByLabel("확인 기한 (한국 시간)").fill("2026-12-31T18:00");
  await form.getByRole("button", { name: "공지 보내기" }).click();
  await expect(page.getByTestId("announcement-outcome")).toContainText("공지를 보냈습니다");
  await page.getByTestId("announcement-receipts").click();
  await expect(page).toHaveURL(/\/admin\/notices\/ANN-/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
  await expect(page.getByTestId("receipts-live")).toHaveAttribute("data-live", "true");
  await expect(page.getByTestId("receipts-total")).toHaveText(String(everyoneInD05.length));
  await expect(page.getByTestId("receipts-acknowledged")).toHaveText("0");

  // The employee: pinned at the top of the bell, with its due date, until acknowledged.
  await expect(designerPage.getByTestId("notification-badge")).toHaveText("1");
  await designerPage.getByTestId("notification-bell").click();
  const pinned = designerPage.getByTestId("notification-pinned");
  await expect(pinned.getByTestId("notification-item")).toHaveCount(1);
  await expect(pinned).toContainText(`공지: ${title}`);
  await expect(pinned).toContainText("2026. 12. 31.");
  await pinned.getByRole("button", { name: `확인했습니다: 공지: ${title}` }).click();
  await expect(pinned).toHaveCount(0);
  await expect(designerPage.getByTestId("notification-badge")).toHaveCount(0);
  const row = designerPage.getByTestId("notification-item").filter({ hasText: title });
  await expect(row).toHaveAttribute("data-unread", "false");
  await expect(row.getByTestId("notification-ack")).toHaveCount(0);

  // The receipt page counted it without a reload; the pending are exactly the others of D05.
  await expect(page.getByTestId("receipts-acknowledged")).toHaveText("1");
  await expect(page.getByTestId("receipts-read")).toHaveText("1");
  const others = everyoneInD05.filter((id) => id !== designer.id);
  await expect(page.getByTestId("receipts-pending-person")).toHaveCount(others.length);
  const shown = await page.getByTestId("receipts-pending-person").evaluateAll((items) => items.map((item) => item.getAttribute("data-id")));
  expect([...shown].sort()).toEqual(others);
  await expect(page.getByTestId("receipts-department")).toHaveCount(1);
  await expect(page.getByTestId("receipts-department").getByRole("img")).toHaveAccessibleName(
    `디자인: ${everyoneInD05.length}명 중 읽음 1명, 확인 1명`,
  );
  const csv = await page.request.get((await page.getByTestId("receipts-export").getAttribute("href"))!);
  expect(csv.status()).toBe(200);
  const ids = (await csv.text())
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n")
    .slice(1)
    .map((line) => line.split(",")[0]);
  expect([...ids].sort()).toEqual(others);
  await expectNoSeriousViolations(page, "the receipt page");

  // Remind: a reminder to exactly the others.
  await page.getByTestId("receipts-remind").click();
  await expect(page.getByTestId("receipts-remind-outcome")).toHaveText(`${others.length}명에게 다시 알렸습니다.`);
  const colleaguePage = await liveBrowserOf(browser, baseURL!, colleague);
  await colleaguePage.getByTestId("notification-bell").click();
  await expect(colleaguePage.getByTestId("notification-pinned")).toContainText(`공지: ${title}`);
  await expect(colleaguePage.getByTestId("notification-dropdown")).toContainText(`[확인 요청] 공지: ${title}`);
  const designerReminders = await designerPage.request.get("/api/notifications?limit=50");
  expect(JSON.stringify(await designerReminders.json())).not.toContain("board.notice.reminder");

  if (process.env.UPDATE_SCREENSHOTS) {
    await colleaguePage.setViewportSize({ width: 1280, height: 800 });
    await colleaguePage.screenshot({ path: `${SCREENSHOTS}/must-read-bell-ko-light.png` });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `${SCREENSHOTS}/notice-receipts-ko-light.png`, fullPage: true });
    await page.request.put("/api/me/locale", { data: { locale: "en" } });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.reload();
    await expect(page.getByTestId("receipts-live")).toHaveAttribute("data-live", "true");
    await expectNoSeriousViolations(page, "the receipt page in English, dark");
    await page.screenshot({ path: `${SCREENSHOTS}/notice-receipts-en-dark.png`, fullPage: true });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.screenshot({ path: `${SCREENSHOTS}/notice-receipts-phone-en-dark.png`, fullPage: true });
    await page.request.put("/api/me/locale", { data: { locale: "ko" } });
  }
  await colleaguePage.context().close();
  await designerPage.context().close();
});
