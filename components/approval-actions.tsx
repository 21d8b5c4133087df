"use client";

import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { type Decision, MAX_COMMENT_LENGTH } from "@/lib/client/notifications-api";
import type { Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";
import type { NotificationItem } from "./notification-types";
import { useNotificationsContext } from "./notifications-provider";
import { statusLabel } from "./status-label";

type Phase =
  | { kind: "idle" }
  /** The reject comment is open. */
  | { kind: "composing" }
  | { kind: "sending"; decision: Decision }
  | { kind: "error"; message: string; conflict: boolean };

/**
 * Approve and reject on a pending approval request, from the list itself (PRODUCT.md §11). A
 * decision is sent once: the buttons disable on the first click. Then "submitted" shows until the
 * approval service's answer turns the row settled; a 409 shows the server's message (someone else
 * decided first) and a 503 asks to try again. The result is announced, and focus stays in the row.
 */
export function ApprovalActions({ item, locale }: { item: NotificationItem; locale: Locale }) {
  const { decide } = useNotificationsContext();
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [comment, setComment] = useState("");
  /** Decided from this row: its outcome is announced here when the approval service answers. */
  const [decidedHere, setDecidedHere] = useState(false);
  const sending = useRef(false);
  const resultRef = useRef<HTMLParagraphElement>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const rejectRef = useRef<HTMLButtonElement>(null);
  const focusResult = useRef(false);
  const id = useId();
  const action = item.action;
  const pending = item.status === "active" && action?.status === "pending";
  const submitted = item.status === "active" && action?.status === "submitted";

  useEffect(() => {
    if (phase.kind === "composing") commentRef.current?.focus();
  }, [phase.kind]);

  // The buttons the person used are gone: keep focus in the row, on what happened.
  useEffect(() => {
    if (!focusResult.current) return;
    focusResult.current = false;
    resultRef.current?.focus();
  });
  // The outcome may arrive just after: the row re-renders settled, and focus, left on nothing by
  // that, comes back to what happened.
  const settled = item.status !== "active";
  useEffect(() => {
    if (!settled || !decidedHere) return;
    const active = document.activeElement;
    if (!active || active === document.body) resultRef.current?.focus();
  }, [settled, decidedHere]);

  if (!action || (!pending && !submitted && phase.kind !== "error" && !decidedHere)) return null;

  const send = async (decision: Decision) => {
    // A second click before the first re-render is dropped here; the disabled button stops the rest.
    if (sending.current) return;
    sending.current = true;
    setPhase({ kind: "sending", decision });
    const result = await decide(item, decision, decision === "reject" ? comment : undefined);
    sending.current = false;
    focusResult.current = true;
    if (result.kind === "submitted") {
      setDecidedHere(true);
      setPhase({ kind: "idle" });
    } else if (result.kind === "conflict") setPhase({ kind: "error", message: result.message, conflict: true });
    else
      setPhase({
        kind: "error",
        message: result.kind === "unavailable" ? t(locale, "action.unavailable") : result.message,
        conflict: false,
      });
  };

  const cancelCompose = () => {
    setPhase({ kind: "idle" });
    requestAnimationFrame(() => rejectRef.current?.focus());
  };
  const onCommentKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== "Escape") return;
    // Escape closes the comment, not the whole dropdown (the bell's listener skips a handled key).
    event.preventDefault();
    cancelCompose();
  };

  const busy = phase.kind === "sending";
  const conflict = phase.kind === "error" && phase.conflict;
  const showButtons = pending && !conflict && phase.kind !== "composing";
  const message =
    phase.kind === "error"
      ? phase.message
      : submitted
        ? t(locale, "action.submitted")
        : busy
          ? t(locale, "action.sending")
          : decidedHere && !pending
            ? (statusLabel(item, locale) ?? "")
            : "";

  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of related buttons (a fieldset is for form inputs)
    <div
      role="group"
      aria-label={t(locale, "action.group", { title: item.title })}
      data-testid="approval-actions"
      className="relative z-10 mt-2 flex flex-col"
    >
      {showButtons ? (
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            data-testid="action-approve"
            disabled={busy}
            aria-label={t(locale, "action.approveLabel", { title: item.title })}
            onClick={() => void send("approve")}
            className="inline-flex h-8 items-center rounded-lg bg-accent-solid px-3 text-xs font-semibold text-accent-fg transition-colors hover:bg-accent-solid-hover disabled:cursor-wait disabled:opacity-60"
          >
            {busy && phase.decision === "approve" ? t(locale, "action.sending") : t(locale, "action.approve")}
          </button>
          <button
            ref={rejectRef}
            type="button"
            data-testid="action-reject"
            disabled={busy}
            aria-label={t(locale, "action.rejectLabel", { title: item.title })}
            onClick={() => setPhase({ kind: "composing" })}
            className="inline-flex h-8 items-center rounded-lg border border-line-strong bg-surface px-3 text-xs font-semibold text-fg transition-colors hover:bg-surface-hover disabled:cursor-wait disabled:opacity-60"
          >
            {busy && phase.decision === "reject" ? t(locale, "action.sending") : t(locale, "action.reject")}
          </button>
        </div>
      ) : null}

      {phase.kind === "composing" && pending ? (
        <div className="flex flex-col gap-1.5">
          <label htmlFor={`${id}-comment`} className="text-xs font-medium text-fg-muted">
            {t(locale, "action.comment")}
          </label>
          <textarea
            ref={commentRef}
            id={`${id}-comment`}
            data-testid="action-comment"
            value={comment}
            maxLength={MAX_COMMENT_LENGTH}
            rows={2}
            aria-describedby={`${id}-count`}
            onChange={(event) => setComment(event.target.value.slice(0, MAX_COMMENT_LENGTH))}
            onKeyDown={onCommentKey}
            className="w-full resize-y rounded-lg border border-line-strong bg-surface px-2.5 py-1.5 text-sm text-fg placeholder:text-fg-subtle focus:border-accent focus:outline-2 focus:outline-accent"
          />
          <div className="flex flex-wrap items-center justify-between gap-2">
            <span id={`${id}-count`} className="text-xs text-fg-subtle tabular-nums">
              {t(locale, "action.commentCount", { count: comment.length, max: MAX_COMMENT_LENGTH })}
            </span>
            <span className="flex gap-2">
              <button
                type="button"
                onClick={cancelCompose}
                className="inline-flex h-8 items-center rounded-lg px-3 text-xs font-medium text-fg-muted hover:bg-surface-hover hover:text-fg"
              >
                {t(locale, "action.cancel")}
              </button>
              <button
                type="button"
                data-testid="action-send-reject"
                onClick={() => void send("reject")}
                aria-label={`${t(locale, "action.sendReject")}: ${item.title}`}
                className="inline-flex h-8 items-center rounded-lg bg-danger px-3 text-xs font-semibold text-white transition-colors hover:opacity-90"
              >
                {t(locale, "action.sendReject")}
              </button>
            </span>
          </div>
        </div>
      ) : null}

      {/* Always there, so that screen readers hear what it says next. */}
      <p
        ref={resultRef}
        tabIndex={-1}
        role="status"
        data-testid="action-result"
        data-state={phase.kind === "error" ? (phase.conflict ? "conflict" : "error") : submitted ? "submitted" : phase.kind}
        className={`text-xs outline-none ${message && (showButtons || phase.kind === "composing") ? "mt-2" : ""} ${phase.kind === "error" ? "text-danger-fg" : "text-fg-muted"}`}
      >
        {submitted && phase.kind !== "error" ? (
          <span
            aria-hidden="true"
            className="mr-1.5 inline-block size-1.5 rounded-full bg-warning align-middle motion-safe:animate-pulse"
          />
        ) : null}
        {message}
      </p>
    </div>
  );
}
