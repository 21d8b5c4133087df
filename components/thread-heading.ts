import type { Locale } from "@/lib/i18n/locale";
import { type MessageKey, t } from "@/lib/i18n/messages";
import type { NotificationItem } from "./notification-types";

// A thread's row in the threads view: "댓글 3개 · 신규 입사자 온보딩 안내" — how many, of what, and
// what about. The server renders each notification's title as "<what>: <item>" ("새 댓글: 신규 입사자
// 온보딩 안내"); the thread row shows the item once, after its own count.

const COUNT_KEYS: Record<string, MessageKey> = {
  "board.comment.created": "thread.comments",
  "groupware/approval": "thread.approval",
  "groupware/calendar": "thread.calendar",
  "groupware/reservation": "thread.reservation",
};

/** "댓글 3개" / "3 comments" for a thread whose newest notification is `row`. */
export function threadCountLabel(row: NotificationItem, locale: Locale): string {
  const key = COUNT_KEYS[row.type] ?? COUNT_KEYS[row.source] ?? "thread.other";
  return t(locale, key, { count: row.threadCount ?? 1 });
}

/** What the thread is about: the title without the server's "<what>: " prefix (custom titles stay whole). */
export function threadSubject(row: NotificationItem): string {
  if (row.type === "notification.custom") return row.title;
  const colon = row.title.indexOf(": ");
  return colon > 0 && colon < 24 ? row.title.slice(colon + 2) : row.title;
}

/** A row of the threads view that stands for more than one notification. */
export function isThreadRow(row: NotificationItem): boolean {
  return row.thread !== null && (row.threadCount ?? 1) > 1;
}
