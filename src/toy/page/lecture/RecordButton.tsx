import { useState } from 'react';
import { MODEL_COLORS } from '../plot/colors';
import { useToyLab } from '../state/store';
import { canRecordVideo, download, startRecording, type Recording } from './recorder';

/**
 * ⏺ Record: the two boundary plots as a WebM video, downloaded when stopped (issue 15). Where
 * the browser cannot record video the button says so and stays off.
 */
export function RecordButton() {
  const [rec, setRec] = useState<Recording | null>(null);
  const [error, setError] = useState('');
  const supported = canRecordVideo();
  const toggle = async () => {
    if (rec) {
      setRec(null);
      const blob = await rec.stop();
      const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
      download(blob, `pag-lab-boundaries-${stamp}.webm`);
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
      disabled={!supported}
      onClick={() => void toggle()}
      aria-label={rec ? 'Stop recording' : 'Record the boundary plots'}
      title={
        !supported
          ? 'This browser cannot record video (no MediaRecorder)'
          : rec
            ? 'Stop recording and download the video'
            : error || 'Record the two boundary plots as a video (WebM), downloaded when you stop'
      }
    >
      {rec ? '■ Stop' : '● Rec'}
    </button>
  );
}
