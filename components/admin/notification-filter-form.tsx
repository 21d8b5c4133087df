"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState } from "react";
import { at } from "@/lib/i18n/admin-messages";
import type { Locale } from "@/lib/i18n/locale";
import { FilterActions } from "./list-controls";

export interface FilterValues {
  recipientId: string;
  departmentId: string;
  source: string;
  type: string;
  status: string;
  from: string;
  to: string;
  eventId: string;
}

type Option = { value: string; label: string };

const FIELD = "mt-1 block h-9 w-full rounded-lg border border-line-strong bg-surface px-2.5 text-sm text-fg hover:border-fg-subtle";

/**
 * The admin list's filters. They live in the URL: applying them navigates to
 * /admin/notifications?… (only the fields that are set), so a view can be reloaded, shared and
 * gone back to. Without JavaScript it is a plain GET form to the same URL.
 */
export function NotificationFilterForm({
  values,
  departments,
  sources,
  types,
  locale,
}: {
  values: FilterValues;
  departments: Option[];
  sources: Option[];
  types: string[];
  locale: Locale;
}) {
  const router = useRouter();
  const id = useId();
  // The fields follow the URL (back, forward, a link) and otherwise what the admin types.
  const [draft, setDraft] = useState(values);
  const [shown, setShown] = useState(values);
  if (!sameValues(shown, values)) {
    setShown(values);
    setDraft(values);
  }
  const set = (name: keyof FilterValues, value: string) => setDraft((current) => ({ ...current, [name]: value }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) {
      if (typeof value === "string" && value.trim()) params.set(name, value.trim());
    }
    const query = params.toString();
    router.push(`/admin/notifications${query ? `?${query}` : ""}`);
  }

  const select = (name: keyof FilterValues, label: string, options: Option[]) => (
    <div>
      <label htmlFor={`${id}-${name}`} className="block text-xs font-medium text-fg-muted">
        {label}
      </label>
      <select id={`${id}-${name}`} name={name} value={draft[name]} onChange={(event) => set(name, event.target.value)} className={FIELD}>
        <option value="">{at(locale, "list.any")}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
  const input = (name: keyof FilterValues, label: string, type: "text" | "date" = "text") => (
    <div>
      <label htmlFor={`${id}-${name}`} className="block text-xs font-medium text-fg-muted">
        {label}
      </label>
      <input
        id={`${id}-${name}`}
        name={name}
        type={type}
        value={draft[name]}
        onChange={(event) => set(name, event.target.value)}
        spellCheck={false}
        autoComplete="off"
        className={FIELD}
      />
    </div>
  );

  return (
    <form
      method="get"
      action="/admin/notifications"
      onSubmit={submit}
      aria-label={at(locale, "list.filters")}
      data-testid="admin-filters"
      className="mt-6 rounded-xl border border-line bg-surface p-4"
    >
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {input("recipientId", at(locale, "list.recipient"))}
        {select("departmentId", at(locale, "list.department"), departments)}
        {select("source", at(locale, "list.source"), sources)}
        {select(
          "type",
          at(locale, "list.type"),
          types.map((type) => ({ value: type, label: type })),
        )}
        {select("status", at(locale, "list.status"), [
          { value: "unread", label: at(locale, "list.unread") },
          { value: "read", label: at(locale, "list.read") },
        ])}
        {input("from", at(locale, "list.from"), "date")}
        {input("to", at(locale, "list.to"), "date")}
        {input("eventId", at(locale, "list.eventId"))}
      </div>
      <FilterActions locale={locale} submitKey="list.apply" resetHref="/admin/notifications" />
    </form>
  );
}

function sameValues(a: FilterValues, b: FilterValues): boolean {
  return (Object.keys(a) as (keyof FilterValues)[]).every((name) => a[name] === b[name]);
}
