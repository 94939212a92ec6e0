import { useEffect, useMemo, useRef } from 'react';
import type { ModelKey } from '../../contract/protocol';
import { PAG_METHODS } from '../../contract/runSettings';
import { ShuffledNote } from '../../../common/page/ShuffledNote';
import { MODEL_COLORS, TRUTH_COLOR, CLASS_COLORS } from '../plot/colors';
import { drawHeatmap } from '../plot/drawHeatmap';
import { CANVAS_PX, H, MARGIN, S, scalesOf, W } from '../plot/geometry';
import { drawArrows, drawAxes, drawBoundary, drawTestPoints, drawTrajectories, type ArrowLayer } from '../plot/overlay';
import { nearestPoint } from '../state/selection';
import { ARROW_GRID, toyLab, useToyLab } from '../state/store';
import { PanelStats } from './PanelStats';
import { ZoomablePlot } from '../../../common/lecture/ZoomablePlot';
import { DRAW_BOUNDS } from '../../../core/data/drawn';
import { DrawLayer } from '../lecture/DrawLayer';

const pct = (v: number) => `${(100 * v).toFixed(3)}%`;

/**
 * One model's decision boundary: a canvas heatmap with the training points, and an SVG overlay
 * (axes, the P = 0.5 line, test points, gradient arrows, attack trajectories). Click near a test
 * point to follow its attack trajectory.
 */
