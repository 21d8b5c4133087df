"use client";

import { type CSSProperties, useId, useRef, useState } from "react";
import { snoozeNotification } from "@/lib/client/notifications-api";
import type { Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import type { NotificationItem } from "./notification-types";
import { isUnacknowledged } from "./notifications-reducer";
import { StrokeIcon } from "./stroke-icon";

const HOUR_MS = 3_600_000;

/** 09:00 tomorrow by the company's clock (Asia/Seoul, UTC+9 all year): 00:00 UTC of Seoul's next day. */
export function tomorrowMorning(now: Date): Date {
  const seoul = new Date(now.getTime() + 9 * HOUR_MS);
  return new Date(Date.UTC(seoul.getUTCFullYear(), seoul.getUTCMonth(), seoul.getUTCDate() + 1));
}

/**
 * "Remind me later" (PRODUCT.md §13): in an hour, tomorrow at 9, or at a chosen time. The item then
 * leaves the bell and the counts in every tab (the stream says so) and comes back unread at that
 * time. A must-read notice stays until it is acknowledged, so it has no such menu.
 */
export function SnoozeMenu({ item, locale }: { item: NotificationItem; locale: Locale }) {
  const [open, setOpen] = useState(false);
  const [custom, setCustom] = useState(false);
  const [failed, setFailed] = useState(false);
  const [sending, setSending] = useState(false);
  const menuId = useId();
  const menu = useRef<HTMLDivElement>(null);
  if (isUnacknowledged(item)) return null;

  const snooze = (until: Date) => {
    setSending(true);
    setFailed(false);
    snoozeNotification(item.id, until)
      .then(
        () => menu.current?.hidePopover(),
        () => setFailed(true),
      )
      .finally(() => setSending(false));
  };

  // A popover (the browser's top layer): the bell's scrolling list would cut off a menu inside it.
  // Placed below its button by anchor positioning; light dismiss and Escape come with it.
  const anchor = `--snooze-${item.id}`;
  const option = "block w-full rounded-md px-3 py-1.5 text-left text-sm text-fg hover:bg-surface-hover focus-visible:bg-surface-hover";
  return (
    <div className="relative z-10 self-start">
      <button
        type="button"
        data-testid="notification-snooze"
        popoverTarget={menuId}
        aria-expanded={open}
        aria-label={t(locale, "bell.snoozeLabel", { title: item.title })}
        title={t(locale, "bell.snooze")}
        style={{ anchorName: anchor } as CSSProperties}
        className="inline-flex size-8 items-center justify-center rounded-lg text-fg-subtle transition-[color,background-color,opacity] hover:bg-surface-muted hover:text-fg focus-visible:opacity-100 aria-expanded:opacity-100 pointer-fine:opacity-0 pointer-fine:group-hover:opacity-100 pointer-fine:group-focus-within:opacity-100"
      >
        <StrokeIcon className="size-4">
          <circle cx="12" cy="13" r="8" />
          <path d="M12 9v4l2.5 2.5M5 3 2 6M19 3l3 3" />
        </StrokeIcon>
      </button>
      <div
        ref={menu}
        id={menuId}
        popover="auto"
        data-testid="snooze-menu"
        onToggle={(event) => {
          const opened = (event.nativeEvent as ToggleEvent).newState === "open";
          setOpen(opened);
          if (!opened) setCustom(false);
        }}
        style={{ positionAnchor: anchor, positionArea: "bottom span-left", inset: "auto", margin: "4px 0 0" } as CSSProperties}
        className="w-56 rounded-lg border border-line bg-surface p-1 text-fg shadow-lg"
      >
        <button
          type="button"
          data-testid="snooze-hour"
          disabled={sending}
          className={option}
          onClick={() => snooze(new Date(Date.now() + HOUR_MS))}
        >
          {t(locale, "bell.snoozeHour")}
        </button>
        <button
          type="button"
          data-testid="snooze-tomorrow"
          disabled={sending}
          className={option}
          onClick={() => snooze(tomorrowMorning(new Date()))}
        >
          {t(locale, "bell.snoozeTomorrow")}
        </button>
        {custom ? (
          <form
            className="space-y-2 px-3 py-2"
            onSubmit={(event) => {
              event.preventDefault();
              const value = new FormData(event.currentTarget).get("until");
              // datetime-local is the reader's own clock, as the browser shows it.
              if (typeof value === "string" && value) snooze(new Date(value));
            }}
          >
            <label className="block text-xs text-fg-muted">
              {t(locale, "bell.snoozeAt")}
              <input
                type="datetime-local"
                name="until"
                required
                data-testid="snooze-until"
                className="mt-1 block w-full rounded-md border border-line bg-surface px-2 py-1 text-sm text-fg"
              />
            </label>
            <button
              type="submit"
              disabled={sending}
              className="inline-flex h-8 items-center rounded-lg bg-accent-solid px-3 text-xs font-semibold text-accent-fg hover:bg-accent-solid-hover"
            >
              {t(locale, "bell.snoozeConfirm")}
            </button>
          </form>
        ) : (
          <button type="button" data-testid="snooze-custom" className={option} onClick={() => setCustom(true)}>
            {t(locale, "bell.snoozeCustom")}
          </button>
        )}
        {failed ? (
          <p role="alert" className="px-3 py-1.5 text-xs text-danger">
            {t(locale, "bell.snoozeFailed")}
          </p>
        ) : null}
      </div>
    </div>
  );
}
