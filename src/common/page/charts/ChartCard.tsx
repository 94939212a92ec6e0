import type { ReactNode } from 'react';
import { MathTex } from '../../teach/MathTex';

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
  /** A formula after the title, typeset (a constant TeX string); `label` then names the card for screen readers. */
  formula?: string;
  label?: string;
}

/** A titled card for one chart (either lab), with a legend that says what each line is. */
export function ChartCard({ title, testId, legend, children, note, heading: Heading = 'h3', formula, label }: ChartCardProps) {
  return (
    <section className="card chart" data-testid={testId} aria-label={label ?? title}>
      <Heading>
        {title}
        {formula && (
          <>
            {' '}
            <MathTex tex={formula} />
          </>
        )}
      </Heading>
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
