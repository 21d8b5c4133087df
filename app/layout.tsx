import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { DEFAULT_LOCALE, t } from "@/lib/i18n/messages";
import "./globals.css";

export const metadata: Metadata = {
  title: { template: `%s · ${t(DEFAULT_LOCALE, "app.name")}`, default: t(DEFAULT_LOCALE, "app.name") },
  description: t(DEFAULT_LOCALE, "app.description"),
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fbfbfc" },
    { media: "(prefers-color-scheme: dark)", color: "#121214" },
  ],
};

// Pages set `lang` on their own wrapper once they know the signed-in user's language.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang={DEFAULT_LOCALE}>
      <body>{children}</body>
    </html>
  );
}
