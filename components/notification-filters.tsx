"use client";

import { useId } from "react";
import type { ListFilter, ListView, ReadFilter } from "@/lib/client/notifications-api";
import type { Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import { SERVICES } from "./service-icon";

const READ_FILTERS: { value: ReadFilter; label: "filter.all" | "filter.unread" | "filter.todo" }[] = [
  { value: "all", label: "filter.all" },
  { value: "unread", label: "filter.unread" },
  { value: "todo", label: "filter.todo" },
];

const VIEWS: { value: ListView; label: "filter.viewList" | "filter.viewThreads" }[] = [
  { value: "list", label: "filter.viewList" },
  { value: "threads", label: "filter.viewThreads" },
];

const SEGMENT =
  "relative inline-flex min-h-7 items-center rounded-md px-2.5 text-xs font-medium whitespace-nowrap text-fg-muted transition-colors select-none hover:text-fg has-checked:bg-surface has-checked:text-fg has-checked:shadow-sm has-focus-visible:outline-2 has-focus-visible:outline-accent";
const SEGMENT_INPUT = "absolute inset-0 cursor-pointer appearance-none rounded-md opacity-0";

/** "groupware/approval" for the service "approval": the source the services publish as. */
export function sourceOfService(service: string): string {
  return `groupware/${service}`;
}

/** All, unread or to do; a row per notification or per thread; one service or all: the bell's and the history page's filters. */
export function NotificationFilters({
  filter,
  onChange,
  locale,
}: {
  filter: ListFilter;
  onChange: (filter: ListFilter) => void;
  locale: Locale;
}) {
  const id = useId();
  return (
    <fieldset aria-label={t(locale, "filter.label")} className="flex min-w-0 flex-wrap items-center gap-2">
      <fieldset className="inline-flex rounded-lg bg-surface-muted p-0.5">
        <legend className="sr-only">{t(locale, "filter.read")}</legend>
        {READ_FILTERS.map(({ value, label }) => (
          <label key={value} className={SEGMENT}>
            <input
              type="radio"
              name={`${id}-read`}
              value={value}
              checked={filter.read === value}
              onChange={() => onChange({ ...filter, read: value })}
              data-testid={`filter-${value}`}
              className={SEGMENT_INPUT}
            />
            {t(locale, label)}
          </label>
        ))}
      </fieldset>
      <fieldset className="inline-flex rounded-lg bg-surface-muted p-0.5">
        <legend className="sr-only">{t(locale, "filter.view")}</legend>
        {VIEWS.map(({ value, label }) => (
          <label key={value} className={SEGMENT}>
            <input
              type="radio"
              name={`${id}-view`}
              value={value}
              checked={(filter.view ?? "list") === value}
              onChange={() => onChange({ ...filter, view: value, thread: null })}
              data-testid={`view-${value}`}
              className={SEGMENT_INPUT}
            />
            {t(locale, label)}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${id}-source`} className="sr-only">
        {t(locale, "filter.source")}
      </label>
      <select
        id={`${id}-source`}
        data-testid="filter-source"
        value={filter.source ?? ""}
        onChange={(event) => onChange({ ...filter, source: event.target.value || null })}
        className="h-7 rounded-lg border border-line-strong bg-surface px-2 text-xs font-medium text-fg hover:border-fg-subtle"
      >
        <option value="">{t(locale, "filter.allSources")}</option>
        {SERVICES.map((service) => (
          <option key={service} value={sourceOfService(service)}>
            {t(locale, `service.${service}`)}
          </option>
        ))}
      </select>
    </fieldset>
  );
}
