import type { Metadata } from "next";
import { AdminShell } from "@/components/admin/admin-shell";
import { DirectoryFilterForm, type DirectoryFilterValues } from "@/components/admin/directory-filter-form";
import { DirectoryTable } from "@/components/admin/directory-table";
import { departmentLabel } from "@/components/admin/format-admin";
import { listDepartments } from "@/lib/admin/list-departments";
import { directoryQuerySchema, listDirectory } from "@/lib/admin/list-directory";
import { at } from "@/lib/i18n/admin-messages";
import { intlLocale } from "@/lib/i18n/locale";
import { adminContext, requestContext } from "../../request-context";

export const dynamic = "force-dynamic";

const FILTERS = ["query", "departmentId", "active"] as const;
const PAGE_SIZE = 50;

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await requestContext();
  return { title: at(locale, "directory.pageTitle") };
}

// /admin/directory?query=&departmentId=&active= — the company's people by name, searched and
// filtered by the URL (ADMIN only)
export default async function AdminDirectoryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { locale } = await adminContext();
  const params = await searchParams;
  const values = Object.fromEntries(FILTERS.map((name) => [name, first(params[name])])) as unknown as DirectoryFilterValues;
  const apiQuery = new URLSearchParams(FILTERS.filter((name) => values[name]).map((name) => [name, values[name]]));
  const parsed = directoryQuerySchema.safeParse({ ...Object.fromEntries(apiQuery), limit: PAGE_SIZE });
  const [page, departments] = await Promise.all([parsed.success ? listDirectory({ query: parsed.data }) : null, listDepartments()]);
  apiQuery.set("limit", String(PAGE_SIZE));
  const collator = new Intl.Collator(intlLocale(locale));

  return (
    <AdminShell locale={locale} current="directory" title={at(locale, "directory.heading")} subtitle={at(locale, "directory.subtitle")}>
      <DirectoryFilterForm
        values={values}
        locale={locale}
        departments={departments
          .map((department) => ({ value: department.id, label: departmentLabel(locale, department) }))
          .sort((a, b) => collator.compare(a.label, b.label))}
      />
      {page ? (
        <DirectoryTable initial={page} apiQuery={apiQuery.toString()} locale={locale} />
      ) : (
        <p
          role="alert"
          data-testid="directory-filter-error"
          className="mt-4 rounded-xl border border-danger/30 bg-danger-soft px-4 py-3 text-sm text-danger-fg"
        >
          {at(locale, "directory.badFilter", {
            reason: parsed.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") ?? "",
          })}
        </p>
      )}
    </AdminShell>
  );
}

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? "";
}
