import { dateTimeFormat, numberFormat } from "@/lib/i18n/intl-format";
import type { Locale } from "@/lib/i18n/locale";
import { departmentName } from "@/lib/i18n/messages";

// How the admin pages write instants, durations and counts: the company's time zone (Seoul, as the
// rest of the app) to the millisecond, so server- and client-rendered rows read the same.

export const ADMIN_TIME_ZONE = "Asia/Seoul";

/** 2026. 11. 25. 13:05:09.123 — or, `withYear` false (a table's columns), 11. 25. 13:05:09.123. */
export function formatInstant(iso: string | null, locale: Locale, withYear = true): string {
  if (!iso) return "—";
  return dateTimeFormat(locale, {
    year: withYear ? "numeric" : undefined,
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    fractionalSecondDigits: 3,
    hourCycle: "h23",
    timeZone: ADMIN_TIME_ZONE,
  }).format(new Date(iso));
}

/** 13:05 (a chart's time axis), or 13:05:09. */
export function formatClock(iso: string, locale: Locale, withSeconds = false): string {
  return dateTimeFormat(locale, {
    hour: "2-digit",
    minute: "2-digit",
    second: withSeconds ? "2-digit" : undefined,
    hourCycle: "h23",
    timeZone: ADMIN_TIME_ZONE,
  }).format(new Date(iso));
}

/** 45 ms, 1.2 s, 3.5 min, 2.1 h, 3 days: the largest unit that keeps the number readable. */
export function formatDuration(ms: number | null, locale: Locale): string {
  if (ms === null) return "—";
  const units: [Intl.NumberFormatOptions["unit"], number][] = [
    ["day", 86_400_000],
    ["hour", 3_600_000],
    ["minute", 60_000],
    ["second", 1000],
  ];
  const [unit, size] = units.find(([, size]) => Math.abs(ms) >= size) ?? ["millisecond", 1];
  const value = ms / size;
  return numberFormat(locale, {
    style: "unit",
    unit,
    unitDisplay: "short",
    maximumFractionDigits: unit === "millisecond" || value >= 100 ? 0 : 1,
  }).format(value);
}

export function formatNumber(value: number, locale: Locale, fractionDigits = 0): string {
  return numberFormat(locale, { maximumFractionDigits: fractionDigits }).format(value);
}

/** "groupware/approval" → "approval": the service a source names. */
export function serviceOf(source: string): string {
  return source.split("/").pop() ?? source;
}

/** A department as the admin pages name it: a demo department in the reader's language, any other by the directory's name. */
export function departmentLabel(locale: Locale, department: { id: string; name: string }): string {
  const translated = departmentName(locale, department.id);
  return translated === department.id ? department.name : translated;
}
