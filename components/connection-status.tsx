"use client";

import { useRef } from "react";
import type { StreamStatus } from "@/lib/client/shared-stream";
import type { Locale } from "@/lib/i18n/locale";
import { t } from "@/lib/i18n/messages";

const DOT: Record<StreamStatus, string> = {
  live: "bg-success",
  connecting: "bg-fg-subtle motion-safe:animate-pulse",
  reconnecting: "bg-warning motion-safe:animate-pulse",
  offline: "bg-danger",
};

/** The small dot on the bell's corner: the stream's state at a glance (decorative; see ConnectionStatus). */
export function ConnectionDot({ state, className = "" }: { state: StreamStatus; className?: string }) {
  return <span aria-hidden="true" className={`block size-2 rounded-full ring-2 ring-surface ${DOT[state]} ${className}`} />;
}

/**
 * The live stream's state in words: a pill beside the bell while it is down ("다시 연결하는 중…",
 * "오프라인"), and a polite status region, so a screen reader hears the connection drop and come
 * back. The first connect of a page is not announced.
 */
export function ConnectionStatus({ state, locale }: { state: StreamStatus; locale: Locale }) {
  const wasDown = useRef(false);
  const down = state === "reconnecting" || state === "offline";
  if (down) wasDown.current = true;
  const spoken = down || (state === "live" && wasDown.current) ? t(locale, `connection.${state}`) : "";

  return (
    <span
      role="status"
      data-testid="connection-status"
      data-state={state}
      title={t(locale, `connection.${state}`)}
      className={
        down
          ? `inline-flex h-7 items-center gap-1.5 rounded-full px-2 text-xs font-medium ${state === "offline" ? "bg-danger-soft text-danger-fg" : "bg-surface-muted text-fg-muted"}`
          : "inline-flex"
      }
    >
      {down ? <ConnectionDot state={state} className="ring-0" /> : null}
      <span className={down ? "sr-only sm:not-sr-only" : "sr-only"}>{spoken}</span>
    </span>
  );
}
