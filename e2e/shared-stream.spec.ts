import type { BrowserContext, Page } from "@playwright/test";
import { custom, expect, sessionCookie, test } from "./fixtures";

// One live stream per browser, shared by its tabs; read state in step across tabs and devices.

/** Streams one person may hold in one web process (README, "Architecture"; lib/realtime/notification-hub.ts). */
const MAX_STREAMS_PER_USER = 10;

async function openTab(context: BrowserContext, page?: Page): Promise<Page> {
  const tab = page ?? (await context.newPage());
  await tab.goto("/");
  await expect(tab.getByTestId("connection-status")).toHaveAttribute("data-state", "live");
  return tab;
}

/**
 * How many more streams the server lets this person open before it refuses (429): with a cap of
 * MAX_STREAMS_PER_USER per person, it tells how many the server holds for them already.
 */
async function streamsLeft(context: BrowserContext, baseURL: string): Promise<number> {
  const cookie = await sessionCookie(context);
  const controller = new AbortController();
  let accepted = 0;
  try {
    for (let i = 0; i <= MAX_STREAMS_PER_USER; i++) {
      const response = await fetch(`${baseURL}/api/notifications/stream`, { headers: { cookie }, signal: controller.signal });
      if (response.status === 429) return accepted;
      expect(response.status).toBe(200);
      accepted += 1;
    }
    throw new Error("the server never refused a stream");
  } finally {
    controller.abort();
  }
}

const badge = (page: Page) => page.getByTestId("notification-badge");
const row = (page: Page, title: string) =>
  page.getByTestId("notification-dropdown").getByTestId("notification-item").filter({ hasText: title });

test("two tabs share one stream, and reading in one tab updates the other", async ({ context, page, baseURL, person, signIn, publish }) => {
  const me = await person();
  await signIn(me.email);
  const tabA = await openTab(context, page);
  const tabB = await openTab(context);

  expect(await streamsLeft(context, baseURL!)).toBe(MAX_STREAMS_PER_USER - 1);

  await publish([custom(me.id, "공유 스트림 1"), custom(me.id, "공유 스트림 2")]);
  await expect(badge(tabA)).toHaveText("2");
  await expect(badge(tabB)).toHaveText("2");

  await tabA.getByTestId("notification-bell").click();
  await row(tabA, "공유 스트림 1")
    .getByRole("button", { name: /^읽음으로 표시/ })
    .click();
  await expect(badge(tabB)).toHaveText("1");
  await tabB.getByTestId("notification-bell").click();
  await expect(row(tabB, "공유 스트림 1")).toHaveAttribute("data-unread", "false");
  await expect(row(tabB, "공유 스트림 2")).toHaveAttribute("data-unread", "true");

  await tabB.getByTestId("notification-dropdown").getByRole("button", { name: "모두 읽음" }).click();
  await expect(badge(tabA)).toBeHidden();
  await expect(row(tabA, "공유 스트림 2")).toHaveAttribute("data-unread", "false");
  await expect(tabA).toHaveTitle("그룹웨어");
});

test("when the tab holding the stream closes, another tab takes it over and misses nothing", async ({
  context,
  page,
  baseURL,
  person,
  signIn,
  publish,
}) => {
  const me = await person();
  await signIn(me.email);
  const leader = await openTab(context, page);
  const follower = await openTab(context);
  await publish([custom(me.id, "인계 전 알림")]);
  await expect(badge(follower)).toHaveText("1");

  await leader.close();
  await publish([custom(me.id, "인계 중 알림 1"), custom(me.id, "인계 중 알림 2")]);
  await expect(badge(follower)).toHaveText("3");
  await expect(follower.getByTestId("connection-status")).toHaveAttribute("data-state", "live");
  await publish([custom(me.id, "인계 후 알림")]);
  await expect(badge(follower)).toHaveText("4");

  await follower.getByTestId("notification-bell").click();
  const titles = await follower.getByTestId("notification-dropdown").getByTestId("notification-title").allTextContents();
  expect(titles).toEqual(["인계 후 알림", "인계 중 알림 2", "인계 중 알림 1", "인계 전 알림"]);
  expect(await streamsLeft(context, baseURL!)).toBe(MAX_STREAMS_PER_USER - 1);
});

test("another device sees the same count and read state", async ({ browser, baseURL, context, page, person, signIn, publish }) => {
  const me = await person();
  await signIn(me.email);
  const laptop = await openTab(context, page);
  const phoneContext = await browser.newContext({
    baseURL,
    locale: "ko-KR",
    timezoneId: "Asia/Seoul",
    viewport: { width: 360, height: 740 },
  });
  const phone = await phoneContext.newPage();
  await signIn(me.email, phoneContext);
  await openTab(phoneContext, phone);

  await publish([custom(me.id, "두 기기 알림 1"), custom(me.id, "두 기기 알림 2")]);
  await expect(badge(laptop)).toHaveText("2");
  await expect(badge(phone)).toHaveText("2");

  await phone.getByTestId("notification-bell").click();
  await row(phone, "두 기기 알림 2")
    .getByRole("button", { name: /^읽음으로 표시/ })
    .click();
  await expect(badge(laptop)).toHaveText("1");
  await laptop.getByTestId("notification-bell").click();
  await expect(row(laptop, "두 기기 알림 2")).toHaveAttribute("data-unread", "false");
  await phoneContext.close();
});

test("signing out in one tab takes the person's other tabs to the sign-in page", async ({ context, page, person, signIn }) => {
  const me = await person();
  await signIn(me.email);
  const tabA = await openTab(context, page);
  const tabB = await openTab(context);

  await tabA.getByRole("button", { name: "로그아웃" }).click();
  await expect(tabA).toHaveURL(/\/login$/);
  await expect(tabB).toHaveURL(/\/login$/);
  await expect(tabB.getByTestId("notification-bell")).toHaveCount(0);
});
