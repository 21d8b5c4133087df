/** One figure of the dashboard, with what it means underneath. */
export function StatCard({ label, value, hint, testId }: { label: string; value: string; hint: string; testId?: string }) {
  return (
    <div className="rounded-xl border border-line bg-surface p-4" data-testid={testId}>
      <dt className="text-xs font-medium text-fg-muted">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tracking-tight tabular-nums">{value}</dd>
      <dd className="mt-0.5 text-xs text-fg-subtle">{hint}</dd>
    </div>
  );
}
