import type { Locale } from "@/lib/i18n/locale";
import { type MessageKey, t } from "@/lib/i18n/messages";
import type { NotificationItem } from "./notification-types";

/**
 * How the item a notification is about ended, or that it changed: "승인됨 · 이서준", "반려됨",
 * "철회됨", "취소됨", "변경됨". Nothing for an active one.
 */
export function statusLabel(item: NotificationItem, locale: Locale): string | null {
  const { action } = item;
  const by = action?.by?.name;
  if (item.status === "changed") return t(locale, "status.changed");
  if (item.status === "active") return null;
  if (action?.outcome === "approved") return by ? t(locale, "status.approvedBy", { name: by }) : t(locale, "status.approved");
  if (action?.outcome === "rejected") return by ? t(locale, "status.rejectedBy", { name: by }) : t(locale, "status.rejected");
  if (action?.outcome === "withdrawn") return t(locale, "status.withdrawn");
  const key: MessageKey = item.status === "cancelled" ? "status.cancelled" : "status.resolved";
  return t(locale, key);
}
