import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInCard } from "@/components/sign-in-card";
import { nextPath } from "@/lib/auth/oidc/next-path";
import { oidcSignInMessage } from "@/lib/auth/oidc/sign-in-errors";
import { t } from "@/lib/i18n/messages";
import { requestContext } from "../request-context";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await requestContext();
  return { title: t(locale, "login.pageTitle") };
}

// /login?next=/path: the page a company sign-in lands on; ?error=: why the last one came back here.
export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Nobody is signed in yet: the browser's language decides.
  const [{ user, locale }, query] = await Promise.all([requestContext(), searchParams]);
  const next = nextPath(typeof query.next === "string" ? query.next : null);
  if (user) redirect(next);
  const error = oidcSignInMessage(typeof query.error === "string" ? query.error : null);
  return <SignInCard locale={locale} heading="login.heading" subheading="login.subheading" then="home" next={next} error={error} />;
}
