/** The product's logo: four tiles, one per groupware service, feeding one place. */
export function BrandMark({ className = "size-7" }: { className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={`inline-flex shrink-0 items-center justify-center rounded-lg bg-accent-solid text-accent-fg ${className}`}
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" fill="currentColor" className="size-[62%]">
        <rect x="3" y="3" width="8" height="8" rx="2" />
        <rect x="13" y="3" width="8" height="8" rx="2" opacity="0.7" />
        <rect x="3" y="13" width="8" height="8" rx="2" opacity="0.7" />
        <rect x="13" y="13" width="8" height="8" rx="4" opacity="0.45" />
      </svg>
    </span>
  );
}
