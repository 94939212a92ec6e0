import { cifarLab, useCifarLab } from '../state/store';

/**
 * Which models the page shows: the pretrained ones the app ships (the paper's effect at once),
 * or the live run (train your own). Training buttons and keys switch to the live run by themselves.
 */
export function ViewSwitch() {
  const view = useCifarLab((s) => s.view);
  const status = useCifarLab((s) => s.pretrained.status);
  return (
    <div className="view-switch" role="group" aria-label="Models shown">
      <button className={`btn${view === 'pretrained' ? ' on' : ''}`} aria-pressed={view === 'pretrained'} data-testid="view-pretrained" data-state={status} onClick={() => cifarLab.setView('pretrained')}>
        Pretrained{status === 'missing' ? ' (none)' : status === 'damaged' ? ' (damaged)' : ''}
      </button>
      <button className={`btn${view === 'live' ? ' on' : ''}`} aria-pressed={view === 'live'} data-testid="view-live" onClick={() => cifarLab.setView('live')}>
        Live
      </button>
    </div>
  );
}
