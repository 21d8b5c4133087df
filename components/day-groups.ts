import { intlLocale, type Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";

// The history page's sections: today, yesterday, then dates, in the reader's own time zone.

export interface DayGroup<T> {
  /** `2026-11-24`, stable across languages (a React key and a test hook). */
  key: string;
  label: string;
  items: T[];
}

/** Consecutive items of one calendar day form a group; items are newest first. */
export function groupByDay<T extends { createdAt: string }>(items: T[], now: Date, locale: Locale, timeZone?: string): DayGroup<T>[] {
  const dayKey = dayKeyFormat(timeZone);
  const today = dayKey.format(now);
  const yesterday = dayKey.format(new Date(now.getTime() - 86_400_000));
  const groups: DayGroup<T>[] = [];
  for (const item of items) {
    const date = new Date(item.createdAt);
    const key = dayKey.format(date);
    const last = groups.at(-1);
    if (last?.key === key) {
      last.items.push(item);
      continue;
    }
    const label =
      key === today
        ? t(locale, "history.today")
        : key === yesterday
          ? t(locale, "history.yesterday")
          : dateLabel(date, now, locale, timeZone);
    groups.push({ key, label, items: [item] });
  }
  return groups;
}

// en-CA formats as YYYY-MM-DD.
function dayKeyFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone });
}

function dateLabel(date: Date, now: Date, locale: Locale, timeZone: string | undefined): string {
  const year = new Intl.DateTimeFormat("en", { year: "numeric", timeZone });
  const sameYear = year.format(date) === year.format(now);
  return new Intl.DateTimeFormat(intlLocale(locale), {
    weekday: "long",
    month: "long",
    day: "numeric",
    ...(sameYear ? {} : { year: "numeric" }),
    timeZone,
  }).format(date);
}
