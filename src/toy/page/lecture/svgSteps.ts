/**
 * The drawing steps of an SVG subtree for the recorder's overlay (svgOverlay.ts): each element's
 * outline as a Path2D (SVG path data, circles, lines with their arrowheads, rects, polylines) or
 * its text, with its transform to the svg's user units and its paint, read from its attributes
 * and its ancestors'. Shapes of one style in a row share one Path2D (one fill or stroke for
 * hundreds of arrows), so replaying a layer costs a few canvas calls.
 */

export interface Paint {
  fill: string;
  stroke: string;
  width: number;
  alpha: number;
  dash: number[];
  font: { size: number; family: string; weight: string; anchor: string };
}

/** A run of shapes of one style and transform, drawn by one fill and/or one stroke. */
interface Shape {
  kind: 'shape';
  m: DOMMatrix;
  path: Path2D;
  fill: string | null;
  stroke: string | null;
  width: number;
  alpha: number;
  dash: number[];
}
export type Step = Shape | { kind: 'text'; m: DOMMatrix; text: string; x: number; y: number; fill: string; alpha: number; font: string; align: CanvasTextAlign };

/** An arrowhead, read once per rebuild: its path, colour and geometry. */
interface Head {
  path: Path2D;
  /** The path's corners when it is a plain polygon (M x,y L x,y ... z): drawn without addPath. */
  poly: number[] | null;
  fill: string | null;
  vw: number;
  vh: number;
  refX: number;
  refY: number;
  mw: number;
  mh: number;
}

/** What one rebuild of a layer writes to: its steps and the arrowheads, drawn after them. */
interface Build {
  svg: SVGSVGElement;
  steps: Step[];
  heads: Step[];
  markers: Map<string, Head | null>;
}

/** The theme-dependent d3 default (`currentColor`) as it looks on the recording's white ground. */
const CURRENT_COLOR = '#374151';
const ALIGN: Record<string, CanvasTextAlign> = { start: 'left', middle: 'center', end: 'right' };
export const ROOT_PAINT: Paint = { fill: '#000000', stroke: 'none', width: 1, alpha: 1, dash: [], font: { size: 16, family: 'sans-serif', weight: '400', anchor: 'start' } };

const numOr = (v: string | null, fallback: number): number => {
  const n = v === null ? NaN : parseFloat(v);
  return Number.isFinite(n) ? n : fallback;
};
const num = (el: Element, name: string, fallback = 0): number => numOr(el.getAttribute(name), fallback);

/** "none"/"transparent" -> null (nothing to paint); currentColor -> the light theme's text grey. */
export function paintOf(v: string): string | null {
  if (v === 'none' || v === 'transparent' || v === '') return null;
  return v === 'currentColor' ? CURRENT_COLOR : v;
}

/** A length in user units; "0.71em" is relative to the font size (d3's tick labels use it). */
export function lengthOf(v: string | null, fontSize: number): number {
  if (!v) return 0;
  const n = parseFloat(v);
  if (!Number.isFinite(n)) return 0;
  return v.trim().endsWith('em') ? n * fontSize : n;
}

/** SVG `points` ("x,y x,y" or "x y x y") -> flat numbers. */
export function pointsOf(v: string | null): number[] {
  return (v ?? '').trim().split(/[\s,]+/).filter(Boolean).map(Number).filter(Number.isFinite);
}

/**
 * The element's own paint, inherited from `up` (opacity multiplies: it is not inherited but
 * compounds); null when it is not displayed. One pass over its attributes, and `up` itself when
 * it sets none (most shapes set a few: this runs for every element of every rebuilt layer).
 */
export function paintFrom(el: Element, up: Paint): Paint | null {
  let p: Paint | null = null;
  const own = () => (p ??= { ...up, font: { ...up.font } });
  const at = el.attributes;
  for (let i = 0; i < at.length; i++) {
    const { name, value } = at[i];
    switch (name) {
      case 'display':
        if (value === 'none') return null;
        break;
      case 'visibility':
        if (value === 'hidden') return null;
        break;
      case 'fill':
        own().fill = value;
        break;
      case 'stroke':
        own().stroke = value;
        break;
      case 'stroke-width':
        own().width = numOr(value, up.width);
        break;
      case 'opacity':
        own().alpha = up.alpha * numOr(value, 1);
        break;
      case 'stroke-dasharray':
        own().dash = value === 'none' ? [] : pointsOf(value);
        break;
      case 'font-size':
        own().font.size = numOr(value, up.font.size);
        break;
      case 'font-family':
        own().font.family = value;
        break;
      case 'font-weight':
        own().font.weight = value;
        break;
      case 'text-anchor':
        own().font.anchor = value;
        break;
    }
  }
  return p ?? up;
}

