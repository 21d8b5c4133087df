import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AdminShell } from "@/components/admin/admin-shell";
import { NoticeReceiptsView } from "@/components/admin/notice-receipts-view";
import { getNoticeReceipts, postIdSchema } from "@/lib/admin/get-notice-receipts";
import { at } from "@/lib/i18n/admin-messages";
import { adminContext, requestContext } from "../../../request-context";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ postId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await requestContext();
  return { title: at(locale, "receipts.heading") };
}

// /admin/notices/{postId} — a must-read notice's receipts: read and acknowledged per department,
// who has not acknowledged yet, live as acknowledgements arrive (ADMIN only)
export default async function NoticeReceiptsPage({ params }: Props) {
  const { locale } = await adminContext();
  const parsed = postIdSchema.safeParse(await params);
  const receipts = parsed.success ? await getNoticeReceipts(parsed.data) : null;
  if (!receipts) notFound();
  return (
    <AdminShell
      locale={locale}
      current={null}
      title={receipts.title}
      actions={
        <Link href="/admin/notifications?type=board.notice.published" className="text-sm font-medium text-accent hover:underline">
          ← {at(locale, "event.back")}
        </Link>
      }
    >
      <p className="mt-1 text-sm text-fg-muted">{at(locale, "receipts.subtitle")}</p>
      <NoticeReceiptsView initial={receipts} locale={locale} />
    </AdminShell>
  );
}
