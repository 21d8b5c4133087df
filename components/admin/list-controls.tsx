import { type AdminMessageKey, at } from "@/lib/i18n/admin-messages";
import type { Locale } from "@/lib/i18n/locale";

// The controls the admin lists share: the footer that loads older pages (useCursorPages), and the
// filter form's apply and reset buttons.

export function LoadMoreFooter({
  locale,
  nextCursor,
  more,
  loadMore,
  testIds,
  endKey,
}: {
  locale: Locale;
  nextCursor: string | null;
  more: "idle" | "loading" | "error";
  loadMore: () => void;
  /** The button's test id, and the end's (once the list is complete). */
  testIds: { loadMore: string; end: string };
  /** What the end of the list says. */
  endKey: AdminMessageKey;
}) {
  return (
    <div className="mt-4 flex flex-col items-center gap-2 text-sm">
      {more === "error" ? <p className="text-danger-fg">{at(locale, "list.loadMoreFailed")}</p> : null}
      {nextCursor ? (
        <button
          type="button"
          data-testid={testIds.loadMore}
          onClick={loadMore}
          disabled={more === "loading"}
          aria-busy={more === "loading"}
          className="inline-flex h-9 items-center rounded-lg border border-line-strong bg-surface px-4 font-medium transition-colors hover:bg-surface-hover disabled:cursor-wait disabled:opacity-70"
        >
          {at(locale, more === "loading" ? "list.loadingMore" : "list.loadMore")}
        </button>
      ) : (
        <p data-testid={testIds.end} className="text-fg-subtle">
          {at(locale, endKey)}
        </p>
      )}
    </div>
  );
}

export function FilterActions({ locale, submitKey, resetHref }: { locale: Locale; submitKey: AdminMessageKey; resetHref: string }) {
  return (
    <div className="mt-4 flex flex-wrap items-center gap-2">
      <button
        type="submit"
        className="inline-flex h-9 items-center rounded-lg bg-accent-solid px-4 text-sm font-medium text-accent-fg transition-colors hover:bg-accent-solid-hover"
      >
        {at(locale, submitKey)}
      </button>
      <a
        href={resetHref}
        className="inline-flex h-9 items-center rounded-lg border border-line-strong bg-surface px-3 text-sm font-medium transition-colors hover:bg-surface-hover"
      >
        {at(locale, "list.reset")}
      </a>
      <p className="text-xs text-fg-subtle">{at(locale, "list.timeZoneHint")}</p>
    </div>
  );
}
