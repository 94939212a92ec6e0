import { useEffect, useState } from 'react';
import { scalesOf, S } from '../plot/geometry';
import { nearestPoint } from '../state/selection';
import { useToyLab } from '../state/store';
import { HoverCard } from '../../../common/teach/HoverCard';
import { distanceText, pointInfo } from './pointInfo';

/**
 * Hover on a test point of either boundary plot: its class, both models' predictions and
 * confidences, and its distance to each boundary. Listens on the document for the plots' hit
 * rectangle (the one that takes clicks), so the plots need not know about it.
 */
export function PointTooltip() {
  const [hover, setHover] = useState<{ i: number; left: number; top: number } | null>(null);
  useEffect(() => {
    const onMove = (e: PointerEvent) => {
      const t = e.target as Element | null;
      const panel = t instanceof Element ? t.closest('[data-testid^="boundary-"]') : null;
      const rect = panel?.querySelector('svg rect[style*="crosshair"]');
      const s = useToyLab.getState();
      if (!rect || !s.session) return setHover((h) => (h ? null : h));
      const r = rect.getBoundingClientRect();
      if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) return setHover(null);
      const sc = scalesOf(s.session.bounds);
      const px = ((e.clientX - r.left) / r.width) * S;
      const py = ((e.clientY - r.top) / r.height) * S;
      const i = nearestPoint(s.session.test.x, sc.x.invert(px), sc.y.invert(py), 8 / sc.k);
      setHover(i < 0 ? null : { i, left: e.clientX, top: e.clientY });
    };
    document.addEventListener('pointermove', onMove);
    return () => document.removeEventListener('pointermove', onMove);
  }, []);
  const session = useToyLab((s) => s.session);
  const frame = useToyLab((s) => s.frame);
  const attack = useToyLab((s) => s.attack);
  const info = hover ? pointInfo({ session, frame, attack }, hover.i) : null;
  const maxEps = useToyLab((s) => (s.attack.sweep ? Math.max(...s.attack.sweep.epsList) : null));
  if (!hover || !info) return null;
  return (
    <HoverCard left={hover.left} top={hover.top} width={250} height={140} data-testid="point-tooltip" data-index={info.index}>
      <div>
        <b>Test point {info.index}</b> · class <span className={`dot c${info.label}`} aria-hidden="true" />
        <b>{info.label}</b> · ({info.x.toFixed(2)}, {info.y.toFixed(2)})
      </div>
      <table>
        <tbody>
          {(['vanilla', 'pag'] as const).map((k) => {
            const m = info.models[k];
            return (
              <tr key={k}>
                <th>{k === 'vanilla' ? 'Vanilla' : 'PAG'}</th>
                <td>
                  predicts {m.predicted} ({(100 * m.confidence).toFixed(0)}%){m.predicted === info.label ? '' : ' ✗'}
                </td>
                <td>{distanceText(m.distance, maxEps)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </HoverCard>
  );
}
