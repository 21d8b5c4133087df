import type { AdminStats } from "@/lib/admin/get-admin-stats";
import { at } from "@/lib/i18n/admin-messages";
import type { Locale } from "@/lib/i18n/locale";
import { ScrollRegion } from "../scroll-region";
import { formatNumber } from "./format-admin";

/** Consumer lag per topic partition, with a bar relative to the most behind one. */
export function LagTable({ lag, locale }: { lag: AdminStats["lag"]; locale: Locale }) {
  if (!lag) return <p className="text-sm text-fg-muted">{at(locale, "dashboard.lagUnavailable")}</p>;
  const most = Math.max(1, ...lag.map((row) => row.lag ?? 0));
  const rows = [...lag].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  return (
    <ScrollRegion label={at(locale, "dashboard.lagHeading")} className="overflow-x-auto">
      <table data-testid="lag-table" className="w-full text-sm">
        <thead className="text-left text-xs text-fg-muted">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              {at(locale, "dashboard.topic")}
            </th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">
              {at(locale, "dashboard.partition")}
            </th>
            <th scope="col" className="w-1/2 py-1 font-medium">
              {at(locale, "dashboard.lag")}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {rows.map((row) => (
            <tr key={`${row.topic}:${row.partition}`}>
              <th scope="row" className="py-1 pr-3 text-left font-mono text-xs font-normal whitespace-nowrap">
                {row.topic}
              </th>
              <td className="py-1 pr-3 text-right tabular-nums">{row.partition}</td>
              <td className="py-1">
                {row.lag === null ? (
                  <span className="text-xs text-fg-subtle">{at(locale, "dashboard.lagNotCommitted")}</span>
                ) : (
                  <span className="flex items-center gap-2">
                    {row.lag > 0 ? (
                      <span
                        aria-hidden="true"
                        className="h-2 min-w-1 rounded-full bg-accent"
                        style={{ width: `${(row.lag / most) * 80}%` }}
                      />
                    ) : null}
                    <span className="tabular-nums">{formatNumber(row.lag, locale)}</span>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
