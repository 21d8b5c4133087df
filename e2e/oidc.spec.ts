import { expect, test } from "./fixtures";

// Company sign-in in Chromium, through the real OpenID provider npm test starts
// (test/oidc-provider.ts): its own sign-in and sign-out pages, on another port.

const PROVIDER_HEADING = "Test identity provider";

test("signs in at the provider, lands on the page asked for, and signs out there too", async ({ page, baseURL }) => {
  await page.goto("/login?next=/notifications");
  await page.getByRole("link", { name: "회사 계정으로 로그인" }).click();

  await expect(page.getByRole("heading", { name: PROVIDER_HEADING })).toBeVisible();
  expect(new URL(page.url()).origin).not.toBe(new URL(baseURL ?? "").origin);
  await page.getByLabel("Email").fill("e0004@groupware.test");
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(/\/notifications$/);
  // The bell itself: its label says 알림, as a listed notification's snooze button (나중에 알림) does.
  await expect(page.getByTestId("notification-bell")).toBeVisible();
  await expect(page.getByTestId("current-user-name")).toHaveText("최지우"); // E0004

  await page.getByTestId("sign-out").click();
  await expect(page.getByRole("heading", { name: "Sign out of the test identity provider?" })).toBeVisible();
  await page.getByRole("button", { name: "Yes, sign me out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("link", { name: "회사 계정으로 로그인" })).toBeVisible();
  expect((await page.request.get("/api/notifications")).status()).toBe(401);

  // Signed out at the provider as well: the next company sign-in asks who it is again.
  await page.getByRole("link", { name: "회사 계정으로 로그인" }).click();
  await expect(page.getByRole("heading", { name: PROVIDER_HEADING })).toBeVisible();
  await expect(page.getByLabel("Email")).toBeEmpty();
});

test("a signed-in page asked for without a session offers company sign-in, and opens once signed in", async ({ page }) => {
  await page.goto("/notifications?filter=unread");
  await page.getByRole("link", { name: "회사 계정으로 로그인" }).click();
  await page.getByLabel("Email").fill("e0006@groupware.test");
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(/\/notifications\?filter=unread$/);
  await expect(page.getByTestId("current-user-name")).toHaveText("강서윤"); // E0006
  // The bell itself: its label says 알림, as a listed notification's snooze button (나중에 알림) does.
  await expect(page.getByTestId("notification-bell")).toBeVisible();
});

test("someone the directory does not know comes back to the sign-in page with a message", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("link", { name: "회사 계정으로 로그인" }).click();
  await page.getByLabel("Email").fill("stranger@partner.example");
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(/\/login\?error=unknown_person$/);
  await expect(page.getByTestId("sign-in-error")).toHaveText(/직원 명단에 없는 계정입니다/);
});
