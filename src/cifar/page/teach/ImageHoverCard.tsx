import { useEffect, useRef, useState } from 'react';
import { HoverCard } from '../../../common/teach/HoverCard';
import { SHORT_LABELS } from '../../contract/settings';
import type { GallerySource, ModelSetKind } from '../../contract/protocol';
import { modelsView } from '../state/modelsView';
import { IMAGE_SIZE } from '../image';
import { cifarLab, useCifarLab } from '../state/store';
import type { CifarLabData } from '../state/types';
import { hoverTargetOf, predictionsOf, type HoverTarget } from './imageInfo';

interface Hover {
  target: HoverTarget;
  left: number;
  top: number;
}

/**
 * The pixels the engine should classify for a hover target, the picture's true class (null: none),
 * and which models to ask (those on screen: pretrained or live).
 */
function sourceOf(s: CifarLabData, t: HoverTarget): { source: GallerySource; label: number | null; on: ModelSetKind } | null {
  const v = modelsView(s);
  if (!v) return null;
  if (t.kind === 'test') return t.index < v.test.labels.length ? { source: t, label: v.test.labels[t.index], on: v.on } : null;
  const row = v.gallery.rows.find((r) => r.method === t.method);
  if (!row) return null;
  const start = v.gallery.source;
  const pixels = row.images.slice(t.target * IMAGE_SIZE, (t.target + 1) * IMAGE_SIZE);
  return { source: { kind: 'image', name: 'gallery cell', pixels }, label: start.kind === 'test' ? v.test.labels[start.index] : null, on: v.on };
}

const same = (a: HoverTarget, b: HoverTarget) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Hover on a test image (saliency row, Figure 4's starting images) or a Figure 4 cell: its true
 * class, and each model's prediction and confidence, asked of the engine ('predict') when the
 * pointer arrives. Listens on the document, so the panels need not know about it.
 */
export function ImageHoverCard() {
  const [hover, setHover] = useState<Hover | null>(null);
  const [label, setLabel] = useState<number | null>(null);
  const current = useRef<HoverTarget | null>(null);
  useEffect(() => {
    const onMove = (e: PointerEvent) => {
      const el = e.target instanceof Element ? e.target.closest('[data-testid]') : null;
      const target = hoverTargetOf(el?.getAttribute('data-testid'));
      if (target && !(current.current && same(current.current, target))) {
        // A new picture under the pointer: ask the models once.
        const asked = sourceOf(useCifarLab.getState(), target);
        current.current = asked ? target : null;
        if (asked) {
          setLabel(asked.label);
          cifarLab.predict(asked.source, asked.on);
        }
      } else if (!target) {
        current.current = null;
      }
      setHover(current.current ? { target: current.current, left: e.clientX, top: e.clientY } : null);
    };
    document.addEventListener('pointermove', onMove);
    return () => document.removeEventListener('pointermove', onMove);
  }, []);
  const names = useCifarLab((s) => modelsView(s)?.classNames ?? null);
  const prediction = useCifarLab((s) => s.prediction);
  if (!hover || !names) return null;
  const t = hover.target;
  const rows = prediction ? predictionsOf(prediction.models, label) : [];
  return (
    <HoverCard left={hover.left} top={hover.top} width={270} height={170} data-testid="image-tooltip">
      <div>
        {t.kind === 'test' ? (
          <b>Test image {t.index}</b>
        ) : (
          <b>
            {SHORT_LABELS[t.method]} pushed towards {names[t.target]}
          </b>
        )}{' '}
        · true class <b data-testid="image-tooltip-class">{label === null ? 'none (your picture)' : names[label]}</b>
      </div>
      {rows.length === 0 ? (
        <div className="muted">{prediction && prediction.session >= 0 ? 'no model trained yet' : 'asking the models…'}</div>
      ) : (
        <table>
          <tbody>
            {rows.map((r) => (
              <tr key={r.method} data-testid={`image-tooltip-${r.method}`}>
                <th>{SHORT_LABELS[r.method]}</th>
                <td>
                  {names[r.predicted]} ({(100 * r.confidence).toFixed(0)}%){r.correct === false ? ' ✗' : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </HoverCard>
  );
}
