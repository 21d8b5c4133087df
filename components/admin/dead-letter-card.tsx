"use client";

import { useId, useState } from "react";
import type { DeadLetterItem } from "@/lib/admin/list-dead-letters";
import { replayDeadLetter } from "@/lib/client/admin-api";
import { ApiError } from "@/lib/client/api-request";
import { at } from "@/lib/i18n/admin-messages";
import type { Locale } from "@/lib/i18n/locale";
import { formatInstant, formatNumber } from "./format-admin";

/**
 * One dead letter: why the worker refused it, where it came from, the start of its payload, and
 * replay to its topic — as it was, or corrected in an editor prefilled with the payload.
 */
export function DeadLetterCard({ letter, adminId, locale }: { letter: DeadLetterItem; adminId: string; locale: Locale }) {
  const ids = { editor: useId(), hint: useId(), outcome: useId() };
  const [replayed, setReplayed] = useState<{ at: string; by: string | null } | null>(
    letter.replayedAt ? { at: letter.replayedAt, by: letter.replayedBy } : null,
  );
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(letter.preview);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const shownBytes = new TextEncoder().encode(letter.preview).length;
  const cut = letter.truncated || shownBytes < letter.payloadSize;

  async function replay(payload?: string) {
    setPending(true);
    setError(null);
    try {
      const { replayedAt } = await replayDeadLetter(letter.id, payload);
      setReplayed({ at: replayedAt, by: adminId });
      setEditing(false);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      // 409: the stored bytes were cut at the size limit; only a corrected payload can go back.
      if (failure instanceof ApiError && failure.status === 409) setEditing(true);
    } finally {
      setPending(false);
    }
  }

  const button =
    "inline-flex h-9 items-center rounded-lg border border-line-strong bg-surface px-3 text-sm font-medium transition-colors hover:bg-surface-hover disabled:opacity-60";

  return (
    <li
      data-testid="dead-letter"
      data-dead-letter-id={letter.id}
      data-replayed={replayed ? "true" : "false"}
      className="rounded-xl border border-line bg-surface p-4"
    >
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="text-xs font-medium text-fg-muted sm:pt-0.5">{at(locale, "dlq.reason")}</dt>
        <dd data-testid="dead-letter-reason" className="font-medium break-words text-danger-fg">
          {letter.reason}
        </dd>
        <dt className="text-xs font-medium text-fg-muted sm:pt-0.5">{at(locale, "dlq.origin")}</dt>
        <dd className="break-words">
          <span className="font-mono text-xs">{letter.topic}</span>{" "}
          <span className="text-fg-muted">{at(locale, "dlq.partitionOffset", { partition: letter.partition, offset: letter.offset })}</span>
        </dd>
        {letter.key !== null ? (
          <>
            <dt className="text-xs font-medium text-fg-muted sm:pt-0.5">{at(locale, "dlq.key")}</dt>
            <dd className="font-mono text-xs break-all">{letter.key}</dd>
          </>
        ) : null}
        <dt className="text-xs font-medium text-fg-muted sm:pt-0.5">{at(locale, "dlq.failedAt")}</dt>
        <dd className="tabular-nums">{formatInstant(letter.failedAt, locale)}</dd>
        <dt className="text-xs font-medium text-fg-muted sm:pt-0.5">{at(locale, "dlq.size")}</dt>
        <dd className="tabular-nums">{at(locale, "dlq.bytes", { count: formatNumber(letter.payloadSize, locale) })}</dd>
      </dl>

      <div className="mt-3">
        <p className="text-xs font-medium text-fg-muted">
          {at(locale, "dlq.payload")}
          {cut ? <span className="font-normal"> · {at(locale, "dlq.previewCut", { shown: formatNumber(shownBytes, locale) })}</span> : null}
        </p>
        {/* Text, never HTML: whatever bytes were sent, React escapes them. */}
        <pre
          data-testid="dead-letter-preview"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable block must be reachable by keyboard (axe: scrollable-region-focusable)
          tabIndex={0}
          className="mt-1 max-h-48 overflow-auto rounded-lg border border-line bg-surface-muted p-3 font-mono text-xs leading-relaxed break-all whitespace-pre-wrap"
        >
          {letter.preview || " "}
        </pre>
        {letter.truncated ? <p className="mt-1 text-xs text-fg-muted">{at(locale, "dlq.truncated")}</p> : null}
      </div>

      {editing ? (
        <form
          className="mt-3"
          onSubmit={(event) => {
            event.preventDefault();
            void replay(draft);
          }}
        >
          <label htmlFor={ids.editor} className="block text-sm font-medium">
            {at(locale, "dlq.editLabel")}
          </label>
          <p id={ids.hint} className="mt-0.5 text-xs text-fg-muted">
            {at(locale, "dlq.editHint", { topic: letter.topic })}
            {cut ? ` ${at(locale, "dlq.editCut", { shown: formatNumber(shownBytes, locale) })}` : ""}
          </p>
          <textarea
            id={ids.editor}
            data-testid="dead-letter-editor"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            aria-describedby={error ? `${ids.hint} ${ids.outcome}` : ids.hint}
            aria-invalid={error ? true : undefined}
            rows={10}
            spellCheck={false}
            className="mt-1.5 block w-full rounded-lg border border-line-strong bg-surface p-3 font-mono text-xs leading-relaxed hover:border-fg-subtle focus-visible:border-accent focus-visible:outline-offset-0 aria-invalid:border-danger"
          />
          <div className="mt-2 flex flex-wrap gap-2">
            <button
              type="submit"
              disabled={pending}
              className="inline-flex h-9 items-center rounded-lg bg-accent-solid px-3 text-sm font-medium text-accent-fg transition-colors hover:bg-accent-solid-hover disabled:opacity-60"
            >
              {at(locale, pending ? "dlq.replaying" : "dlq.sendEdited")}
            </button>
            <button type="button" onClick={() => setEditing(false)} className={button}>
              {at(locale, "dlq.cancel")}
            </button>
          </div>
        </form>
      ) : (
        <div className="mt-3 flex flex-wrap gap-2">
          <button type="button" onClick={() => void replay()} disabled={pending || letter.truncated} className={button}>
            {at(locale, pending ? "dlq.replaying" : "dlq.replay")}
          </button>
          <button type="button" onClick={() => setEditing(true)} disabled={pending} className={button}>
            {at(locale, "dlq.edit")}
          </button>
        </div>
      )}

      <div id={ids.outcome} role="status" className="mt-2 text-sm">
        {error ? (
          <p data-testid="dead-letter-error" className="text-danger-fg break-words">
            {at(locale, "dlq.replayFailed", { reason: error })}
          </p>
        ) : replayed ? (
          <p data-testid="dead-letter-replayed" className="inline-flex items-center gap-2 text-fg-muted">
            <span aria-hidden="true" className="size-2 rounded-full bg-success" />
            {at(locale, "dlq.replayed", { time: formatInstant(replayed.at, locale), by: replayed.by ?? "—" })}
          </p>
        ) : null}
      </div>
    </li>
  );
}
