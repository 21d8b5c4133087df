import type { Metadata } from "next";
import { NotificationSettingsForm } from "@/components/notification-settings-form";
import { t } from "@/lib/i18n/messages";
import { getPreferences } from "@/lib/preferences/get-preferences";
import { requestContext, signedInContext } from "../../request-context";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await requestContext();
  return { title: t(locale, "settings.pageTitle") };
}

// /settings/notifications — the person's preferences (PRODUCT.md §13): muted services, toasts, quiet hours
export default async function NotificationSettingsPage() {
  const { user, locale } = await signedInContext();
  const preferences = await getPreferences({ userId: user.id });
  return (
    <main className="mx-auto w-full max-w-2xl flex-1 px-4 py-8 sm:px-6 sm:py-10">
      <h1 className="text-2xl font-semibold tracking-tight">{t(locale, "settings.heading")}</h1>
      <p className="mt-1 text-sm text-fg-muted">{t(locale, "settings.subtitle")}</p>
      <NotificationSettingsForm initial={preferences} locale={locale} />
    </main>
  );
}
