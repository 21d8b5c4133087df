import type { Page } from "@playwright/test";
import { EXAMPLE_EVENTS } from "../lib/events/examples";
import { expect, test, type AnyEvent } from "./fixtures";

// Hostile text in every field of every event type, rendered in Chromium: it shows as text, no
// script runs, and no javascript: link can be clicked. And the headers every response carries.

const PAYLOAD = `<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>"><svg onload="window.__xss=1">`;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T/;

/** The catalog's example of a type, addressed to one person, with PAYLOAD in every text field. */
function hostile(type: keyof typeof EXAMPLE_EVENTS, userId: string): AnyEvent {
  const walk = (value: unknown, key: string): unknown => {
    if (key === "recipients") return { userIds: [userId] };
    if (key === "audience") return { departmentIds: ["D01"] };
    if (key === "link") return "javascript:window.__xss=1";
    if (key.endsWith("Ids")) return [userId];
    if (["requesterId", "postAuthorId", "reserverId"].includes(key)) return userId;
    if (key === "id" || key.endsWith("Id")) return value;
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

test("XSS in every text field of every event type shows as text and never runs", async ({ page, person, signIn, publish }) => {
  const me = await person({ departmentId: "D01" });
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const types = Object.keys(EXAMPLE_EVENTS) as (keyof typeof EXAMPLE_EVENTS)[];
  await signIn(me.email);
  await publish(types.map((type) => hostile(type, me.id)), { userId: me.id, total: types.length });

  await page.goto("/notifications");
  const rows = page.getByTestId("notification-item");
  await expect(rows).toHaveCount(types.length);
  await expect(rows.filter({ hasText: PAYLOAD })).toHaveCount(types.length);
  await expectNothingRan(page);

  await page.goto("/");
  await page.getByTestId("notification-bell").click();
  await expect(page.getByTestId("notification-dropdown").getByTestId("notification-item").first()).toContainText("<img src=x");
  await expectNothingRan(page);

  // The custom notification's javascript: link was dropped by the server: a click goes nowhere.
  const custom = page.getByTestId("notification-dropdown").getByTestId("notification-item").first();
  await custom.click();
  await expectNothingRan(page);
  expect(dialogs).toEqual([]);
});

test("every page and API response carries the security headers", async ({ request }) => {
  for (const path of ["/login", "/"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    const headers = response.headers();
    expect(headers["content-security-policy"], path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"], path).not.toContain("unsafe-inline' 'strict");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("same-origin");
    expect(headers["x-frame-options"], path).toBe("DENY");
  }
  const api = (await request.get("/api/health")).headers();
  expect(api["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(api["x-content-type-options"]).toBe("nosniff");
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
