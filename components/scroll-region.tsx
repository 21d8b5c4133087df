import type { ReactNode } from "react";

/**
 * A region that scrolls sideways on a narrow screen. It takes focus so keyboard users can scroll
 * it (axe: scrollable-region-focusable), which is why a non-interactive element has a tabIndex.
 */
export function ScrollRegion({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section aria-label={label} tabIndex={0} className={className}>
      {children}
    </section>
  );
}
