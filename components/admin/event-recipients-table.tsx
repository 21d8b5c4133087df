import type { EventDelivery } from "@/lib/admin/get-event-delivery";
import { at } from "@/lib/i18n/admin-messages";
import type { Locale } from "@/lib/i18n/locale";
import { departmentName } from "@/lib/i18n/messages";
import { ScrollRegion } from "../scroll-region";
import { formatDuration, formatInstant } from "./format-admin";

/** An event's recipients: when each one's notification was stored, delivered live and read, and how long each stage took. */
export function EventRecipientsTable({ recipients, locale }: { recipients: EventDelivery["recipients"]; locale: Locale }) {
  if (recipients.length === 0) return <p className="mt-3 text-sm text-fg-muted">{at(locale, "event.noRecipients")}</p>;
  const th = "px-3 py-2 text-left text-xs font-medium whitespace-nowrap text-fg-muted";
  const td = "px-3 py-2 align-top whitespace-nowrap tabular-nums";
  const stage = (iso: string | null, ms: number | null, missing: string, testId: string) => (
    <td className={td} data-testid={testId}>
      {iso ? (
        <>
          <span className="block">{formatInstant(iso, locale)}</span>
          <span className="block text-xs text-fg-subtle">+{formatDuration(ms, locale)}</span>
        </>
      ) : (
        <span className="text-fg-subtle">{missing}</span>
      )}
    </td>
  );
  return (
    <ScrollRegion label={at(locale, "event.recipientsLabel")} className="mt-3 overflow-x-auto rounded-xl border border-line bg-surface">
      <table data-testid="event-recipients" className="w-full min-w-[48rem] text-sm">
        <caption className="sr-only">{at(locale, "event.recipientsLabel")}</caption>
        <thead className="border-b border-line bg-surface-muted">
          <tr>
            <th scope="col" className={th}>
              {at(locale, "event.colRecipient")}
            </th>
            <th scope="col" className={th}>
              {at(locale, "event.colDepartment")}
            </th>
            <th scope="col" className={th}>
              {at(locale, "event.colStored")} <span className="font-normal text-fg-subtle">({at(locale, "event.storeMs")})</span>
            </th>
            <th scope="col" className={th}>
              {at(locale, "event.colDelivered")} <span className="font-normal text-fg-subtle">({at(locale, "event.deliverMs")})</span>
            </th>
            <th scope="col" className={th}>
              {at(locale, "event.colRead")} <span className="font-normal text-fg-subtle">({at(locale, "event.readMs")})</span>
            </th>
            <th scope="col" className={th}>
              {at(locale, "event.colStatus")}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {recipients.map((r) => (
            <tr key={r.notificationId} data-testid="event-recipient" data-recipient-id={r.recipient.id}>
              <th scope="row" className="px-3 py-2 text-left align-top font-normal">
                <span className="block font-medium">{r.recipient.name}</span>
                <span className="block font-mono text-xs text-fg-subtle">{r.recipient.id}</span>
              </th>
              <td className={td}>{departmentName(locale, r.recipient.departmentId)}</td>
              {stage(r.storedAt, r.storeMs, "—", "stored-at")}
              {stage(r.deliveredAt, r.deliverMs, at(locale, "event.notDelivered"), "delivered-at")}
              {stage(r.readAt, r.readMs, at(locale, "event.notRead"), "read-at")}
              <td className={td} data-testid="recipient-status" data-status={r.status}>
                <span className="block">{statusText(r, locale)}</span>
                {r.statusAt ? <span className="block text-xs text-fg-subtle">{formatInstant(r.statusAt, locale)}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** "처리됨 · 승인 (박도윤)", "결정 대기", "취소됨 · 철회 (이서준)". */
function statusText(r: EventDelivery["recipients"][number], locale: Locale): string {
  const { action } = r;
  if (r.status === "active") {
    return action && action.status !== "done" ? at(locale, `status.${action.status}`) : at(locale, "status.active");
  }
  const outcome = action?.outcome ? ` · ${at(locale, `outcome.${action.outcome}`)}` : "";
  const by = action?.by ? ` (${action.by.name})` : "";
  return `${at(locale, `status.${r.status}`)}${outcome}${by}`;
}
