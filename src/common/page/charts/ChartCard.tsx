import type { ReactNode } from 'react';

export interface LegendItem {
  label: string;
  color: string;
  dashed?: boolean;
  faint?: boolean;
}

interface ChartCardProps {
  title: string;
  testId?: string;
  legend: LegendItem[];
  children: ReactNode;
  note?: string;
  /** The title's heading level in its page's outline (the CIFAR Lab's charts are top-level cards). */
  heading?: 'h2' | 'h3';
}

/** A titled card for one chart (either lab), with a legend that says what each line is. */
export function ChartCard({ title, testId, legend, children, note, heading: Heading = 'h3' }: ChartCardProps) {
  return (
    <section className="card chart" data-testid={testId} aria-label={title}>
      <Heading>{title}</Heading>
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
