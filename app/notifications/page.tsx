import type { Metadata } from "next";
import { Suspense } from "react";
import { NotificationHistory } from "@/components/notification-history";
import { t } from "@/lib/i18n/messages";
import { requestContext, signedInContext } from "../request-context";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await requestContext();
  return { title: t(locale, "history.pageTitle") };
}

// /notifications — the person's whole history, filtered by the URL's ?filter=unread&source=approval
export default async function NotificationsPage() {
  await signedInContext();
  return (
    <main className="mx-auto w-full max-w-3xl flex-1 px-4 py-8 sm:px-6 sm:py-10">
      <Suspense>
        <NotificationHistory />
      </Suspense>
    </main>
  );
}
