"use client";

import { useState } from "react";
import { type CursorPage, fetchAdminPage } from "@/lib/client/admin-api";

/**
 * A list that starts from the page the server rendered and loads older pages by cursor
 * (`pageUrl(cursor)` answers a CursorPage). A different `resetKey` (new filters, a navigation)
 * brings a new first page: the list starts over from it.
 */
export function useCursorPages<T>(initial: CursorPage<T>, pageUrl: (cursor: string) => string, resetKey = "") {
  const [items, setItems] = useState(initial.items);
  const [nextCursor, setNextCursor] = useState(initial.nextCursor);
  const [more, setMore] = useState<"idle" | "loading" | "error">("idle");
  const [shownKey, setShownKey] = useState(resetKey);
  if (shownKey !== resetKey) {
    setShownKey(resetKey);
    setItems(initial.items);
    setNextCursor(initial.nextCursor);
    setMore("idle");
  }

  async function loadMore() {
    if (!nextCursor) return;
    setMore("loading");
    try {
      const page = await fetchAdminPage<T>(pageUrl(nextCursor));
      setItems((current) => [...current, ...page.items]);
      setNextCursor(page.nextCursor);
      setMore("idle");
    } catch {
      setMore("error");
    }
  }

  return { items, nextCursor, more, loadMore };
}
