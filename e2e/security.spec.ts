import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { audienceOf, NOTIFICATION_EVENT_TYPES } from "../lib/events/catalog";
import { EXAMPLE_EVENTS } from "../lib/events/examples";
import { sendRaw } from "../test/kafka";
import { type AnyEvent, DEMO_PASSWORD, expect, test } from "./fixtures";

// Hostile text in every field of every event type, rendered in Chromium: it shows as text, no
// script runs, and no javascript: link can be clicked. And the headers every response carries.

const PAYLOAD = `<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>"><svg onload="window.__xss=1">`;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T/;

/** The catalog's example of a type, addressed to one person, with PAYLOAD in every text field. */
function hostile(type: (typeof NOTIFICATION_EVENT_TYPES)[number], userId: string): AnyEvent {
  const walk = (value: unknown, key: string): unknown => {
    if (key === "recipients") return { userIds: [userId] };
    if (key === "audience") return { departmentIds: ["D01"] };
    if (key === "link") return "javascript:window.__xss=1";
    if (key.endsWith("Ids")) return [userId];
    if (["requesterId", "postAuthorId", "reserverId"].includes(key)) return userId;
    // Ids and choices (an outcome) stay as they were: the schema takes nothing else there.
    if (key === "id" || key.endsWith("Id") || key === "outcome") return value;
    if (typeof value === "string") return ISO_TIME.test(value) ? value : PAYLOAD;
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  return { type, data: walk(EXAMPLE_EVENTS[type].data, "data") } as AnyEvent;
}

async function expectNothingRan(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(await page.locator("[onerror], [onload]").count()).toBe(0);
  expect(await page.locator('a[href^="javascript:" i], a[href^="data:" i]').count()).toBe(0);
}

test("XSS in every text field of every event type shows as text and never runs, for the person and for the admin", async ({
  page,
  person,
  signIn,
  publish,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const me = await person({ departmentId: "D01" });
  const dialogs: string[] = [];
  const watchDialogs = (p: Page) =>
    p.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  watchDialogs(page);
  // Every type that notifies someone is tried (the directory's events, a withdrawal and a deleted
  // post notify nobody: they change what others say).
  const types = NOTIFICATION_EVENT_TYPES.filter((type) => {
    const audience = audienceOf(type, EXAMPLE_EVENTS[type].data);
    return !("userIds" in audience) || audience.userIds.length > 0;
  });
  await signIn(me.email);

  // Live first: the toasts and the bell take them as they arrive.
  await page.goto("/");
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "live");
  await publish(
    types.map((type) => hostile(type, me.id)),
    { userId: me.id, total: types.length },
  );
  await expect(page.getByTestId("notification-badge")).toHaveText(String(types.length));
  await expect(page.getByTestId("notification-toast").first()).toContainText("<img src=x");
  await expectNothingRan(page);

  await page.getByTestId("notification-bell").click();
  const dropdownRows = page.getByTestId("notification-dropdown").getByTestId("notification-item");
  await expect(dropdownRows.first()).toContainText("<img src=x");
  await expectNothingRan(page);
  // The custom notification's javascript: link was dropped by the server: a click goes nowhere.
  await dropdownRows
    .filter({ hasText: `${PAYLOAD}` })
    .first()
    .click();
  await expectNothingRan(page);

  await page.goto("/notifications");
  const rows = page.getByTestId("notification-item");
  await expect(rows).toHaveCount(types.length);
  await expect(rows.filter({ hasText: PAYLOAD })).toHaveCount(types.length);
  await expectNothingRan(page);

  // The admin's list, each event's page (the CloudEvent as received) and the dead letters.
  const adminContext = await browser.newContext({ baseURL });
  const signedIn = await adminContext.request.post("/api/auth/login", { data: { email: "admin@groupware.test", password: DEMO_PASSWORD } });
  expect(signedIn.status()).toBe(204);
  const admin = await adminContext.newPage();
  watchDialogs(admin);
  await admin.goto(`/admin/notifications?recipientId=${me.id}`);
  const adminRows = admin.getByTestId("admin-notification-row");
  await expect(adminRows).toHaveCount(types.length);
  await expect(adminRows.filter({ hasText: PAYLOAD })).toHaveCount(types.length);
  await expectNothingRan(admin);
  for (const href of await admin.getByTestId("row-title").evaluateAll((links) => links.map((a) => a.getAttribute("href")!))) {
    await admin.goto(href);
    await expect(admin.getByTestId("event-payload")).toContainText(PAYLOAD.replaceAll('"', '\\"'));
    await expectNothingRan(admin);
  }

  const marker = `e2e-xss-${randomBytes(4).toString("hex")}`;
  await sendRaw("groupware.board", [{ value: `${marker} ${PAYLOAD}` }]);
  await admin.goto("/admin/dead-letters");
  const letter = admin.getByTestId("dead-letter").filter({ hasText: marker });
  await expect(async () => {
    await admin.reload();
    await expect(letter).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(letter.getByTestId("dead-letter-preview")).toHaveText(`${marker} ${PAYLOAD}`);
  await expectNothingRan(admin);
  await adminContext.close();
  expect(dialogs).toEqual([]);
});

test("every page and API response carries the security headers", async ({ request }) => {
  for (const path of ["/login", "/", "/notifications", "/admin", "/admin/notifications", "/admin/events/1", "/admin/dead-letters"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    const headers = response.headers();
    expect(headers["content-security-policy"], path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"], path).not.toContain("unsafe-inline' 'strict");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("same-origin");
    expect(headers["x-frame-options"], path).toBe("DENY");
  }
  for (const path of ["/api/health", "/api/notifications", "/api/notifications/stream", "/api/admin/notifications"]) {
    const api = (await request.get(path)).headers();
    expect(api["content-security-policy"], path).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api["x-content-type-options"], path).toBe("nosniff");
    expect(api["referrer-policy"], path).toBe("same-origin");
  }
});

test("the login page runs under its content security policy without a violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/login");
  await page.getByLabel(/이메일|Email/).fill("e0003@groupware.test");
  await expect(page.getByRole("button", { name: /로그인|Sign in/ })).toBeEnabled();
  expect(violations).toEqual([]);
});
