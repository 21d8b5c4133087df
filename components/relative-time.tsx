"use client";

import { useSyncExternalStore } from "react";
import { dateTimeFormat, relativeTimeFormat } from "@/lib/i18n/intl-format";
import type { Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";

// "방금 전", "3분 전", "어제" / "just now", "3 min. ago", "yesterday"; older than a week, the date.
// All instances share one clock that ticks while any is mounted, so twenty rows cost one timer.

const TICK_MS = 30_000;

export function RelativeTime({ iso, locale }: { iso: string; locale: Locale }) {
  const now = useSyncExternalStore(subscribe, currentNow, currentNow);
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const full = dateTimeFormat(locale, { dateStyle: "long", timeStyle: "short" }).format(date);
  return (
    <time dateTime={iso} title={full}>
      {formatRelativeTime(date, now, locale)}
    </time>
  );
}

export function formatRelativeTime(date: Date, now: number, locale: Locale): string {
  const seconds = (now - date.getTime()) / 1000;
  if (seconds < 45) return t(locale, "time.justNow");
  const relative = relativeTimeFormat(locale, { numeric: "auto", style: "short" });
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return relative.format(-minutes, "minute");
  const hours = Math.round(minutes / 60);
  if (hours < 24) return relative.format(-hours, "hour");
  const days = Math.round(hours / 24);
  if (days < 7) return relative.format(-days, "day");
  const sameYear = date.getFullYear() === new Date(now).getFullYear();
  return dateTimeFormat(locale, {
    month: "short",
    day: "numeric",
    ...(sameYear ? {} : { year: "numeric" }),
  }).format(date);
}

let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

function currentNow(): number {
  return now;
}
