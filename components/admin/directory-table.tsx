"use client";

import type { DirectoryItem, DirectoryPage } from "@/lib/admin/list-directory";
import { at } from "@/lib/i18n/admin-messages";
import type { Locale } from "@/lib/i18n/locale";
import { ScrollRegion } from "../scroll-region";
import { departmentLabel, formatInstant } from "./format-admin";
import { LoadMoreFooter } from "./list-controls";
import { useCursorPages } from "./use-cursor-pages";

/**
 * The directory: the first page as the server rendered it, then the next ones by cursor from
 * GET /api/admin/directory with the same search (`apiQuery`).
 */
export function DirectoryTable({ initial, apiQuery, locale }: { initial: DirectoryPage; apiQuery: string; locale: Locale }) {
  const { items, nextCursor, more, loadMore } = useCursorPages<DirectoryItem>(
    initial,
    (cursor) => {
      const query = new URLSearchParams(apiQuery);
      query.set("cursor", cursor);
      return `/api/admin/directory?${query}`;
    },
    apiQuery,
  );

  if (items.length === 0) {
    return (
      <p
        data-testid="directory-empty"
        className="mt-4 rounded-xl border border-line bg-surface px-4 py-10 text-center text-sm text-fg-muted"
      >
        {at(locale, "directory.empty")}
      </p>
    );
  }

  const th = "px-3 py-2 text-left text-xs font-medium whitespace-nowrap text-fg-muted";
  return (
    <>
      <p className="mt-4 text-xs text-fg-subtle" aria-live="polite" data-testid="directory-count">
        {at(locale, "directory.count", { count: items.length })}
      </p>
      <ScrollRegion label={at(locale, "directory.tableLabel")} className="mt-2 overflow-x-auto rounded-xl border border-line bg-surface">
        <table data-testid="directory-table" className="w-full min-w-[52rem] text-sm">
          <caption className="sr-only">{at(locale, "directory.tableLabel")}</caption>
          <thead className="border-b border-line bg-surface-muted">
            <tr>
              <th scope="col" className={th}>
                {at(locale, "directory.colName")}
              </th>
              <th scope="col" className={th}>
                {at(locale, "directory.colEmail")}
              </th>
              <th scope="col" className={th}>
                {at(locale, "directory.colDepartment")}
              </th>
              <th scope="col" className={th}>
                {at(locale, "directory.colRole")}
              </th>
              <th scope="col" className={th}>
                {at(locale, "directory.colStatus")}
              </th>
              <th scope="col" className={th}>
                {at(locale, "directory.colUpdated")}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {items.map((item) => (
              <Row key={item.id} item={item} locale={locale} />
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <LoadMoreFooter
        locale={locale}
        nextCursor={nextCursor}
        more={more}
        loadMore={loadMore}
        testIds={{ loadMore: "directory-load-more", end: "directory-end" }}
        endKey="directory.end"
      />
    </>
  );
}

function Row({ item, locale }: { item: DirectoryItem; locale: Locale }) {
  const td = "px-3 py-2 align-top whitespace-nowrap";
  return (
    <tr data-testid="directory-row" data-person-id={item.id} data-active={item.active} className="hover:bg-surface-hover">
      <th scope="row" className="px-3 py-2 text-left align-top font-normal">
        <span className={`block font-medium ${item.active ? "" : "text-fg-muted"}`} data-testid="row-name">
          {item.name}
        </span>
        <span className="block font-mono text-xs text-fg-subtle" data-testid="row-id">
          {item.id}
        </span>
      </th>
      <td className={`${td} text-fg-muted`} data-testid="row-email">
        {item.email}
      </td>
      <td className={td} data-testid="row-department">
        {departmentLabel(locale, { id: item.departmentId, name: item.departmentName })}
      </td>
      <td className={td} data-testid="row-role">
        {item.role === "ADMIN" ? (
          <span className="rounded-full bg-accent-soft px-2 py-0.5 text-xs font-medium text-accent">
            {at(locale, "directory.roleAdmin")}
          </span>
        ) : (
          <span className="text-fg-muted">{at(locale, "directory.roleUser")}</span>
        )}
      </td>
      <td className={td} data-testid="row-status">
        {item.active ? (
          <span className="inline-flex items-center gap-1.5 text-xs font-medium">
            <span aria-hidden="true" className="size-1.5 rounded-full bg-success" />
            {at(locale, "directory.active")}
          </span>
        ) : (
          <span className="inline-flex items-center rounded-full border border-line-strong px-2 py-0.5 text-xs font-medium text-fg-muted">
            {at(locale, "directory.inactive")}
          </span>
        )}
      </td>
      <td className={`${td} tabular-nums text-fg-muted`} data-testid="row-updated">
        {formatInstant(item.updatedAt, locale)}
      </td>
    </tr>
  );
}
