import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OIDC_SIGN_IN_ERRORS, type OidcSignInError } from "@/lib/auth/oidc/sign-in-errors";
import { db, disconnectDb } from "@/lib/db/prisma";
import type { Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { ROOT, startWeb, terminate, waitForHttp } from "@/scripts/stack";
import { CookieBrowser, type Visit } from "@/test/cookie-browser";
import { STRANGER, startTestOidcProvider, type TestOidcProvider, webAppEnv } from "@/test/oidc-provider";

// Company sign-in end to end over real HTTP: a real OpenID Provider (test/oidc-provider.ts) and
// the web app as real processes (server.ts), one matching people by email and one with password
// sign-in off matching them by sub. A cookie-keeping fetch plays the browser, so each test can
// watch, stop at and alter the hops of the round trip.
const PROVIDER_PORT = 3211;
const WEB = "http://127.0.0.1:3212";
const COMPANY_ONLY = "http://127.0.0.1:3213";

describe("company sign-in (OpenID Connect)", () => {
  let provider: TestOidcProvider;
  const webs: ChildProcess[] = [];
  const created: string[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("build the app first (npm test does)");
    // ID tokens with the email in them here; the Playwright spec's provider gives it at UserInfo.
    provider = await startTestOidcProvider({ port: PROVIDER_PORT, appUrls: [WEB, COMPANY_ONLY], emailInIdToken: true });
    const common = { NODE_ENV: "production", LOG_LEVEL: "warn" };
    const companyOnly = { PASSWORD_LOGIN: "false", OIDC_MATCH_CLAIM: "sub" };
    webs.push(startWeb({ ...common, ...webAppEnv(provider.issuer, WEB) }, Number(new URL(WEB).port)));
    webs.push(startWeb({ ...common, ...webAppEnv(provider.issuer, COMPANY_ONLY), ...companyOnly }, Number(new URL(COMPANY_ONLY).port)));
    await Promise.all([WEB, COMPANY_ONLY].map((base, i) => waitForHttp(`${base}/login`, webs[i]!, `web on ${base}`, 60_000)));
  }, 90_000);

  afterAll(async () => {
    await Promise.all(webs.map((web) => terminate(web)));
    await provider?.stop();
    if (created.length > 0) await db().user.deleteMany({ where: { id: { in: created } } });
    await disconnectDb();
  });

  it("signs a directory person in at the provider and lands on the page asked for, with the session a password sign-in gets", async () => {
    // A person of this test's own, whose email the provider spells in capitals: compared without
    // case, as password sign-in does.
    const id = `T${randomUUID().slice(0, 8)}`;
    await db().user.create({
      data: { id, email: `${id.toLowerCase()}@groupware.test`, name: `이름${id}`, departmentId: "D01", passwordHash: "-" },
    });
    created.push(id);
    provider.addAccount({ sub: `CASED-${id}`, email: `${id.toUpperCase()}@GROUPWARE.TEST` });
    const browser = new CookieBrowser();
    const landed = await signIn(browser, WEB, `${id.toUpperCase()}@GROUPWARE.TEST`, "/notifications?filter=unread");

    expect(landed.response.status).toBe(200);
    expect(landed.url.href).toBe(`${WEB}/notifications?filter=unread`);
    expect(landed.text).toContain('data-testid="current-user-name"');
    expect(landed.text).toContain(`이름${id}`);
    const api = await fetch(`${WEB}/api/notifications`, { headers: { cookie: browser.cookieHeader(new URL(WEB)) } });
    expect(api.status).toBe(200);
    // The one-trip cookie is gone; the session is an ordinary one, which keeps the ID token for sign-out.
    expect(browser.cookie(WEB, "gw_oidc")).toBeUndefined();
    expect(browser.cookie(WEB, "gw_session")).toMatch(/^[\w-]{43}\.[\w-]{22}$/);
    const session = await db().session.findFirst({ where: { userId: id } });
    expect(session?.oidcIdToken).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it("ends a company session at the provider too: the sign-out answer names its end-session address, which comes back to /login", async () => {
    const browser = new CookieBrowser();
    await signIn(browser, WEB, "e0008@groupware.test", "/");
    const logout = await fetch(`${WEB}/api/auth/logout`, { method: "POST", headers: { cookie: browser.cookieHeader(new URL(WEB)) } });
    expect(logout.status).toBe(204);
    const endSession = new URL(logout.headers.get("sign-out-redirect") ?? "");
    expect(`${endSession.origin}${endSession.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(endSession.searchParams.get("post_logout_redirect_uri")).toBe(`${WEB}/login`);
    expect(endSession.searchParams.get("id_token_hint")).toMatch(/^eyJ/);
    expect((await fetch(`${WEB}/api/notifications`, { headers: { cookie: browser.cookieHeader(new URL(WEB)) } })).status).toBe(401);

    // The provider asks to confirm, then sends the browser back to our sign-in page.
    const confirm = await browser.visit(endSession);
    const form = formOf(confirm, "op.logoutForm");
    const back = await browser.visit(new URL(form.action, confirm.url), { form: { ...form.fields, logout: "yes" } });
    expect(back.url.href).toBe(`${WEB}/login`);
    expect(back.response.status).toBe(200);
  });

  it("signs a password session out as before: 204 and no provider to visit", async () => {
    const login = await fetch(`${WEB}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "e0009@groupware.test", password: "groupware" }),
    });
    expect(login.status).toBe(204);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const logout = await fetch(`${WEB}/api/auth/logout`, { method: "POST", headers: { cookie } });
    expect(logout.status).toBe(204);
    expect(logout.headers.get("sign-out-redirect")).toBeNull();
  });

  it("sends someone the provider knows but the directory does not back to /login, with its message in either language", async () => {
    for (const locale of ["ko", "en"] as const) {
      const browser = new CookieBrowser({ "accept-language": locale });
      const landed = await signIn(browser, WEB, STRANGER.email, "/notifications");
      expectSignInPage(landed, "unknown_person", locale);
      expect(landed.url.searchParams.get("next")).toBe("/notifications");
      expect(browser.cookie(WEB, "gw_session")).toBeUndefined();
    }
  });

  it("refuses a deactivated person: /login with its message, and no session", async () => {
    const id = `T${randomUUID().slice(0, 8)}`;
    const email = `${id.toLowerCase()}@groupware.test`;
    await db().user.create({ data: { id, email, name: id, departmentId: "D01", passwordHash: "-", active: false } });
    created.push(id);
    provider.addAccount({ sub: id, email });

    const browser = new CookieBrowser();
    expectSignInPage(await signIn(browser, WEB, email, "/"), "deactivated", "ko");
    expect(browser.cookie(WEB, "gw_session")).toBeUndefined();
    expect(await db().session.count({ where: { userId: id } })).toBe(0);
  });

  it("refuses an answer whose state was altered on the way back", async () => {
    const browser = new CookieBrowser();
    const callback = await signIn(browser, WEB, "e0010@groupware.test", "/", { stopAtCallback: true });
    const state = callback.url.searchParams.get("state") ?? "";
    callback.url.searchParams.set("state", `${state.slice(0, -1)}${state.endsWith("A") ? "B" : "A"}`);
    expectSignInPage(await browser.visit(callback.url), "invalid_response", "ko");
    expect(browser.cookie(WEB, "gw_session")).toBeUndefined();
  });

  it("refuses an answer when the browser's own record of the sign-in was altered, or never started here", async () => {
    const altered = new CookieBrowser();
    const callback = await signIn(altered, WEB, "e0010@groupware.test", "/", { stopAtCallback: true });
    const flow = altered.cookie(WEB, "gw_oidc") ?? "";
    // The same sign-in, pointed at another page: the signature no longer matches.
    const [payload = "", mac = ""] = flow.split(".");
    const tampered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), next: "/admin" })).toString(
      "base64url",
    );
    altered.setCookie(WEB, "gw_oidc", `${tampered}.${mac}`);
    expectSignInPage(await altered.visit(callback.url), "invalid_response", "ko");
    expect(altered.cookie(WEB, "gw_session")).toBeUndefined();

    // The provider's answer taken to another browser, which never began a sign-in.
    const other = new CookieBrowser();
    const elsewhere = await signIn(new CookieBrowser(), WEB, "e0010@groupware.test", "/", { stopAtCallback: true });
    expectSignInPage(await other.visit(elsewhere.url), "invalid_response", "ko");
    expect(other.cookie(WEB, "gw_session")).toBeUndefined();
  });

  it("shows the provider's refusal: cancelling at the provider, or another error it answers with", async () => {
    const browser = new CookieBrowser();
    const atProvider = await browser.visit(`${WEB}/api/auth/oidc/login?next=/notifications`);
    const cancel = /href="([^"]*\/abort)"/.exec(atProvider.text)?.[1];
    expect(cancel, atProvider.text).toBeDefined();
    const cancelled = await browser.visit(new URL(cancel!, atProvider.url));
    expectSignInPage(cancelled, "access_denied", "ko");
    expect(cancelled.url.searchParams.get("next")).toBe("/notifications");

    // An error response as the provider sends one (RFC 6749 §4.1.2.1, with its iss and our state).
    const again = new CookieBrowser();
    const started = await again.visit(`${WEB}/api/auth/oidc/login`, { stopAt: (next) => next.origin === provider.issuer });
    const state = started.url.searchParams.get("state") ?? "";
    const error = new URL(`${WEB}/api/auth/oidc/callback`);
    error.search = new URLSearchParams({ error: "temporarily_unavailable", state, iss: provider.issuer }).toString();
    expectSignInPage(await again.visit(error), "provider_error", "ko");
  });

  it("ignores a next that points off the site", async () => {
    for (const next of ["https://evil.example/", "//evil.example/x", "/\\evil.example", "/login"]) {
      const landed = await signIn(new CookieBrowser(), WEB, "e0011@groupware.test", next);
      expect(landed.url.href, next).toBe(`${WEB}/`);
      expect(landed.response.status).toBe(200);
    }
  });

  describe("with PASSWORD_LOGIN=false and OIDC_MATCH_CLAIM=sub", () => {
    it("answers password sign-in with 404 and offers only the company button", async () => {
      const login = await fetch(`${COMPANY_ONLY}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "e0003@groupware.test", password: "groupware" }),
      });
      expect(login.status).toBe(404);
      expect(login.headers.get("set-cookie")).toBeNull();
      expect(await login.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });

      const page = await (await fetch(`${COMPANY_ONLY}/login`)).text();
      expect(page).toContain('data-testid="company-sign-in"');
      expect(page).toContain(t("ko", "login.oidc.button"));
      expect(page).not.toContain('type="password"');
      // The other web process, with password sign-in on, offers both.
      const both = await (await fetch(`${WEB}/login`)).text();
      expect(both).toContain('data-testid="company-sign-in"');
      expect(both).toContain('type="password"');
    });

    it("finds the person by sub, whatever email the provider has for them", async () => {
      provider.addAccount({ sub: "E0012", email: "e0012.alias@partner.example" });
      const browser = new CookieBrowser();
      const landed = await signIn(browser, COMPANY_ONLY, "e0012.alias@partner.example", "/notifications");
      expect(landed.url.href).toBe(`${COMPANY_ONLY}/notifications`);
      expect(landed.text).toContain("이서준"); // E0012
      // Matched by email, the same person is unknown.
      expectSignInPage(await signIn(new CookieBrowser(), WEB, "e0012.alias@partner.example", "/"), "unknown_person", "ko");
    });
  });

  /**
   * From the app's company sign-in link through the provider's sign-in page; ends where the round
   * trip ends (or, with stopAtCallback, just before the provider's answer reaches the app).
   */
  async function signIn(browser: CookieBrowser, app: string, email: string, next: string, { stopAtCallback = false } = {}): Promise<Visit> {
    const atProvider = await browser.visit(`${app}/api/auth/oidc/login?${new URLSearchParams({ next })}`);
    expect(atProvider.url.origin, "the browser is at the provider").toBe(provider.issuer);
    const form = formOf(atProvider);
    return browser.visit(new URL(form.action, atProvider.url), {
      form: { ...form.fields, email },
      stopAt: stopAtCallback ? (to) => to.pathname === "/api/auth/oidc/callback" : undefined,
    });
  }
});

/** On /login, with the message for `error` (and nobody signed in). */
function expectSignInPage(visit: Visit, error: OidcSignInError, locale: Locale): void {
  expect(visit.response.status).toBe(200);
  expect(visit.url.pathname).toBe("/login");
  expect(visit.url.searchParams.get("error")).toBe(error);
  expect(unescapeHtml(visit.text)).toContain(t(locale, OIDC_SIGN_IN_ERRORS[error]));
  expect(visit.text).toContain('data-testid="sign-in-error"');
}

/** A form on the page (the first, or the one with that id): where it posts, and its hidden fields. */
function formOf(visit: Visit, id?: string): { action: string; fields: Record<string, string> } {
  const forms = [...visit.text.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)];
  const form = id ? forms.find((match) => match[1]?.includes(`id="${id}"`)) : forms[0];
  if (!form) throw new Error(`no form${id ? ` ${id}` : ""} on ${visit.url}:\n${visit.text}`);
  const action = /action="([^"]*)"/.exec(form[1] ?? "")?.[1] ?? visit.url.href;
  const fields: Record<string, string> = {};
  for (const input of (form[2] ?? "").matchAll(/<input\b[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    if (name) fields[name] = /value="([^"]*)"/.exec(input[0])?.[1] ?? "";
  }
  return { action: unescapeHtml(action), fields };
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
