"use client";

import { t, type Locale } from "@/lib/i18n/messages";
import type { ConnectionState } from "./notification-types";

const DOT: Record<ConnectionState, string> = {
  live: "bg-success",
  connecting: "bg-fg-subtle motion-safe:animate-pulse",
  offline: "bg-warning",
};

/**
 * A small dot for the live stream's state. It is a polite status region, so a screen reader hears
 * "연결 끊김" when the connection drops and "실시간 연결됨" when it is back.
 */
export function ConnectionStatus({ state, locale, className = "" }: { state: ConnectionState; locale: Locale; className?: string }) {
  const label = t(locale, `connection.${state}`);
  return (
    <span
      role="status"
      data-testid="connection-status"
      data-state={state}
      title={label}
      className={`block size-2 rounded-full ring-2 ring-surface ${DOT[state]} ${className}`}
    >
      <span className="sr-only">{label}</span>
    </span>
  );
}
