import type { Metadata } from "next";
import { AdminShell } from "@/components/admin/admin-shell";
import { DeadLetterList } from "@/components/admin/dead-letter-list";
import { listDeadLetters } from "@/lib/admin/list-dead-letters";
import { at } from "@/lib/i18n/admin-messages";
import { adminContext, requestContext } from "../../request-context";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await requestContext();
  return { title: at(locale, "dlq.pageTitle") };
}

// /admin/dead-letters — what the worker sent to the DLQ and why, with replay (ADMIN only)
export default async function DeadLettersPage() {
  const { user: admin, locale } = await adminContext();
  const page = await listDeadLetters({ limit: 50 });
  return (
    <AdminShell locale={locale} current="deadLetters" title={at(locale, "dlq.heading")} subtitle={at(locale, "dlq.subtitle")}>
      <DeadLetterList initial={page} adminId={admin.id} locale={locale} />
    </AdminShell>
  );
}
