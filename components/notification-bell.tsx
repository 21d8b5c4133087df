"use client";

import { type FocusEvent, useCallback, useEffect, useId, useRef, useState } from "react";
import type { ListFilter } from "@/lib/client/notifications-api";
import type { Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { ConnectionDot, ConnectionStatus } from "./connection-status";
import { NotificationPanel } from "./notification-panel";
import type { NotificationItem } from "./notification-types";
import { useNotificationsContext } from "./notifications-provider";
import { BellGlyph } from "./stroke-icon";
import { useNotificationList } from "./use-notification-list";

const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";
const PAGE_SIZE = 20;

/**
 * The header bell: unread badge, the stream's state, and a dropdown of the newest notifications.
 * The list is read while the dropdown is closed, so it opens at once.
 */
export function NotificationBell() {
  const { locale, unreadCount, actionCount, status } = useNotificationsContext();
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState<ListFilter>({ read: "all", source: null, view: "list" });
  /** The thread opened in place (the threads view's row for it). */
  const [thread, setThread] = useState<NotificationItem | null>(null);
  const list = useNotificationList({ filter, pageSize: PAGE_SIZE });
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelId = useId();

  const close = useCallback((returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  }, []);

  useEffect(() => {
    if (!open) return;
    panelRef.current?.focus();

    const onKeyDown = (event: KeyboardEvent) => {
      // A control that handles Escape itself (the reject comment closes) says so with preventDefault.
      if (event.key !== "Escape" || event.defaultPrevented) return;
      event.preventDefault();
      close(true);
    };
    // On click, not pointerdown: by then the browser has moved focus for the click, so giving it
    // back to the bell sticks. A click on another control keeps its focus.
    const onClick = (event: MouseEvent) => {
      const target = event.target;
      if (!(target instanceof Node) || rootRef.current?.contains(target) || !target.isConnected) return;
      const onControl = target instanceof Element && target.closest(FOCUSABLE) !== null;
      close(!onControl);
    };
    document.addEventListener("keydown", onKeyDown);
    document.addEventListener("click", onClick);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("click", onClick);
    };
  }, [open, close]);

  // Tabbing out of the dropdown closes it, like any disclosure.
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    const next = event.relatedTarget;
    if (open && next instanceof Node && !rootRef.current?.contains(next)) close(false);
  };

  const label = bellLabel(locale, unreadCount, actionCount);

  const closeThread = () => {
    const key = thread?.thread;
    setThread(null);
    // Back where the person was: on the thread's row.
    requestAnimationFrame(() => {
      const rows = panelRef.current?.querySelectorAll<HTMLElement>("[data-testid='notification-thread']") ?? [];
      const back = Array.from(rows).find((row) => row.dataset.thread === key);
      (back?.querySelector<HTMLElement>("[data-row-primary]") ?? panelRef.current)?.focus();
    });
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: focus leaving the bell's own controls (it bubbles here) closes the panel
    <div ref={rootRef} className="flex items-center gap-1.5 sm:relative" onBlur={onBlur}>
      <ConnectionStatus state={status} locale={locale} />
      <div className="relative">
        <button
          ref={buttonRef}
          type="button"
          data-testid="notification-bell"
          aria-label={label}
          aria-haspopup="dialog"
          aria-expanded={open}
          aria-controls={open ? panelId : undefined}
          onClick={() => setOpen((wasOpen) => !wasOpen)}
          className={`relative inline-flex size-9 items-center justify-center rounded-lg text-fg-muted transition-colors hover:bg-surface-hover hover:text-fg ${open ? "bg-surface-hover text-fg" : ""}`}
        >
          <BellGlyph />
        </button>
        {/* Beside the button, not in it: the button's name (the label) carries the exact count. */}
        {unreadCount ? (
          <span
            aria-hidden="true"
            data-testid="notification-badge"
            className="pointer-events-none absolute -top-0.5 -right-0.5 inline-flex h-[1.125rem] min-w-[1.125rem] items-center justify-center rounded-full bg-danger px-1 text-[0.6875rem] leading-none font-semibold text-white tabular-nums ring-2 ring-surface"
          >
            {unreadCount > 99 ? "99+" : unreadCount}
          </span>
        ) : null}
        <ConnectionDot state={status} className="pointer-events-none absolute right-1 bottom-1" />
      </div>

      {open ? (
        <NotificationPanel
          id={panelId}
          ref={panelRef}
          list={list}
          filter={filter}
          onFilterChange={(next) => {
            setThread(null);
            setFilter(next);
          }}
          onNavigate={() => close(false)}
          thread={thread}
          onOpenThread={setThread}
          onCloseThread={closeThread}
        />
      ) : null}
    </div>
  );
}

/** The bell's name says what waits: "알림, 읽지 않음 3개, 처리할 일 2개". */
function bellLabel(locale: Locale, unread: number | null, todo: number | null): string {
  if (unread && todo) return t(locale, "bell.labelUnreadTodo", { count: unread, todo });
  if (todo) return t(locale, "bell.labelTodo", { todo });
  return unread ? t(locale, "bell.labelUnread", { count: unread }) : t(locale, "bell.label");
}
