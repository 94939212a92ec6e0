import type { ReactNode } from 'react';
import { downloadText } from './download';
import { PanelExport } from './PanelExport';

export interface ExportCardProps {
  /** The lab's card heading level (the CIFAR Lab's cards use h2, the Toy Lab's lower cards h3). */
  heading: 'h2' | 'h3';
  status: string;
  onStatus(s: string): void;
  onError(message: string): void;
  /** File name without extension, e.g. "pag-lab-results". */
  resultsFile: string;
  /** The results now: the JSON document (schema-checked by the lab) and its CSV table. */
  results(): { json: unknown; csv: string };
  /** data-testids of the two results buttons. */
  resultsIds: { json: string; csv: string };
  /** The lab's weights row. */
  children: ReactNode;
}

/** Either lab's export card: a panel as SVG / PNG, the results as JSON / CSV, the lab's weights row. */
export function ExportCard(p: ExportCardProps) {
  const Heading = p.heading;
  const save = (kind: 'json' | 'csv') => {
    const r = p.results();
    if (kind === 'json') downloadText(`${p.resultsFile}.json`, JSON.stringify(r.json, null, 2), 'application/json');
    else downloadText(`${p.resultsFile}.csv`, r.csv, 'text/csv');
    p.onStatus(`Exported the results as ${kind.toUpperCase()}.`);
  };
  return (
    <section className="card export-panel" aria-label="Export" data-export-skip data-testid="export-panel">
      <Heading>Export</Heading>
      <PanelExport onStatus={p.onStatus} onError={p.onError} />
      <div className="row">
        Results{' '}
        <button className="btn small" data-testid={p.resultsIds.json} onClick={() => save('json')}>
          JSON
        </button>
        <button className="btn small" data-testid={p.resultsIds.csv} onClick={() => save('csv')}>
          CSV
        </button>
      </div>
      {p.children}
      <div className="hint" data-testid="export-status" aria-live="polite">
        {p.status}
      </div>
    </section>
  );
}
