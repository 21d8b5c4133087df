"use client";

import { useEffect, useEffectEvent, useState } from "react";
import type { Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { safeLink } from "@/lib/notifications/safe-link";
import { NotificationStatusBadge } from "./notification-status-badge";
import type { NotificationItem } from "./notification-types";
import { ServiceIcon, serviceOfSource } from "./service-icon";
import { StrokeIcon } from "./stroke-icon";

export type Toast = { key: string; kind: "notification"; item: NotificationItem } | { key: string; kind: "error"; message: string };

const VISIBLE_MS = 5_000;

/**
 * Short-lived cards at the bottom right (across the bottom on a phone) for what just arrived.
 * Screen readers hear arrivals from the provider's live region; a card pauses while pointed at
 * or focused, so it does not vanish under the reader's eyes.
 */
export function NotificationToasts({
  toasts,
  locale,
  onDismiss,
  onOpen,
}: {
  toasts: Toast[];
  locale: Locale;
  onDismiss: (key: string) => void;
  onOpen: (item: NotificationItem) => void;
}) {
  if (toasts.length === 0) return null;
  return (
    <section
      aria-label={t(locale, "bell.toastRegion")}
      className="pointer-events-none fixed inset-x-2 bottom-2 z-[60] flex flex-col gap-2 sm:inset-x-auto sm:right-4 sm:bottom-4 sm:w-96"
    >
      {toasts.map((toast) => (
        <ToastCard key={toast.key} toast={toast} locale={locale} onDismiss={onDismiss} onOpen={onOpen} />
      ))}
    </section>
  );
}

function ToastCard({
  toast,
  locale,
  onDismiss,
  onOpen,
}: {
  toast: Toast;
  locale: Locale;
  onDismiss: (key: string) => void;
  onOpen: (item: NotificationItem) => void;
}) {
  const [paused, setPaused] = useState(false);
  const dismiss = useEffectEvent(() => onDismiss(toast.key));

  useEffect(() => {
    if (paused) return;
    const timer = window.setTimeout(dismiss, VISIBLE_MS);
    return () => window.clearTimeout(timer);
  }, [paused]);

  const pause = {
    onMouseEnter: () => setPaused(true),
    onMouseLeave: () => setPaused(false),
    onFocus: () => setPaused(true),
    onBlur: () => setPaused(false),
  };

  if (toast.kind === "error") {
    return (
      <div
        role="alert"
        {...pause}
        className="pointer-events-auto flex items-start gap-3 rounded-xl border border-line bg-danger-soft p-3 text-sm text-danger-fg shadow-popover motion-safe:animate-toast-in"
      >
        <p className="min-w-0 flex-1 py-1">{toast.message}</p>
        <DismissButton locale={locale} onClick={() => onDismiss(toast.key)} />
      </div>
    );
  }

  const { item } = toast;
  const service = serviceOfSource(item.source);
  const href = item.status === "cancelled" ? null : safeLink(item.link, "any host");
  return (
    <div
      role="status"
      data-testid="notification-toast"
      {...pause}
      className="pointer-events-auto relative flex items-start gap-3 rounded-xl border border-line bg-surface p-3 shadow-popover motion-safe:animate-toast-in"
    >
      <ServiceIcon service={service} />
      <div className="min-w-0 flex-1">
        <p className="text-xs font-medium text-fg-subtle">
          {t(locale, "bell.newToast")} · {t(locale, `service.${service}`)}
        </p>
        {href ? (
          <a
            href={href}
            onClick={() => onOpen(item)}
            className="mt-0.5 line-clamp-2 text-sm font-semibold text-fg after:absolute after:inset-0 hover:underline"
          >
            {item.title}
          </a>
        ) : (
          <p className="mt-0.5 line-clamp-2 text-sm font-semibold text-fg">{item.title}</p>
        )}
        {item.body ? <p className="mt-0.5 line-clamp-1 text-xs text-fg-muted">{item.body}</p> : null}
        {item.status !== "active" ? (
          <p className="mt-1">
            <NotificationStatusBadge item={item} locale={locale} />
          </p>
        ) : null}
      </div>
      <DismissButton locale={locale} onClick={() => onDismiss(toast.key)} />
    </div>
  );
}

function DismissButton({ locale, onClick }: { locale: Locale; onClick: () => void }) {
  return (
    <button
      type="button"
      onClick={onClick}
      aria-label={t(locale, "bell.dismiss")}
      className="relative z-10 -m-1 inline-flex size-8 shrink-0 items-center justify-center rounded-lg text-fg-subtle hover:bg-surface-hover hover:text-fg"
    >
      <StrokeIcon className="size-4">
        <path d="M18 6 6 18M6 6l12 12" />
      </StrokeIcon>
    </button>
  );
}
