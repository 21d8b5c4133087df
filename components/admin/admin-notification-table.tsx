"use client";

import Link from "next/link";
import type { AdminNotificationItem, AdminNotificationPage } from "@/lib/admin/list-admin-notifications";
import { at } from "@/lib/i18n/admin-messages";
import type { Locale } from "@/lib/i18n/locale";
import { departmentName, t } from "@/lib/i18n/messages";
import { ScrollRegion } from "../scroll-region";
import { formatInstant, serviceOf } from "./format-admin";
import { LoadMoreFooter } from "./list-controls";
import { useCursorPages } from "./use-cursor-pages";

const SERVICES = ["approval", "board", "calendar", "reservation"];

/**
 * The admin list: the first page as the server rendered it, then older pages by cursor from
 * GET /api/admin/notifications with the same filters (`apiQuery`).
 */
export function AdminNotificationTable({
  initial,
  apiQuery,
  locale,
}: {
  initial: AdminNotificationPage;
  apiQuery: string;
  locale: Locale;
}) {
  const { items, nextCursor, more, loadMore } = useCursorPages<AdminNotificationItem>(
    initial,
    (cursor) => {
      const query = new URLSearchParams(apiQuery);
      query.set("cursor", cursor);
      return `/api/admin/notifications?${query}`;
    },
    apiQuery,
  );

  if (items.length === 0) {
    return (
      <p
        data-testid="admin-list-empty"
        className="mt-4 rounded-xl border border-line bg-surface px-4 py-10 text-center text-sm text-fg-muted"
      >
        {at(locale, "list.empty")}
      </p>
    );
  }

  const th = "px-3 py-2 text-left text-xs font-medium whitespace-nowrap text-fg-muted";
  return (
    <>
      <p className="mt-4 text-xs text-fg-subtle" aria-live="polite" data-testid="admin-list-count">
        {at(locale, "list.count", { count: items.length })}
      </p>
      <ScrollRegion label={at(locale, "list.tableLabel")} className="mt-2 overflow-x-auto rounded-xl border border-line bg-surface">
        <table data-testid="admin-notification-table" className="w-full min-w-[56rem] text-sm">
          <caption className="sr-only">{at(locale, "list.tableLabel")}</caption>
          <thead className="border-b border-line bg-surface-muted">
            <tr>
              <th scope="col" className={th}>
                {at(locale, "list.colRecipient")}
              </th>
              <th scope="col" className={th}>
                {at(locale, "list.colDepartment")}
              </th>
              <th scope="col" className={th}>
                {at(locale, "list.colSource")}
              </th>
              <th scope="col" className={th}>
                {at(locale, "list.colType")}
              </th>
              <th scope="col" className={th}>
                {at(locale, "list.colTitle")}
              </th>
              <th scope="col" className={th}>
                {at(locale, "list.colCreated")}
              </th>
              <th scope="col" className={th}>
                {at(locale, "list.colDelivered")}
              </th>
              <th scope="col" className={th}>
                {at(locale, "list.colRead")}
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
        testIds={{ loadMore: "admin-load-more", end: "admin-list-end" }}
        endKey="list.end"
      />
    </>
  );
}

function Row({ item, locale }: { item: AdminNotificationItem; locale: Locale }) {
  const service = serviceOf(item.source);
  const td = "px-3 py-2 align-top whitespace-nowrap tabular-nums";
  return (
    <tr data-testid="admin-notification-row" data-notification-id={item.id} className="hover:bg-surface-hover">
      <td className="px-3 py-2 align-top">
        <span className="block font-medium">{item.recipient.name}</span>
        <span className="block font-mono text-xs text-fg-subtle" data-testid="row-recipient-id">
          {item.recipient.id}
        </span>
      </td>
      <td className={td} data-testid="row-department">
        {departmentName(locale, item.recipient.departmentId)}
      </td>
      <td className={td}>{SERVICES.includes(service) ? t(locale, `service.${service as "approval"}`) : item.source}</td>
      <td className="px-3 py-2 align-top font-mono text-xs whitespace-nowrap">{item.type}</td>
      <td className="max-w-72 min-w-44 px-3 py-2 align-top">
        <Link
          href={`/admin/events/${item.eventRecordId}`}
          prefetch={false}
          data-testid="row-title"
          className="font-medium text-accent hover:underline"
        >
          {item.title}
        </Link>
        {item.ack && item.thread ? (
          <Link
            href={`/admin/notices/${encodeURIComponent(item.thread.slice(item.thread.indexOf("|") + 1))}`}
            prefetch={false}
            data-testid="row-receipts"
            className="ml-2 text-xs font-medium whitespace-nowrap text-accent hover:underline"
          >
            {at(locale, "receipts.open")}
          </Link>
        ) : null}
      </td>
      <td className={td}>{formatInstant(item.createdAt, locale, false)}</td>
      <td className={td}>{formatInstant(item.deliveredAt, locale, false)}</td>
      <td className={td} data-testid="row-read">
        {formatInstant(item.readAt, locale, false)}
      </td>
    </tr>
  );
}
