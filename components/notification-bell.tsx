"use client";

import { useCallback, useEffect, useId, useRef, useState, type FocusEvent } from "react";
import { t, type Locale } from "@/lib/i18n/messages";
import { ConnectionStatus } from "./connection-status";
import { NotificationPanel } from "./notification-panel";
import { useNotifications } from "./use-notifications";
import { BellGlyph } from "./stroke-icon";

const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

/**
 * The header bell: unread badge, live updates, and a dropdown of the newest notifications.
 * Data lives in useNotifications; this component owns only opening, closing and focus.
 */
export function NotificationBell({ locale }: { locale: Locale }) {
  const [open, setOpen] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelId = useId();

  const { reload, ...notifications } = useNotifications({
    onArrive: (item) => setAnnouncement(t(locale, "bell.announceNew", { title: item.title })),
  });
  const { unreadCount, connection } = notifications;

  const close = useCallback((returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  }, []);

  useEffect(() => {
    if (!open) return;
    panelRef.current?.focus();

    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      close(true);
    };
    // On click, not pointerdown: by then the browser has moved focus for the click, so giving it
    // back to the bell sticks. A click on another control keeps its focus.
    const onClick = (event: MouseEvent) => {
      const target = event.target;
      if (!(target instanceof Node) || rootRef.current?.contains(target)) return;
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

  const label =
    unreadCount && unreadCount > 0 ? t(locale, "bell.labelUnread", { count: unreadCount }) : t(locale, "bell.label");

  return (
    <div ref={rootRef} className="relative" onBlur={onBlur}>
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
        {unreadCount ? (
          <span
            aria-hidden="true"
            data-testid="notification-badge"
            className="absolute -top-0.5 -right-0.5 inline-flex h-[1.125rem] min-w-[1.125rem] items-center justify-center rounded-full bg-danger px-1 text-[0.6875rem] leading-none font-semibold text-white tabular-nums ring-2 ring-surface"
          >
            {unreadCount > 99 ? "99+" : unreadCount}
          </span>
        ) : null}
      </button>
      <ConnectionStatus state={connection} locale={locale} className="pointer-events-none absolute right-1 bottom-1" />

      {open ? (
        <NotificationPanel id={panelId} ref={panelRef} locale={locale} notifications={notifications} onRetry={reload} />
      ) : null}

      <div aria-live="polite" className="sr-only">
        {announcement}
      </div>
    </div>
  );
}
