import type { ReactNode } from 'react';
import { LabShell } from '../../../common/page/LabShell';
import { cifarLab, useCifarLab } from '../state/store';
import { CIFAR_TEACH } from '../teach/cifarTeach';
import { TopBar } from './TopBar';

/** The CIFAR Lab's frame (top bar, error and notice banners, teaching layer): the full page and the embed share it. */
export function CifarShell({ startHere, children }: { startHere?: ReactNode; children: ReactNode }) {
  return (
    <LabShell
      topBar={<TopBar />}
      error={useCifarLab((s) => s.error)}
      onDismissError={() => cifarLab.dismissError()}
      notice={useCifarLab((s) => s.notice)}
      onDismissNotice={cifarLab.dismissNotice}
      teach={CIFAR_TEACH}
      startHere={startHere}
    >
      {children}
    </LabShell>
  );
}
