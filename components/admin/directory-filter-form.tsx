"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState } from "react";
import { at } from "@/lib/i18n/admin-messages";
import type { Locale } from "@/lib/i18n/locale";
import { FilterActions } from "./list-controls";

export interface DirectoryFilterValues {
  query: string;
  departmentId: string;
  active: string;
}

const FIELD = "mt-1 block h-9 w-full rounded-lg border border-line-strong bg-surface px-2.5 text-sm text-fg hover:border-fg-subtle";

/**
 * The directory's search. Like the notification filters it lives in the URL: searching navigates
 * to /admin/directory?… (only the fields that are set). Without JavaScript it is a plain GET form.
 */
export function DirectoryFilterForm({
  values,
  departments,
  locale,
}: {
  values: DirectoryFilterValues;
  departments: { value: string; label: string }[];
  locale: Locale;
}) {
  const router = useRouter();
  const id = useId();
  // The fields follow the URL (back, forward, a link) and otherwise what the admin types.
  const [draft, setDraft] = useState(values);
  const [shown, setShown] = useState(values);
  if (shown.query !== values.query || shown.departmentId !== values.departmentId || shown.active !== values.active) {
    setShown(values);
    setDraft(values);
  }
  const set = (name: keyof DirectoryFilterValues, value: string) => setDraft((current) => ({ ...current, [name]: value }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) {
      if (typeof value === "string" && value.trim()) params.set(name, value.trim());
    }
    const query = params.toString();
    router.push(`/admin/directory${query ? `?${query}` : ""}`);
  }

  const label = (name: keyof DirectoryFilterValues, text: string) => (
    <label htmlFor={`${id}-${name}`} className="block text-xs font-medium text-fg-muted">
      {text}
    </label>
  );

  return (
    <form
      method="get"
      action="/admin/directory"
      onSubmit={submit}
      aria-label={at(locale, "directory.search")}
      data-testid="directory-filters"
      className="mt-6 rounded-xl border border-line bg-surface p-4"
    >
      <div className="grid grid-cols-1 gap-3 min-[480px]:grid-cols-2 md:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)]">
        <div className="min-[480px]:col-span-2 md:col-span-1">
          {label("query", at(locale, "directory.query"))}
          <input
            id={`${id}-query`}
            name="query"
            type="search"
            enterKeyHint="search"
            value={draft.query}
            onChange={(event) => set("query", event.target.value)}
            maxLength={100}
            spellCheck={false}
            autoComplete="off"
            className={FIELD}
          />
        </div>
        <div>
          {label("departmentId", at(locale, "directory.department"))}
          <select
            id={`${id}-departmentId`}
            name="departmentId"
            value={draft.departmentId}
            onChange={(event) => set("departmentId", event.target.value)}
            className={FIELD}
          >
            <option value="">{at(locale, "directory.anyDepartment")}</option>
            {departments.map((department) => (
              <option key={department.value} value={department.value}>
                {department.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          {label("active", at(locale, "directory.status"))}
          <select
            id={`${id}-active`}
            name="active"
            value={draft.active}
            onChange={(event) => set("active", event.target.value)}
            className={FIELD}
          >
            <option value="">{at(locale, "directory.anyStatus")}</option>
            <option value="true">{at(locale, "directory.active")}</option>
            <option value="false">{at(locale, "directory.inactive")}</option>
          </select>
        </div>
      </div>
      <FilterActions locale={locale} submitKey="directory.submit" resetHref="/admin/directory" />
    </form>
  );
}
