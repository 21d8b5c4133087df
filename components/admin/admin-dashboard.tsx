"use client";

import { type ReactNode, useEffect, useState } from "react";
import type { AdminStats } from "@/lib/admin/get-admin-stats";
import { fetchAdminStats } from "@/lib/client/admin-api";
import { at } from "@/lib/i18n/admin-messages";
import type { Locale } from "@/lib/i18n/locale";
import { formatClock, formatDuration, formatNumber } from "./format-admin";
import { LagTable } from "./lag-table";
import { LineChart } from "./line-chart";
import { StatCard } from "./stat-card";

const REFRESH_MS = 10_000;

/** /admin's figures and charts: rendered on the server, then fetched again every 10 seconds. */
export function AdminDashboard({
  initial,
  fetchedAt,
  locale,
  children,
}: {
  initial: AdminStats;
  fetchedAt: string;
  locale: Locale;
  /** Shown beside the lag table on wide screens (the announcement form). */
  children?: ReactNode;
}) {
  const [stats, setStats] = useState(initial);
  const [updatedAt, setUpdatedAt] = useState(fetchedAt);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const refresh = async () => {
      if (document.hidden) return;
      try {
        setStats(await fetchAdminStats());
        setUpdatedAt(new Date().toISOString());
        setFailed(false);
      } catch {
        setFailed(true);
      }
    };
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  // The current minute is still filling up: the last complete one is the honest "now".
  const lastFull = stats.perMinute.at(-2) ?? stats.perMinute.at(-1);
  const lastLatency = [...stats.latency].reverse().find((bucket) => bucket.delivered > 0) ?? null;
  const totalLag = stats.lag?.reduce((sum, row) => sum + (row.lag ?? 0), 0) ?? null;
  const perSecond = (count: number) => formatNumber(count / 60, locale, 2);
  const minuteLabels = (entries: { minute?: string; bucket?: string }[]) => {
    const first = entries[0]?.minute ?? entries[0]?.bucket;
    const middle = entries[Math.floor(entries.length / 2)]?.minute ?? entries[Math.floor(entries.length / 2)]?.bucket;
    return [first, middle].map((iso) => (iso ? formatClock(iso, locale) : "")).concat(at(locale, "dashboard.now"));
  };
  const peakOf = (values: number[]) => Math.max(0, ...values);

  return (
    <div className="mt-6 space-y-4">
      <p className="text-xs text-fg-subtle" aria-live="polite">
        {failed ? (
          <span className="text-danger-fg">{at(locale, "dashboard.refreshFailed")}</span>
        ) : (
          at(locale, "dashboard.updatedAt", { time: formatClock(updatedAt, locale, true) })
        )}
      </p>

      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-5">
        <StatCard
          testId="stat-events"
          label={at(locale, "dashboard.eventsPerSecond")}
          value={lastFull ? perSecond(lastFull.events) : "—"}
          hint={at(locale, "dashboard.lastMinuteHint")}
        />
        <StatCard
          testId="stat-notifications"
          label={at(locale, "dashboard.notificationsPerSecond")}
          value={lastFull ? perSecond(lastFull.notifications) : "—"}
          hint={at(locale, "dashboard.lastMinuteHint")}
        />
        <StatCard
          testId="stat-streams"
          label={at(locale, "dashboard.openStreams")}
          value={formatNumber(stats.openStreams, locale)}
          hint={at(locale, "dashboard.openStreamsHint")}
        />
        <StatCard
          testId="stat-latency"
          label={at(locale, "dashboard.latencyP95")}
          value={formatDuration(lastLatency?.p95 ?? null, locale)}
          hint={at(locale, "dashboard.lastBucketHint")}
        />
        <StatCard
          testId="stat-lag"
          label={at(locale, "dashboard.totalLag")}
          value={totalLag === null ? "—" : formatNumber(totalLag, locale)}
          hint={at(locale, "dashboard.totalLagHint")}
        />
      </dl>

      <div className="grid gap-4 lg:grid-cols-2">
        <section aria-labelledby="chart-rates" className="rounded-xl border border-line bg-surface p-4 sm:p-5">
          <h2 id="chart-rates" className="mb-3 text-sm font-semibold">
            {at(locale, "dashboard.ratesHeading")}
          </h2>
          <LineChart
            testId="chart-rates"
            series={[
              {
                label: at(locale, "dashboard.notifications"),
                color: "var(--gw-success)",
                values: stats.perMinute.map((m) => m.notifications / 60),
              },
              {
                label: at(locale, "dashboard.events"),
                color: "var(--gw-accent)",
                values: stats.perMinute.map((m) => m.events / 60),
                dashed: true,
              },
            ]}
            xLabels={minuteLabels(stats.perMinute)}
            formatY={(value) => formatNumber(value, locale, 2)}
            summary={at(locale, "dashboard.ratesSummary", {
              events: perSecond(peakOf(stats.perMinute.map((m) => m.events))),
              notifications: perSecond(peakOf(stats.perMinute.map((m) => m.notifications))),
            })}
          />
        </section>

        <section aria-labelledby="chart-latency" className="rounded-xl border border-line bg-surface p-4 sm:p-5">
          <h2 id="chart-latency" className="mb-3 text-sm font-semibold">
            {at(locale, "dashboard.latencyHeading")}
          </h2>
          {stats.latency.some((bucket) => bucket.delivered > 0) ? (
            <LineChart
              testId="chart-latency"
              series={[
                { label: "p50", color: "var(--gw-success)", values: stats.latency.map((b) => b.p50) },
                { label: "p95", color: "var(--gw-warning)", values: stats.latency.map((b) => b.p95) },
                { label: "p99", color: "var(--gw-danger)", values: stats.latency.map((b) => b.p99) },
              ]}
              xLabels={minuteLabels(stats.latency)}
              formatY={(value) => formatDuration(value, locale)}
              summary={at(locale, "dashboard.latencySummary", {
                p50: formatDuration(lastLatency?.p50 ?? null, locale),
                p95: formatDuration(lastLatency?.p95 ?? null, locale),
                p99: formatDuration(lastLatency?.p99 ?? null, locale),
              })}
            />
          ) : (
            <p className="text-sm text-fg-muted">{at(locale, "dashboard.noLatency")}</p>
          )}
        </section>
      </div>

      <div className="grid items-start gap-4 lg:grid-cols-2">
        <section aria-labelledby="lag-heading" className="rounded-xl border border-line bg-surface p-4 sm:p-5">
          <h2 id="lag-heading" className="mb-2 text-sm font-semibold">
            {at(locale, "dashboard.lagHeading")}
          </h2>
          <LagTable lag={stats.lag} locale={locale} />
        </section>
        {children}
      </div>
    </div>
  );
}
