import type { Locale } from "../i18n/locale";
import { decodeAdminCursor } from "./admin-cursor";
import { type AdminListQuery, type AdminNotificationItem, listAdminNotifications } from "./list-admin-notifications";

// The CSV export of the admin list: the same filters, read page by page by the same keyset query
// as the stream is pulled, so an export of a million rows holds one page in memory at a time.

const PAGE = 1000;
const COLUMNS: [string, (item: AdminNotificationItem) => string | null][] = [
  ["id", (i) => i.id],
  ["created_at", (i) => i.createdAt],
  ["delivered_at", (i) => i.deliveredAt],
  ["read_at", (i) => i.readAt],
  ["recipient_id", (i) => i.recipient.id],
  ["recipient_name", (i) => i.recipient.name],
  ["department_id", (i) => i.recipient.departmentId],
  ["source", (i) => i.source],
  ["type", (i) => i.type],
  ["event_id", (i) => i.eventId],
  ["title", (i) => i.title],
  ["link", (i) => i.link],
];

export function exportAdminNotifications({ query, locale }: { query: AdminListQuery; locale: Locale }): ReadableStream<Uint8Array> {
  // Checked now, so a bad cursor is a 400 instead of a download that breaks off after its headers.
  if (query.cursor) decodeAdminCursor(query.cursor);
  const encoder = new TextEncoder();
  let cursor = query.cursor;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        // A byte-order mark so spreadsheet programs read the Korean text as UTF-8.
        controller.enqueue(encoder.encode(`\uFEFF${COLUMNS.map(([name]) => name).join(",")}\r\n`));
      }
      const page = await listAdminNotifications({ query: { ...query, cursor, limit: PAGE }, locale });
      const lines = page.items.map((item) => `${COLUMNS.map(([, value]) => csvField(value(item))).join(",")}\r\n`);
      if (lines.length) controller.enqueue(encoder.encode(lines.join("")));
      if (!page.nextCursor) controller.close();
      cursor = page.nextCursor ?? undefined;
    },
  });
}

/** RFC 4180 quoting, and a leading quote on text a spreadsheet would run as a formula. */
export function csvField(value: string | null): string {
  if (value === null) return "";
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
