import { expect, test } from "./fixtures";

test("a new approval request reaches the approver's bell live, without a reload", async ({
  page,
  signIn,
  clearNotifications,
  publishEvent,
}) => {
  await clearNotifications("E0003");
  await signIn("e0003@groupware.test");
  await page.goto("/");
  const badge = page.getByTestId("notification-badge");
  await expect(badge).toBeHidden();
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "live");

  const title = `출장 경비 정산 ${Date.now()}`;
  publishEvent("approval.requested", {
    documentId: `DOC-E2E-${Date.now()}`,
    documentTitle: title,
    requester: { id: "E0012", name: "이서준" },
    approverIds: ["E0003"],
  });

  await expect(badge).toHaveText("1");
  await page.getByRole("button", { name: /알림/ }).click();
  await expect(page.getByTestId("notification-dropdown")).toContainText(title);
  await expect(page.getByTestId("notification-dropdown")).toContainText("이서준");
});

test("signing in through the form opens the home page with the bell", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel(/이메일|Email/).fill("e0005@groupware.test");
  await page.getByLabel(/비밀번호|Password/).fill("wrong-password");
  await page.getByRole("button", { name: /로그인|Sign in/ }).click();
  await expect(page.getByTestId("login-error")).toBeVisible();

  await page.getByLabel(/비밀번호|Password/).fill(process.env.DEMO_PASSWORD ?? "groupware");
  await page.getByRole("button", { name: /로그인|Sign in/ }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("button", { name: /알림/ })).toBeVisible();
});
