import type { Locale } from "@/lib/i18n/locale";
import type { NotificationItem } from "./notification-types";
import { statusLabel } from "./status-label";
import { StrokeIcon } from "./stroke-icon";

export function NotificationStatusBadge({ item, locale }: { item: NotificationItem; locale: Locale }) {
  const label = statusLabel(item, locale);
  if (!label) return null;
  const changed = item.status === "changed";
  const outcome = item.action?.outcome;
  const approved = outcome === "approved" || (item.status === "resolved" && !outcome);
  const ended = item.status === "cancelled" || outcome === "withdrawn";
  return (
    <span
      data-testid="notification-status"
      data-status={item.status}
      data-outcome={item.action?.outcome ?? ""}
      className={`inline-flex max-w-full items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${
        changed
          ? "bg-amber-100 text-amber-800 dark:bg-amber-500/15 dark:text-amber-300"
          : "border border-line bg-surface-muted text-fg-muted"
      }`}
    >
      <StrokeIcon className={`size-3 shrink-0 ${approved && outcome ? "text-success" : ""}`}>
        {changed ? (
          <path d="M12 8v4l2.5 2.5M21 12a9 9 0 1 1-9-9" />
        ) : ended ? (
          <>
            <circle cx="12" cy="12" r="9" />
            <path d="m5.7 5.7 12.6 12.6" />
          </>
        ) : approved ? (
          <path d="M20 6 9 17l-5-5" />
        ) : (
          <path d="M18 6 6 18M6 6l12 12" />
        )}
      </StrokeIcon>
      <span className="truncate">{label}</span>
    </span>
  );
}
