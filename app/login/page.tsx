import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { BrandMark } from "@/components/brand-mark";
import { LoginForm } from "@/components/login-form";
import { env } from "@/lib/env";
import { t } from "@/lib/i18n/messages";
import { requestContext } from "../request-context";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await requestContext();
  return { title: t(locale, "login.pageTitle") };
}

const DEMO_EMAIL = "e0003@groupware.test";

export default async function LoginPage() {
  // Nobody is signed in yet: the browser's language decides.
  const { user, locale } = await requestContext();
  if (user) redirect("/");

  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex items-center justify-center gap-2.5 text-lg font-semibold tracking-tight">
          <BrandMark className="size-9" />
          <span>{t(locale, "app.name")}</span>
        </div>

        <div className="rounded-2xl border border-line bg-surface p-6 shadow-sm sm:p-8">
          <h1 className="text-xl font-semibold tracking-tight">{t(locale, "login.heading")}</h1>
          <p className="mt-1 mb-6 text-sm text-fg-muted">{t(locale, "login.subheading")}</p>
          <LoginForm locale={locale} demoEmail={DEMO_EMAIL} demoPassword={env().DEMO_PASSWORD} />
        </div>

        <p className="mt-6 text-center text-xs leading-relaxed text-fg-subtle">{t(locale, "app.description")}</p>
      </div>
    </main>
  );
}
