import type { Metadata } from "next";
import { AdminNotificationTable } from "@/components/admin/admin-notification-table";
import { AdminShell } from "@/components/admin/admin-shell";
import { type FilterValues, NotificationFilterForm } from "@/components/admin/notification-filter-form";
import { adminListQuerySchema, listAdminNotifications } from "@/lib/admin/list-admin-notifications";
import { listDepartments } from "@/lib/admin/list-departments";
import { NOTIFICATION_EVENT_TYPES, NOTIFYING_SERVICES, SERVICES } from "@/lib/events/catalog";
import { at } from "@/lib/i18n/admin-messages";
import { departmentName, t } from "@/lib/i18n/messages";
import { adminContext, requestContext } from "../../request-context";

export const dynamic = "force-dynamic";

const FILTERS = ["recipientId", "departmentId", "source", "type", "status", "from", "to", "eventId"] as const;
const PAGE_SIZE = 50;

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await requestContext();
  return { title: at(locale, "list.pageTitle") };
}

// /admin/notifications?recipientId=&departmentId=&source=&type=&status=&from=&to=&eventId= — every
// person's notifications, filtered by the URL (ADMIN only)
export default async function AdminNotificationsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { locale } = await adminContext();
  const params = await searchParams;
  const values = Object.fromEntries(FILTERS.map((name) => [name, first(params[name])])) as unknown as FilterValues;
  const apiQuery = apiQueryOf(values);
  const parsed = adminListQuerySchema.safeParse({ ...Object.fromEntries(apiQuery), limit: PAGE_SIZE });
  const [page, departments] = await Promise.all([
    parsed.success ? listAdminNotifications({ query: parsed.data, locale }) : null,
    listDepartments(),
  ]);
  apiQuery.set("limit", String(PAGE_SIZE));
  const exportQuery = new URLSearchParams(apiQuery);
  exportQuery.delete("limit");

  return (
    <AdminShell
      locale={locale}
      current="notifications"
      title={at(locale, "list.heading")}
      subtitle={at(locale, "list.subtitle")}
      actions={
        <a
          href={`/api/admin/notifications/export${exportQuery.size ? `?${exportQuery}` : ""}`}
          download
          data-testid="admin-export"
          className="inline-flex h-9 items-center rounded-lg border border-line-strong bg-surface px-3 text-sm font-medium transition-colors hover:bg-surface-hover"
        >
          {at(locale, "list.export")}
        </a>
      }
    >
      <NotificationFilterForm
        values={values}
        locale={locale}
        departments={departments.map((d) => ({
          value: d.id,
          label: departmentName(locale, d.id) === d.id ? d.name : departmentName(locale, d.id),
        }))}
        sources={NOTIFYING_SERVICES.map((service) => ({ value: SERVICES[service].source, label: t(locale, `service.${service}`) }))}
        types={NOTIFICATION_EVENT_TYPES}
      />
      {page ? (
        <AdminNotificationTable initial={page} apiQuery={apiQuery.toString()} locale={locale} />
      ) : (
        <p
          role="alert"
          data-testid="admin-filter-error"
          className="mt-4 rounded-xl border border-danger/30 bg-danger-soft px-4 py-3 text-sm text-danger-fg"
        >
          {at(locale, "list.badFilter", { reason: parsed.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") ?? "" })}
        </p>
      )}
    </AdminShell>
  );
}

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? "";
}

/**
 * The API's query for the form's values: a date (the form's from/to) becomes the instant its day
 * starts in Seoul, and "to" is that whole day (the API's `to` is exclusive); an instant passes as it is.
 */
function apiQueryOf(values: FilterValues): URLSearchParams {
  const query = new URLSearchParams();
  for (const name of FILTERS) {
    const value = values[name];
    if (!value) continue;
    const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
    if (day && name === "from") query.set(name, `${day}T00:00:00+09:00`);
    else if (day && name === "to") query.set(name, new Date(Date.parse(`${day}T00:00:00+09:00`) + 86_400_000).toISOString());
    else query.set(name, value);
  }
  return query;
}
