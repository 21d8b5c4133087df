import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/app-header";
import { NotificationsProvider } from "@/components/notifications-provider";
import { t } from "@/lib/i18n/messages";
import { requestContext } from "./request-context";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await requestContext();
  return {
    title: { template: `%s · ${t(locale, "app.name")}`, default: t(locale, "app.name") },
    description: t(locale, "app.description"),
  };
}

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fbfbfc" },
    { media: "(prefers-color-scheme: dark)", color: "#121214" },
  ],
};

// A signed-in person gets the header and the live notifications on every page; they stay mounted
// while moving between pages, so the stream and the bell's list are not started over.
export default async function RootLayout({ children }: { children: ReactNode }) {
  const { user, locale } = await requestContext();
  return (
    <html lang={locale}>
      <body>
        {user ? (
          <NotificationsProvider locale={locale}>
            <div className="flex min-h-dvh flex-col">
              <AppHeader user={user} locale={locale} />
              {children}
            </div>
          </NotificationsProvider>
        ) : (
          children
        )}
      </body>
    </html>
  );
}
