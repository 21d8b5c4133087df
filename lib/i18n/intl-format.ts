import { intlLocale, type Locale } from "./locale";

// Intl formatters cost far more to build than to use (building one was two thirds of the live
// stream's rendering, 2026-12-02), and their ICU memory lies outside the heap, where the garbage
// collector does not see it pile up. So each language and set of options gets one, made once.

const made = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();

function once<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let format = made.get(key) as T | undefined;
  if (!format) {
    format = make();
    made.set(key, format);
  }
  return format;
}

export function dateTimeFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return once(`date|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(intlLocale(locale), options));
}

export function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return once(`number|${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(intlLocale(locale), options));
}

export function relativeTimeFormat(locale: Locale, options: Intl.RelativeTimeFormatOptions): Intl.RelativeTimeFormat {
  return once(`relative|${locale}|${JSON.stringify(options)}`, () => new Intl.RelativeTimeFormat(intlLocale(locale), options));
}