export function matrixOf(el: Element, up: DOMMatrix): DOMMatrix {
  // Most elements have none; the attribute check spares building the transform list.
  if (!el.hasAttribute('transform')) return up;
  const list = (el as SVGGraphicsElement).transform?.baseVal;
  if (!list || list.numberOfItems === 0) return up;
  let m = up;
  // Item by item (consolidate() would rewrite the attribute, and our own observer would see it).
  for (let i = 0; i < list.numberOfItems; i++) {
    const t = list.getItem(i).matrix;
    m = m.multiply(new DOMMatrix([t.a, t.b, t.c, t.d, t.e, t.f]));
  }
  return m;
}

/** Shapes other than line (addLine). */
const SHAPES = new Set(['path', 'circle', 'rect', 'polyline', 'polygon']);

/** Adds the outline of a shape element (one of SHAPES; its own user units) to `p`. */
function outline(el: Element, p: Path2D): void {
  switch (el.localName) {
    case 'path':
      p.addPath(new Path2D(el.getAttribute('d') ?? ''));
      return;
    case 'circle': {
      const cx = num(el, 'cx');
      const cy = num(el, 'cy');
      const r = num(el, 'r');
      p.moveTo(cx + r, cy);
      p.arc(cx, cy, r, 0, 2 * Math.PI);
      return;
    }
    case 'rect': {
      const w = num(el, 'width');
      const h = num(el, 'height');
      const r = Math.min(num(el, 'rx'), w / 2, h / 2);
      if (r > 0) p.roundRect(num(el, 'x'), num(el, 'y'), w, h, r);
      else p.rect(num(el, 'x'), num(el, 'y'), w, h);
      return;
    }
    case 'polyline':
    case 'polygon': {
      const xy = pointsOf(el.getAttribute('points'));
      for (let i = 0; i + 1 < xy.length; i += 2) (i ? p.lineTo(xy[i], xy[i + 1]) : p.moveTo(xy[i], xy[i + 1]));
      if (el.localName === 'polygon') p.closePath();
    }
  }
}

/**
 * The step `el` adds to: the last one when it has the same transform and style and fill-only or
 * stroke-only (a run of such shapes looks the same drawn at once: arrows, lines), else a new one.
 * Shapes with both fill and stroke stay one step each (each rim must lie above the shapes before).
 */
function shapeStep(out: Step[], m: DOMMatrix, fill: string | null, stroke: string | null, paint: Paint): Shape {
  const last = out.at(-1);
  if (
    last?.kind === 'shape' && !(fill && stroke) && last.m === m && last.fill === fill && last.stroke === stroke &&
    last.alpha === paint.alpha && (!stroke || (last.width === paint.width && last.dash.join() === paint.dash.join()))
  ) {
    return last;
  }
  const step: Shape = { kind: 'shape', m, path: new Path2D(), fill, stroke, width: paint.width, alpha: paint.alpha, dash: paint.dash };
  out.push(step);
  return step;
}

function headOf(b: Build, id: string): Head | null {
  if (b.markers.has(id)) return b.markers.get(id)!;
  const marker = b.svg.getElementById(id);
  const shape = marker?.querySelector('path');
  const d = shape?.getAttribute('d') ?? '';
  const [, , vw = 10, vh = 10] = pointsOf(marker?.getAttribute('viewBox') ?? null);
  const head =
    marker && shape
      ? { path: new Path2D(d), poly: /^\s*M[\d\s,.eE+-]*(L[\d\s,.eE+-]*)*[zZ]?\s*$/.test(d) ? pointsOf(d.replace(/[MLzZ]/g, ' ')) : null, fill: paintOf(shape.getAttribute('fill') ?? '#000000'), vw, vh, refX: num(marker, 'refX'), refY: num(marker, 'refY'), mw: num(marker, 'markerWidth', 3), mh: num(marker, 'markerHeight', 3) }
      : null;
  b.markers.set(id, head);
  return head;
}

