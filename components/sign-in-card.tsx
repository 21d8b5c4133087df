import { BrandMark } from "@/components/brand-mark";
import { CompanySignInButton } from "@/components/company-sign-in-button";
import { LoginForm } from "@/components/login-form";
import { env, oidcSettings, PUBLIC_DEMO_PASSWORD, passwordLoginEnabled, publishedDemoPasswordProblem } from "@/lib/env";
import type { Locale } from "@/lib/i18n/locale";
import { type MessageKey, t } from "@/lib/i18n/messages";

const DEMO_EMAIL = "e0003@groupware.test";

/** The demo account to offer, while its password is the published one: a password an operator chose stays off the page. */
function demoAccount(): { email: string; password: string } | null {
  const published = env().DEMO_PASSWORD === PUBLIC_DEMO_PASSWORD && !publishedDemoPasswordProblem();
  return published ? { email: DEMO_EMAIL, password: PUBLIC_DEMO_PASSWORD } : null;
}

interface Props {
  locale: Locale;
  heading: MessageKey;
  subheading: MessageKey;
  /** After signing in: the home page (from /login), or this same page again (a page that asked for a session). */
  then: "home" | "stay";
  /** From /login: the page a company sign-in lands on (already checked to be a path of ours). */
  next?: string;
  /** Why the last company sign-in came back here (from /login?error=). */
  error?: MessageKey | null;
}

// The sign-in panel of /login, and of every signed-in page asked for without a session (app/unauthorized.tsx).
// With company sign-in configured its button comes first; PASSWORD_LOGIN=false leaves only it.
export function SignInCard({ locale, heading, subheading, then, next = "/", error = null }: Props) {
  const company = oidcSettings() !== null;
  const password = passwordLoginEnabled();
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex items-center justify-center gap-2.5 text-lg font-semibold tracking-tight">
          <BrandMark className="size-9" />
          <span>{t(locale, "app.name")}</span>
        </div>

        <div className="rounded-2xl border border-line bg-surface p-6 shadow-sm sm:p-8">
          <h1 className="text-xl font-semibold tracking-tight">{t(locale, heading)}</h1>
          <p className="mt-1 mb-6 text-sm text-fg-muted">{t(locale, subheading)}</p>
          {error ? (
            <p role="alert" data-testid="sign-in-error" className="mb-4 rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger-fg">
              {t(locale, error)}
            </p>
          ) : null}
          {company ? <CompanySignInButton locale={locale} next={then === "stay" ? "here" : next} /> : null}
          {company && password ? (
            <p className="my-5 flex items-center gap-3 text-xs text-fg-subtle before:h-px before:flex-1 before:bg-line after:h-px after:flex-1 after:bg-line">
              {t(locale, "login.oidc.or")}
            </p>
          ) : null}
          {password ? <LoginForm locale={locale} demo={demoAccount()} then={then} /> : null}
        </div>

        <p className="mt-6 text-center text-xs leading-relaxed text-fg-subtle">{t(locale, "app.description")}</p>
      </div>
    </main>
  );
}
