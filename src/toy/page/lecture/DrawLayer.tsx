import { useRef, useState } from 'react';
import { pointsOf } from '../../../core/data/drawn';
import { CLASS_COLORS } from '../plot/colors';
import { S, type Scales } from '../plot/geometry';
import { drawnPointsOf } from '../state/settings';
import { useToyLab } from '../state/store';
import { addPoint, movePoint, nearestDrawn, removePoint } from './drawState';

/** Pointer travel (plot units) below which a press on a point is a click (remove), not a drag. */
const DRAG_START = 3;
/** How near (plot units) a press must be to a point to take it. */
const HIT = 9;

/**
 * The boundary plot's drawing surface with dataset "Draw your own" (issue 15), in the SVG's plot
 * area: a click or tap on empty ground adds a point of the chosen class, a press on a point and
 * a drag moves it, a click on a point removes it. Mouse, pen and touch alike (pointer events).
 */
export function DrawLayer({ scales }: { scales: Scales }) {
  const text = useToyLab((s) => s.settings.points);
  const points = pointsOf(drawnPointsOf(text));
  const drag = useRef<{ i: number; x0: number; y0: number; moved: boolean } | null>(null);
  const [dragAt, setDragAt] = useState<{ i: number; px: number; py: number } | null>(null);

  const plotXY = (e: React.PointerEvent<SVGRectElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { px: ((e.clientX - r.left) / r.width) * S, py: ((e.clientY - r.top) / r.height) * S };
  };
  return (
    <g data-testid="draw-layer">
      {points.map((p, i) => {
        const at = dragAt?.i === i ? dragAt : { px: scales.x(p.x), py: scales.y(p.y) };
        return <circle key={i} className="drawn-point" data-class={p.c} cx={at.px} cy={at.py} r={6} fill={CLASS_COLORS[p.c]} stroke="#fff" strokeWidth={1.5} />;
      })}
      <rect
        width={S}
        height={S}
        fill="transparent"
        stroke="#9ca3af"
        style={{ cursor: 'crosshair', touchAction: 'none' }}
        data-testid="draw-surface"
        onPointerDown={(e) => {
          const { px, py } = plotXY(e);
          const i = nearestDrawn(points, scales.x.invert(px), scales.y.invert(py), HIT / scales.k);
          if (i < 0) return addPoint(scales.x.invert(px), scales.y.invert(py));
          e.currentTarget.setPointerCapture(e.pointerId);
          drag.current = { i, x0: px, y0: py, moved: false };
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (!d) return;
          const { px, py } = plotXY(e);
          if (!d.moved && Math.hypot(px - d.x0, py - d.y0) < DRAG_START) return;
          d.moved = true;
          setDragAt({ i: d.i, px: Math.max(0, Math.min(S, px)), py: Math.max(0, Math.min(S, py)) });
        }}
        onPointerUp={(e) => {
          const d = drag.current;
          drag.current = null;
          setDragAt(null);
          if (!d) return;
          if (!d.moved) return removePoint(d.i);
          const { px, py } = plotXY(e);
          movePoint(d.i, scales.x.invert(px), scales.y.invert(py));
        }}
        onPointerCancel={() => {
          drag.current = null;
          setDragAt(null);
        }}
      />
    </g>
  );
}