/** A line (x1, y1, x2, y2) with its arrowhead (marker-end, orient="auto", sized in stroke widths), queued for after the layer. */
function addLine(line: Element, m: DOMMatrix, stroke: string, paint: Paint, b: Build): void {
  const x1 = num(line, 'x1'), y1 = num(line, 'y1'), x2 = num(line, 'x2'), y2 = num(line, 'y2');
  const body = shapeStep(b.steps, m, null, stroke, paint).path;
  body.moveTo(x1, y1);
  body.lineTo(x2, y2);
  const id = /url\(#([^)]+)\)/.exec(line.getAttribute('marker-end') ?? '')?.[1];
  const head = id ? headOf(b, id) : null;
  if (!head?.fill) return;
  const t = Math.atan2(y2 - y1, x2 - x1);
  const cos = Math.cos(t), sin = Math.sin(t);
  const sx = (paint.width * head.mw) / head.vw, sy = (paint.width * head.mh) / head.vh;
  // translate(x2, y2) rotate(t) scale(sx, sy) translate(-refX, -refY), written out.
  const [a, bb, c, d] = [cos * sx, sin * sx, -sin * sy, cos * sy];
  const rel = { a, b: bb, c, d, e: x2 - a * head.refX - c * head.refY, f: y2 - bb * head.refX - d * head.refY };
  const path = shapeStep(b.heads, m, head.fill, null, paint).path;
  // Path2D.addPath with a matrix is slow (~5 µs); a triangle's three corners are not.
  const q = head.poly;
  if (!q) return path.addPath(head.path, rel);
  for (let i = 0; i + 1 < q.length; i += 2) {
    const px = rel.a * q[i] + rel.c * q[i + 1] + rel.e;
    const py = rel.b * q[i] + rel.d * q[i + 1] + rel.f;
    if (i) path.lineTo(px, py);
    else path.moveTo(px, py);
  }
  path.closePath();
}

/** The drawing steps of `el` (a layer: its subtree) under transform `m` and paint `paint`; arrowheads last. */
export function layerSteps(el: Element, m: DOMMatrix, paint: Paint, svg: SVGSVGElement): Step[] {
  const b: Build = { svg, steps: [], heads: [], markers: new Map() };
  walk(el, m, paint, b);
  return b.steps.concat(b.heads);
}

/** Appends the drawing steps of `el` and its children. */
function walk(el: Element, up: DOMMatrix, upPaint: Paint, b: Build): void {
  const name = el.localName;
  if (name === 'defs' || name === 'marker') return;
  const paint = paintFrom(el, upPaint);
  if (!paint) return;
  const m = matrixOf(el, up);
  if (name === 'g') {
    for (const child of el.children) walk(child, m, paint, b);
    return;
  }
  if (name === 'text') {
    const fill = paintOf(paint.fill);
    const text = el.textContent ?? '';
    if (!fill || !text) return;
    const f = paint.font;
    b.steps.push({
      kind: 'text',
      m,
      text,
      x: lengthOf(el.getAttribute('x'), f.size) + lengthOf(el.getAttribute('dx'), f.size),
      y: lengthOf(el.getAttribute('y'), f.size) + lengthOf(el.getAttribute('dy'), f.size),
      fill,
      alpha: paint.alpha,
      font: `${f.weight} ${f.size}px ${f.family}`,
      align: ALIGN[f.anchor] ?? 'left',
    });
    return;
  }
  const stroke = paintOf(paint.stroke);
  // A line has no inside: its (default black) fill paints nothing, and would stop batching.
  if (name === 'line') return void (stroke && addLine(el, m, stroke, paint, b));
  const fill = paintOf(paint.fill);
  if (!SHAPES.has(name) || (!fill && !stroke)) return;
  outline(el, shapeStep(b.steps, m, fill, stroke, paint).path);
}

/** Draws `steps` with `base` (the svg's user units -> the canvas's pixels) before each one's own transform. */
export function play(ctx: CanvasRenderingContext2D, base: DOMMatrix, steps: Step[]): void {
  let font = '';
  for (const s of steps) {
    ctx.setTransform(base.multiply(s.m));
    ctx.globalAlpha = s.alpha;
    if (s.kind === 'text') {
      // Setting a font parses it: only when it changes.
      if (s.font !== font) ctx.font = font = s.font;
      ctx.textAlign = s.align;
      ctx.fillStyle = s.fill;
      ctx.fillText(s.text, s.x, s.y);
      continue;
    }
    if (s.fill) {
      ctx.fillStyle = s.fill;
      ctx.fill(s.path);
    }
    if (s.stroke) {
      ctx.strokeStyle = s.stroke;
      ctx.lineWidth = s.width;
      ctx.setLineDash(s.dash);
      ctx.stroke(s.path);
    }
  }
}