export function BoundaryPanel({ model }: { model: ModelKey }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const axesRef = useRef<SVGGElement>(null);
  const boundaryRef = useRef<SVGGElement>(null);
  const pointsRef = useRef<SVGGElement>(null);
  const arrowsRef = useRef<SVGGElement>(null);
  const trajRef = useRef<SVGGElement>(null);

  const session = useToyLab((s) => s.session);
  const frame = useToyLab((s) => s.frame);
  const showTrain = useToyLab((s) => s.settings.showTrain);
  const showTest = useToyLab((s) => s.settings.showTest);
  const arrows = useToyLab((s) => s.settings.arrows);
  const arrowClass = useToyLab((s) => s.settings.arrowClass);
  const selected = useToyLab((s) => s.selected);
  const attack = useToyLab((s) => s.attack.result);
  const upTo = useToyLab((s) => s.trajectoryStep);
  const status = useToyLab((s) => s.status);
  const preparing = useToyLab((s) => s.preparing);

  // Drawn data (issue 15): its own plane, its points drawn by DrawLayer (train = test = them).
  const draw = useToyLab((s) => s.settings.dataset === 'draw');
  const bounds = session?.bounds ?? (draw ? DRAW_BOUNDS : null);
  const scales = useMemo(() => (bounds ? scalesOf(bounds) : null), [bounds]);
  const probs = frame?.models[model].probs ?? null;

  useEffect(() => {
    if (canvasRef.current) drawHeatmap(canvasRef.current, probs, frame?.grid ?? null, showTrain && !draw ? (session?.train ?? null) : null, bounds, arrows !== 'off');
  }, [probs, frame, showTrain, session, bounds, arrows, draw]);

  useEffect(() => {
    if (axesRef.current && scales) drawAxes(axesRef.current, scales);
  }, [scales]);

  useEffect(() => {
    if (boundaryRef.current) drawBoundary(boundaryRef.current, probs, frame?.grid.size ?? 0);
  }, [probs, frame]);

  useEffect(() => {
    if (pointsRef.current && scales) drawTestPoints(pointsRef.current, session?.test ?? null, scales, selected, showTest && !draw);
  }, [session, scales, selected, showTest, draw]);

  useEffect(() => {
    if (!arrowsRef.current || !scales) return;
    const field = frame?.arrows;
    const grads = frame?.models[model].gradients;
    const classes = arrowClass === 'both' ? [0, 1] : [Number(arrowClass)];
    const length = (0.4 * S) / ARROW_GRID;
    const layers: ArrowLayer[] = [];
    if (field && (arrows === 'truth' || arrows === 'both')) {
      layers.push({ points: field.points, vectors: field.truth, classes, color: () => TRUTH_COLOR, width: 1.3, length, marker: () => `head-${model}-truth` });
    }
    if (field && grads && (arrows === 'model' || arrows === 'both')) {
      layers.push({ points: field.points, vectors: grads, classes, color: (c) => CLASS_COLORS[c], width: 2.2, length, marker: (c) => `head-${model}-c${c}` });
    }
    drawArrows(arrowsRef.current, arrows === 'off' ? [] : layers, scales);
  }, [frame, arrows, arrowClass, scales, model]);

  useEffect(() => {
    if (!trajRef.current || !scales) return;
    const ok = attack && session && attack.session === session.id;
    drawTrajectories(
      trajRef.current,
      ok
        ? {
            trajectories: attack.models[model].trajectories,
            n: session.test.y.length,
            selected,
            upTo: Math.min(upTo, attack.request.steps),
            steps: attack.request.steps,
            predictions: attack.models[model].predictions,
            labels: session.test.y,
            eps: attack.request.eps,
            norm: attack.request.norm,
          }
        : null,
      scales,
    );
  }, [attack, session, selected, upTo, scales, model]);

  /** Click: follow (or stop following) the nearest test point within 8 plot units. */
  const onClick = (e: React.MouseEvent<SVGRectElement>) => {
    if (!session || !scales) return;
    const r = e.currentTarget.getBoundingClientRect();
    const px = ((e.clientX - r.left) / r.width) * S;
    const py = ((e.clientY - r.top) / r.height) * S;
    const i = nearestPoint(session.test.x, scales.x.invert(px), scales.y.invert(py), 8 / scales.k);
    if (i >= 0) toyLab.toggleSelected(i);
  };

  const title = model === 'vanilla' ? 'Vanilla' : 'PAG';
  const busy = status === 'preparing' || status === 'starting' || (status === 'ready' && !frame && !(draw && !session));

  return (
    <section className={`card panel ${model}`} data-testid={`boundary-${model}`} aria-label={`${title} model decision boundary`}>
      <div className="panel-head">
        <h2 style={{ color: MODEL_COLORS[model] }}>{title}</h2>
        {model === 'vanilla' ? (
          <span className="muted">cross-entropy only</span>
        ) : (
          <MethodSelect />
        )}
      </div>
      <PanelStats model={model} />
      <ZoomablePlot id={model}>
      <div className="plot">
        <canvas
          ref={canvasRef}
          width={CANVAS_PX}
          height={CANVAS_PX}
          style={{ left: pct(MARGIN.left / W), top: pct(MARGIN.top / H), width: pct(S / W), height: pct(S / H) }}
        />
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: P(class 1) heatmap, decision boundary and test points`}>
          <defs>
            {[...CLASS_COLORS, TRUTH_COLOR].map((color, i) => (
              <marker
                key={color}
                id={`head-${model}-${i < 2 ? `c${i}` : 'truth'}`}
                viewBox="0 0 10 10"
                refX="8"
                refY="5"
                markerWidth={i < 2 ? 4 : 6}
                markerHeight={i < 2 ? 4 : 6}
                orient="auto"
              >
                <path d="M0,0 L10,5 L0,10 z" fill={color} />
              </marker>
            ))}
          </defs>
          <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
            <g ref={axesRef} />
            <g ref={boundaryRef} />
            <g ref={arrowsRef} />
            <g ref={pointsRef} />
            <g ref={trajRef} />
            {draw && scales ? <DrawLayer scales={scales} /> : <rect width={S} height={S} fill="transparent" stroke="#9ca3af" onClick={onClick} style={{ cursor: 'crosshair' }} />}
          </g>
        </svg>
        {busy && (
          <div className="preparing">
            <span>
              {preparing
                ? `Training the robust teacher first (${preparing.phase.replace(/^teacher \(|\)$/g, '')}): ${Math.round((100 * preparing.done) / preparing.total)} %`
                : status === 'ready'
                  ? 'Drawing the first picture…'
                  : 'Building the models…'}
            </span>
          </div>
        )}
      </div>
      </ZoomablePlot>
    </section>
  );
}

/** The PAG panel's source of g(x, t): a restart-needing setting shown where it matters. */
function MethodSelect() {
  const value = useToyLab((s) => s.settings.pagMethod);
  return (
    <>
      <select aria-label="PAG source" value={value} onChange={(e) => toyLab.setField('pagMethod', e.target.value)}>
        {PAG_METHODS.map((m) => (
          <option key={m.id} value={m.id}>
            {m.label}
          </option>
        ))}
      </select>
      {value === 'shuffled' && <ShuffledNote />}
    </>
  );
}
