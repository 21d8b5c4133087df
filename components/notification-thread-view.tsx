"use client";

import { useEffect, useId, useMemo, useRef } from "react";
import type { ListFilter } from "@/lib/client/notifications-api";
import { t } from "@/lib/i18n/messages";
import { NotificationListBody } from "./notification-list-body";
import type { NotificationItem } from "./notification-types";
import { useNotificationsContext } from "./notifications-provider";
import { StrokeIcon } from "./stroke-icon";
import { threadCountLabel, threadSubject } from "./thread-heading";
import { useNotificationList } from "./use-notification-list";

const PAGE_SIZE = 30;

/**
 * One thread opened in place (the bell's dropdown, the history page): a way back, what it is about,
 * "mark all read" for the thread alone, and its notifications, newest first, live.
 */
export function NotificationThreadView({ row, onBack }: { row: NotificationItem; onBack: () => void }) {
  const { locale, markThreadRead } = useNotificationsContext();
  const thread = row.thread ?? "";
  const filter = useMemo<ListFilter>(() => ({ read: "all", source: null, thread }), [thread]);
  const list = useNotificationList({ filter, pageSize: PAGE_SIZE });
  const backRef = useRef<HTMLButtonElement>(null);
  const headingId = useId();
  // What the thread's newest notification says, once read (a thread opened from a link starts with its key).
  const head = list.items[0] ?? row;
  const subject = threadSubject(head);
  const unread = list.status === "ready" ? list.items.some((item) => item.readAt === null) : (row.threadUnread ?? 0) > 0;

  useEffect(() => backRef.current?.focus(), []);

  return (
    <section aria-labelledby={headingId} data-testid="thread-view" data-thread={thread} className="flex min-h-0 flex-1 flex-col">
      <div className="flex items-center gap-2 border-b border-line px-2 py-2">
        <button
          ref={backRef}
          type="button"
          data-testid="thread-back"
          onClick={onBack}
          title={t(locale, "thread.backLabel")}
          className="inline-flex h-8 shrink-0 items-center gap-1 rounded-lg px-2 text-xs font-medium text-fg-muted hover:bg-surface-hover hover:text-fg"
        >
          <StrokeIcon className="size-4">
            <path d="m15 6-6 6 6 6" />
          </StrokeIcon>
          {t(locale, "thread.back")}
        </button>
        <h3 id={headingId} className="min-w-0 flex-1 truncate text-sm font-semibold">
          <span className="text-fg-muted">
            {threadCountLabel({ ...head, threadCount: Math.max(row.threadCount ?? 1, list.items.length) }, locale)}
          </span>
          <span aria-hidden="true" className="text-fg-subtle">
            {" · "}
          </span>
          <span className="sr-only">, </span>
          {subject}
        </h3>
        <button
          type="button"
          data-testid="thread-mark-read"
          disabled={!unread}
          onClick={() => void markThreadRead(thread)}
          title={t(locale, "thread.markReadLabel")}
          className="shrink-0 rounded-lg px-2 py-1 text-xs font-semibold text-accent transition-colors hover:bg-accent-soft disabled:cursor-default disabled:text-fg-subtle disabled:hover:bg-transparent"
        >
          {t(locale, "thread.markRead")}
        </button>
      </div>
      <NotificationListBody list={list} filter={filter} label={t(locale, "thread.listLabel", { title: subject })} />
    </section>
  );
}
