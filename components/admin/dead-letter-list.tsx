"use client";

import { useState } from "react";
import type { DeadLetterItem } from "@/lib/admin/list-dead-letters";
import { at } from "@/lib/i18n/admin-messages";
import type { Locale } from "@/lib/i18n/messages";
import { DeadLetterCard } from "./dead-letter-card";

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
  const [items, setItems] = useState(initial.items);
  const [nextCursor, setNextCursor] = useState(initial.nextCursor);
  const [more, setMore] = useState<"idle" | "loading" | "error">("idle");

  async function loadMore() {
    if (!nextCursor) return;
    setMore("loading");
    try {
      const response = await fetch(`/api/admin/dead-letters?cursor=${encodeURIComponent(nextCursor)}`, { cache: "no-store" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const page = (await response.json()) as { items: DeadLetterItem[]; nextCursor: string | null };
      setItems((current) => [...current, ...page.items]);
      setNextCursor(page.nextCursor);
      setMore("idle");
    } catch {
      setMore("error");
    }
  }

  if (items.length === 0) {
    return (
      <p data-testid="dead-letters-empty" className="mt-6 rounded-xl border border-line bg-surface px-4 py-10 text-center text-sm text-fg-muted">
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
