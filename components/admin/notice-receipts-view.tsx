"use client";

import { useEffect, useState } from "react";
import type { NoticeReceipts } from "@/lib/admin/get-notice-receipts";
import { apiBody } from "@/lib/client/api-request";
import { at } from "@/lib/i18n/admin-messages";
import { intlLocale, type Locale } from "@/lib/i18n/locale";

// Acknowledgements can arrive by the hundred a second: the receipts are read again at most this often.
const REFRESH_MS = 1_000;

/**
 * The receipts of a must-read notice (GET /api/admin/notices/{postId}): the totals, a bar per
 * department (read and acknowledged of its recipients) and the pending people; read again whenever
 * the notice's stream says someone acknowledged it.
 */
export function NoticeReceiptsView({ initial, locale }: { initial: NoticeReceipts; locale: Locale }) {
  const [receipts, setReceipts] = useState(initial);
  const [live, setLive] = useState(false);
  const [reminder, setReminder] = useState<"idle" | "sending" | { reminded: number } | "failed">("idle");
  const path = `/api/admin/notices/${encodeURIComponent(initial.postId)}`;

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stale = false;
    const refresh = () => {
      if (timer) {
        stale = true;
        return;
      }
      void apiBody<NoticeReceipts>(path).then(setReceipts, () => undefined);
      timer = setTimeout(() => {
        timer = null;
        if (stale) {
          stale = false;
          refresh();
        }
      }, REFRESH_MS);
    };
    const source = new EventSource(`${path}/stream`);
    source.addEventListener("receipts", refresh);
    // Acknowledgements made while the stream was down are in the receipts read on (re)connecting.
    source.onopen = () => {
      setLive(true);
      refresh();
    };
    source.onerror = () => setLive(false);
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [path]);

  const number = new Intl.NumberFormat(intlLocale(locale));
  const totals: [string, number, string][] = [
    [at(locale, "receipts.total"), receipts.total, "receipts-total"],
    [at(locale, "receipts.read"), receipts.read, "receipts-read"],
    [at(locale, "receipts.acknowledged"), receipts.acknowledged, "receipts-acknowledged"],
  ];

  return (
    <div className="mt-6 space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <dl className="grid grid-cols-3 gap-3 rounded-xl border border-line bg-surface p-4 max-sm:w-full sm:min-w-96">
          {totals.map(([label, value, testId]) => (
            <div key={testId}>
              <dt className="text-xs font-medium text-fg-muted">{label}</dt>
              <dd data-testid={testId} className="mt-0.5 text-xl font-semibold tabular-nums">
                {number.format(value)}
              </dd>
            </div>
          ))}
        </dl>
        <p role="status" data-testid="receipts-live" data-live={live ? "true" : "false"} className="text-xs text-fg-muted">
          {at(locale, live ? "receipts.live" : "receipts.offline")}
        </p>
      </div>

      <section aria-labelledby="receipts-departments">
        <h2 id="receipts-departments" className="text-base font-semibold tracking-tight">
          {at(locale, "receipts.byDepartment")}
        </h2>
        <ul data-testid="receipts-departments" className="mt-3 divide-y divide-line rounded-xl border border-line bg-surface">
          {receipts.byDepartment.map((department) => (
            <li
              key={department.departmentId}
              data-testid="receipts-department"
              data-department={department.departmentId}
              className="px-4 py-3"
            >
              <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
                <span className="font-medium">{department.name}</span>
                <span className="text-xs text-fg-muted tabular-nums">
                  {at(locale, "receipts.read")} {number.format(department.read)} · {at(locale, "receipts.acknowledged")}{" "}
                  {number.format(department.acknowledged)} / {number.format(department.total)}
                </span>
              </div>
              <div
                role="img"
                aria-label={at(locale, "receipts.bar", {
                  name: department.name,
                  total: department.total,
                  read: department.read,
                  acknowledged: department.acknowledged,
                })}
                className="relative mt-2 h-2.5 overflow-hidden rounded-full bg-surface-muted"
              >
                <span
                  className="absolute inset-y-0 left-0 bg-accent/35"
                  style={{ width: `${share(department.read, department.total)}%` }}
                />
                <span
                  className="absolute inset-y-0 left-0 bg-accent-solid"
                  style={{ width: `${share(department.acknowledged, department.total)}%` }}
                />
              </div>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="receipts-pending">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="receipts-pending" className="text-base font-semibold tracking-tight">
            {at(locale, "receipts.pending")} ({number.format(receipts.total - receipts.acknowledged)})
          </h2>
          <div className="flex flex-wrap items-center gap-2">
            <p role="status" data-testid="receipts-remind-outcome" className="text-xs text-fg-muted">
              {typeof reminder === "object"
                ? at(locale, "receipts.reminded", { count: reminder.reminded })
                : reminder === "failed"
                  ? at(locale, "receipts.remindFailed")
                  : null}
            </p>
            <button
              type="button"
              data-testid="receipts-remind"
              disabled={reminder === "sending" || receipts.total === receipts.acknowledged}
              onClick={() => {
                setReminder("sending");
                apiBody<{ reminded: number }>(`${path}/remind`, { method: "POST" }).then(setReminder, () => setReminder("failed"));
              }}
              className="inline-flex h-9 items-center rounded-lg bg-accent-solid px-3 text-sm font-medium text-accent-fg hover:bg-accent-solid-hover disabled:opacity-60"
            >
              {at(locale, "receipts.remind")}
            </button>
            <a
              href={`${path}/export`}
              data-testid="receipts-export"
              className="inline-flex h-9 items-center rounded-lg border border-line-strong bg-surface px-3 text-sm font-medium hover:bg-surface-hover"
            >
              {at(locale, "receipts.export")}
            </a>
          </div>
        </div>
        {receipts.pending.length === 0 ? (
          <p className="mt-3 text-sm text-fg-muted">{at(locale, "receipts.pendingNone")}</p>
        ) : (
          <>
            <ul
              data-testid="receipts-pending"
              className="mt-3 grid grid-cols-1 gap-x-4 rounded-xl border border-line bg-surface p-2 sm:grid-cols-2 lg:grid-cols-3"
            >
              {receipts.pending.map((person) => (
                <li
                  key={person.id}
                  data-testid="receipts-pending-person"
                  data-id={person.id}
                  className="flex justify-between gap-2 px-2 py-1.5 text-sm"
                >
                  <span className="truncate">{person.name}</span>
                  <span className="font-mono text-xs text-fg-subtle">
                    {person.id} · {person.departmentId}
                  </span>
                </li>
              ))}
            </ul>
            {receipts.total - receipts.acknowledged > receipts.pending.length ? (
              <p className="mt-2 text-xs text-fg-muted">{at(locale, "receipts.pendingMore", { count: receipts.pending.length })}</p>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}

function share(part: number, total: number): number {
  return total === 0 ? 0 : Math.round((part / total) * 1000) / 10;
}
