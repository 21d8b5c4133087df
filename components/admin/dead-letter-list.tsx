"use client";

import type { DeadLetterItem } from "@/lib/admin/list-dead-letters";
import { at } from "@/lib/i18n/admin-messages";
import type { Locale } from "@/lib/i18n/locale";
import { DeadLetterCard } from "./dead-letter-card";
import { useCursorPages } from "./use-cursor-pages";

/** The dead letters, newest first: the server's first page, then older ones by cursor. */
export function DeadLetterList({
  initial,
  adminId,
  locale,
}: {
  initial: { items: DeadLetterItem[]; nextCursor: string | null };
  adminId: string;
  locale: Locale;
}) {
  const { items, nextCursor, more, loadMore } = useCursorPages<DeadLetterItem>(
    initial,
    (cursor) => `/api/admin/dead-letters?cursor=${encodeURIComponent(cursor)}`,
  );

  if (items.length === 0) {
    return (
      <p
        data-testid="dead-letters-empty"
        className="mt-6 rounded-xl border border-line bg-surface px-4 py-10 text-center text-sm text-fg-muted"
      >
        {at(locale, "dlq.empty")}
      </p>
    );
  }
  return (
    <>
      <ul aria-label={at(locale, "dlq.listLabel")} className="mt-6 space-y-3">
        {items.map((letter) => (
          <DeadLetterCard key={letter.id} letter={letter} adminId={adminId} locale={locale} />
        ))}
      </ul>
      <div className="mt-4 flex flex-col items-center gap-2 text-sm">
        {more === "error" ? <p className="text-danger-fg">{at(locale, "dlq.loadMoreFailed")}</p> : null}
        {nextCursor ? (
          <button
            type="button"
            onClick={loadMore}
            disabled={more === "loading"}
            aria-busy={more === "loading"}
            className="inline-flex h-9 items-center rounded-lg border border-line-strong bg-surface px-4 font-medium transition-colors hover:bg-surface-hover disabled:cursor-wait disabled:opacity-70"
          >
            {at(locale, more === "loading" ? "dlq.loadingMore" : "dlq.loadMore")}
          </button>
        ) : (
          <p className="text-fg-subtle">{at(locale, "dlq.end")}</p>
        )}
      </div>
    </>
  );
}
