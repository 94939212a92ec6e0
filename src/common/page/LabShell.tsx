import type { ReactNode } from 'react';
import { TeachLayer, type TeachConfig } from '../teach/TeachLayer';
import { ErrorBanner } from './ErrorBanner';
import { NoticeBanner } from './faults/NoticeBanner';

type Banner = { message: string; seq: number } | null;

interface LabShellProps {
  topBar: ReactNode;
  error: Banner;
  onDismissError: () => void;
  /** An extra action in the error banner. */
  errorAction?: ReactNode;
  notice: Banner;
  onDismissNotice: () => void;
  teach: TeachConfig;
  /** The first visit's "start here" line (StartHere.tsx), under the top bar. */
  startHere?: ReactNode;
  /** The lab's own panels. */
  children: ReactNode;
}

/**
 * The frame both labs' pages share, in this order: the top bar, the error banner, the notice
 * (not an error), the teaching layer (link notice, help, tour, panel helps, hover card), then the
 * lab's panels.
 */
export function LabShell(p: LabShellProps) {
  return (
    <div className="app">
      {p.topBar}
      {p.startHere}
      <ErrorBanner error={p.error} onDismiss={p.onDismissError}>
        {p.errorAction}
      </ErrorBanner>
      <NoticeBanner notice={p.notice} onDismiss={p.onDismissNotice} />
      <TeachLayer config={p.teach} />
      {p.children}
    </div>
  );
}
