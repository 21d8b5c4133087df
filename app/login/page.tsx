import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInCard } from "@/components/sign-in-card";
import { t } from "@/lib/i18n/messages";
import { requestContext } from "../request-context";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await requestContext();
  return { title: t(locale, "login.pageTitle") };
}

export default async function LoginPage() {
  // Nobody is signed in yet: the browser's language decides.
  const { user, locale } = await requestContext();
  if (user) redirect("/");
  return <SignInCard locale={locale} heading="login.heading" subheading="login.subheading" then="home" />;
}
