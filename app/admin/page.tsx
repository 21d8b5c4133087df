import type { Metadata } from "next";
import { AdminDashboard } from "@/components/admin/admin-dashboard";
import { AdminShell } from "@/components/admin/admin-shell";
import { AnnouncementForm } from "@/components/admin/announcement-form";
import { getAdminStats } from "@/lib/admin/get-admin-stats";
import { listDepartments } from "@/lib/admin/list-departments";
import { at } from "@/lib/i18n/admin-messages";
import { departmentName } from "@/lib/i18n/messages";
import { adminContext, requestContext } from "../request-context";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await requestContext();
  return { title: at(locale, "dashboard.pageTitle") };
}

// /admin — the last hour at a glance, and announcements (ADMIN only)
export default async function AdminDashboardPage() {
  const { locale } = await adminContext();
  const [stats, departments] = await Promise.all([getAdminStats(), listDepartments()]);
  return (
    <AdminShell locale={locale} current="dashboard" title={at(locale, "dashboard.heading")} subtitle={at(locale, "dashboard.subtitle")}>
      <AdminDashboard initial={stats} fetchedAt={new Date().toISOString()} locale={locale}>
        <section aria-labelledby="announce-heading" className="rounded-xl border border-line bg-surface p-4 sm:p-5">
          <h2 id="announce-heading" className="text-sm font-semibold">
            {at(locale, "announce.heading")}
          </h2>
          <p className="mt-1 mb-4 text-sm text-fg-muted">{at(locale, "announce.subtitle")}</p>
          <AnnouncementForm
            locale={locale}
            departments={departments.map((d) => ({
              id: d.id,
              name: departmentName(locale, d.id) === d.id ? d.name : departmentName(locale, d.id),
            }))}
          />
        </section>
      </AdminDashboard>
    </AdminShell>
  );
}
