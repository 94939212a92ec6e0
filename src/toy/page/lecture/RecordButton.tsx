import { useState } from 'react';
import { MODEL_COLORS } from '../plot/colors';
import { useToyLab } from '../state/store';
import { download, recordingKind, startRecording, type Recording } from './recorder';

/**
 * ⏺ Record: the two boundary plots as a WebM video, downloaded when stopped (issue 15); an
 * animated GIF where the browser cannot record video.
 */
export function RecordButton() {
  const [rec, setRec] = useState<Recording | null>(null);
  const [error, setError] = useState('');
  const kind = recordingKind();
  const toggle = async () => {
    if (rec) {
      setRec(null);
      const blob = await rec.stop();
      const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
      download(blob, `pag-lab-boundaries-${stamp}.${rec.kind}`);
      return;
    }
    const panels = (['vanilla', 'pag'] as const).flatMap((m) => {
      const root = document.querySelector(`[data-testid="boundary-${m}"]`);
      return root ? [{ root, title: m === 'vanilla' ? 'Vanilla' : `PAG (${useToyLab.getState().settings.pagMethod})`, color: MODEL_COLORS[m] }] : [];
    });
    try {
      setRec(startRecording(panels, () => `step ${useToyLab.getState().step}`));
      setError('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <button
      className={`btn lecture-btn record${rec ? ' on' : ''}`}
      data-testid="record"
      aria-pressed={!!rec}
      onClick={() => void toggle()}
      aria-label={rec ? 'Stop recording' : 'Record the boundary plots'}
      title={
        rec
          ? `Stop recording and download the ${kind === 'webm' ? 'video' : 'animated GIF'}`
          : error ||
            (kind === 'webm'
              ? 'Record the two boundary plots as a video (WebM), downloaded when you stop'
              : 'Record the two boundary plots as an animated GIF (this browser cannot record video), downloaded when you stop')
      }
    >
      {rec ? '■ Stop' : '● Rec'}
    </button>
  );
}
