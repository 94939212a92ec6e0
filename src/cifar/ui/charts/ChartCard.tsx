import type { ReactNode } from 'react';

export interface LegendItem {
  label: string;
  color: string;
  dashed?: boolean;
  faint?: boolean;
}

/** A titled card for one chart, with a legend that says what each line is. */
export function ChartCard({ title, testId, legend, children, note }: { title: string; testId: string; legend: LegendItem[]; children: ReactNode; note?: string }) {
  return (
    <section className="card chart" data-testid={testId} aria-label={title}>
      <h2>{title}</h2>
      {children}
      <div className="chart-legend">
        {legend.map((l) => (
          <span key={l.label}>
            <span className={`swatch${l.dashed ? ' dashed' : ''}${l.faint ? ' faint' : ''}`} style={{ borderTopColor: l.color }} />
            {l.label}
          </span>
        ))}
      </div>
      {note && <div className="hint">{note}</div>}
    </section>
  );
}
