export interface ChartSeries {
  label: string;
  /** A CSS colour, from the design tokens (var(--gw-…)). */
  color: string;
  /** One value per x position; null leaves a gap in the line. */
  values: (number | null)[];
  /** Dashed, so a line that runs on top of another still shows. */
  dashed?: boolean;
}

/**
 * A small line chart in inline SVG. The plot stretches to its box; the lines keep their width
 * (non-scaling strokes) and the axis labels are HTML, so it reads the same at 360 px and on a desktop.
 * Screen readers get `summary` instead of the drawing.
 */
export function LineChart({
  series,
  xLabels,
  formatY,
  summary,
  testId,
}: {
  series: ChartSeries[];
  /** Labels spread evenly under the plot (first at the left edge, last at the right). */
  xLabels: string[];
  formatY: (value: number) => string;
  summary: string;
  testId?: string;
}) {
  const count = Math.max(...series.map((s) => s.values.length), 1);
  const peak = Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  const top = niceCeiling(peak);
  const x = (i: number) => (count === 1 ? 50 : (i / (count - 1)) * 100);
  const y = (v: number) => 100 - (v / top) * 100;

  return (
    <div data-testid={testId}>
      <ul className="mb-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-fg-muted">
        {series.map((s) => (
          <li key={s.label} className="inline-flex items-center gap-1.5">
            <svg aria-hidden="true" viewBox="0 0 16 2" className="h-0.5 w-4">
              <line x1={0} x2={16} y1={1} y2={1} stroke={s.color} strokeWidth={2} strokeDasharray={s.dashed ? "4 3" : undefined} />
            </svg>
            {s.label}
          </li>
        ))}
      </ul>
      <div role="img" aria-label={summary} className="grid grid-cols-[auto_1fr] gap-x-2">
        <div
          aria-hidden="true"
          className="flex h-36 flex-col justify-between text-right text-[0.6875rem] leading-none text-fg-subtle tabular-nums sm:h-44"
        >
          <span>{formatY(top)}</span>
          <span>{formatY(top / 2)}</span>
          <span>{formatY(0)}</span>
        </div>
        <svg aria-hidden="true" viewBox="0 0 100 100" preserveAspectRatio="none" className="h-36 w-full overflow-visible sm:h-44">
          {[0, 50, 100].map((level) => (
            <line
              key={level}
              x1={0}
              x2={100}
              y1={level}
              y2={level}
              stroke="var(--gw-line)"
              strokeWidth={1}
              vectorEffect="non-scaling-stroke"
            />
          ))}
          {series.map((s) => (
            <path
              key={s.label}
              d={pathOf(s.values, x, y)}
              fill="none"
              stroke={s.color}
              strokeWidth={2}
              strokeLinecap="round"
              strokeLinejoin="round"
              strokeDasharray={s.dashed ? "5 4" : undefined}
              vectorEffect="non-scaling-stroke"
            />
          ))}
        </svg>
        <span />
        <div aria-hidden="true" className="mt-1.5 flex justify-between text-[0.6875rem] text-fg-subtle tabular-nums">
          {xLabels.map((label) => (
            <span key={label}>{label}</span>
          ))}
        </div>
      </div>
    </div>
  );
}

/** M/L segments through the values, broken where a value is missing (a lone value is a dot). */
function pathOf(values: (number | null)[], x: (i: number) => number, y: (v: number) => number): string {
  let d = "";
  let drawing = false;
  values.forEach((value, i) => {
    if (value === null) {
      drawing = false;
      return;
    }
    const point = `${x(i).toFixed(2)} ${y(value).toFixed(2)}`;
    const next = values[i + 1];
    d += drawing ? ` L${point}` : ` M${point}${next === null || next === undefined ? ` L${point}` : ""}`;
    drawing = true;
  });
  return d.trim();
}

/** 1, 2, 5 × a power of ten at or above the peak, so the axis reads in round numbers. */
function niceCeiling(peak: number): number {
  if (peak <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(peak));
  return ([1, 2, 5, 10].find((step) => step * power >= peak) ?? 10) * power;
}
