"use client";

import { useState } from "react";
import { intlLocale, type Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import type { NotificationItem } from "./notification-types";
import { useNotificationsContext } from "./notifications-provider";
import { isUnacknowledged } from "./notifications-reducer";

/**
 * A must-read notice's "I have read this" (PRODUCT.md §12), with its due date: the notice stays
 * pinned above the list until it is pressed, here or in any other tab or device.
 */
export function AcknowledgeButton({ item, locale }: { item: NotificationItem; locale: Locale }) {
  const { acknowledge } = useNotificationsContext();
  const [sending, setSending] = useState(false);
  if (!isUnacknowledged(item)) return null;
  const due = item.ack?.dueAt
    ? new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Seoul" }).format(
        new Date(item.ack.dueAt),
      )
    : null;
  return (
    <div className="relative z-10 mt-2 flex flex-wrap items-center gap-2">
      <button
        type="button"
        data-testid="notification-ack"
        disabled={sending}
        aria-label={t(locale, "bell.acknowledgeLabel", { title: item.title })}
        onClick={() => {
          setSending(true);
          void acknowledge(item).finally(() => setSending(false));
        }}
        className="inline-flex h-8 items-center rounded-lg bg-accent-solid px-3 text-xs font-semibold text-accent-fg transition-colors hover:bg-accent-solid-hover disabled:cursor-wait disabled:opacity-60"
      >
        {t(locale, "bell.acknowledge")}
      </button>
      {due ? <span className="text-xs text-fg-muted">{t(locale, "bell.ackDue", { date: due })}</span> : null}
    </div>
  );
}
