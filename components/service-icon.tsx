import type { ReactNode } from "react";
import { StrokeIcon } from "./stroke-icon";

// One glyph and one tint per groupware service, shared by the bell's items and the home cards, so
// a user learns once that violet is approvals, amber the board, and so on.

export const SERVICES = ["approval", "board", "calendar", "reservation"] as const;
export type KnownService = (typeof SERVICES)[number];
export type Service = KnownService | "other";

/** "groupware/approval" → "approval"; a source we do not know gets the generic icon. */
export function serviceOfSource(source: string): Service {
  const name = source.split("/").pop() ?? "";
  return (SERVICES as readonly string[]).includes(name) ? (name as Service) : "other";
}

const TINTS: Record<Service, string> = {
  approval: "bg-violet-100 text-violet-700 dark:bg-violet-500/15 dark:text-violet-300",
  board: "bg-amber-100 text-amber-800 dark:bg-amber-500/15 dark:text-amber-300",
  calendar: "bg-sky-100 text-sky-700 dark:bg-sky-500/15 dark:text-sky-300",
  reservation: "bg-emerald-100 text-emerald-700 dark:bg-emerald-500/15 dark:text-emerald-300",
  other: "bg-surface-muted text-fg-muted",
};

const GLYPHS: Record<Service, ReactNode> = {
  approval: (
    <>
      <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" />
      <path d="M14 3v5h5" />
      <path d="m9 14.5 2 2 4-4" />
    </>
  ),
  board: (
    <>
      <path d="M4 10v4a1 1 0 0 0 1 1h2l7 4V5L7 9H5a1 1 0 0 0-1 1z" />
      <path d="M17.5 9a4 4 0 0 1 0 6" />
      <path d="M20 6.5a8 8 0 0 1 0 11" />
    </>
  ),
  calendar: (
    <>
      <rect x="3.5" y="5" width="17" height="15.5" rx="2" />
      <path d="M16 3v4M8 3v4M3.5 10h17" />
      <path d="M8 14h2M14 14h2M8 17h2" />
    </>
  ),
  reservation: (
    <>
      <path d="M6 21V4.5A1.5 1.5 0 0 1 7.5 3h9A1.5 1.5 0 0 1 18 4.5V21" />
      <path d="M3.5 21h17" />
      <path d="M14.5 12.5v.01" />
    </>
  ),
  other: (
    <>
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </>
  ),
};

const SIZES = {
  xs: { box: "size-5 rounded-md", glyph: "size-3" },
  sm: { box: "size-8 rounded-lg", glyph: "size-4" },
  lg: { box: "size-10 rounded-xl", glyph: "size-5" },
} as const;

export function ServiceIcon({ service, size = "sm" }: { service: Service; size?: keyof typeof SIZES }) {
  const { box, glyph } = SIZES[size];
  return (
    <span aria-hidden="true" className={`inline-flex shrink-0 items-center justify-center ${box} ${TINTS[service]}`}>
      <StrokeIcon className={glyph}>{GLYPHS[service]}</StrokeIcon>
    </span>
  );
}
