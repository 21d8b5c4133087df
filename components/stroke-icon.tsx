import type { ReactNode } from "react";

// The outline icon style used across the app (24-unit grid, 1.75 stroke, currentColor).
// Decorative: the control that holds it carries the label.
export function StrokeIcon({ className = "size-5", children }: { className?: string; children: ReactNode }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      className={className}
    >
      {children}
    </svg>
  );
}

/** The bell: the header button and the dropdown's empty state. */
export function BellGlyph() {
  return (
    <StrokeIcon>
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </StrokeIcon>
  );
}
