/**
 * Draws a boundary panel's SVG overlay (axes, the P = 0.5 line, test points, arrows, attack
 * paths) onto a 2-D canvas for the recorder (issue 15), without serialising the SVG to an image
 * (that starved the main thread). The svg is walked once into a list of drawing steps (Path2D +
 * style + transform), kept per layer (each child of a top-level <g>) and rebuilt only for the
 * layers a MutationObserver saw change: while training only the boundary line and arrows are
 * rebuilt; the axes and the test points are replayed.
 *
 * Colours come from the elements' attributes (what D3 and React set), not from computed styles:
 * the recording is drawn on white in either theme, and attributes are cheap to read.
 */

interface Paint {
  fill: string;
  stroke: string;
  width: number;
  alpha: number;
  dash: number[];
  font: { size: number; family: string; weight: string; anchor: string };
}

type Step =
  | { kind: 'shape'; m: DOMMatrix; path: Path2D; fill: string | null; stroke: string | null; width: number; alpha: number; dash: number[] }
  | { kind: 'text'; m: DOMMatrix; text: string; x: number; y: number; fill: string; alpha: number; font: string; align: CanvasTextAlign };

/** The theme-dependent d3 default (`currentColor`) as it looks on the recording's white ground. */
const CURRENT_COLOR = '#374151';
const ALIGN: Record<string, CanvasTextAlign> = { start: 'left', middle: 'center', end: 'right' };
const ROOT_PAINT: Paint = { fill: '#000000', stroke: 'none', width: 1, alpha: 1, dash: [], font: { size: 16, family: 'sans-serif', weight: '400', anchor: 'start' } };

const num = (el: Element, name: string, fallback = 0): number => {
  const v = el.getAttribute(name);
  const n = v === null ? NaN : parseFloat(v);
  return Number.isFinite(n) ? n : fallback;
};

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

/** The element's own paint, inherited from `up` (opacity multiplies: it is not inherited but compounds). */
function paintFrom(el: Element, up: Paint): Paint {
  const a = (n: string) => el.getAttribute(n);
  const dash = a('stroke-dasharray');
  return {
    fill: a('fill') ?? up.fill,
    stroke: a('stroke') ?? up.stroke,
    width: num(el, 'stroke-width', up.width),
    alpha: up.alpha * num(el, 'opacity', 1),
    dash: dash === null ? up.dash : dash === 'none' ? [] : pointsOf(dash),
    font: {
      size: num(el, 'font-size', up.font.size),
      family: a('font-family') ?? up.font.family,
      weight: a('font-weight') ?? up.font.weight,
      anchor: a('text-anchor') ?? up.font.anchor,
    },
  };
}

function matrixOf(el: Element, up: DOMMatrix): DOMMatrix {
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

/** The shape's outline in its own user units, or null for elements that draw nothing. */
function outlineOf(el: Element): Path2D | null {
  const p = new Path2D();
  switch (el.localName) {
    case 'path':
      return new Path2D(el.getAttribute('d') ?? '');
    case 'circle':
      p.arc(num(el, 'cx'), num(el, 'cy'), num(el, 'r'), 0, 2 * Math.PI);
      return p;
    case 'line':
      p.moveTo(num(el, 'x1'), num(el, 'y1'));
      p.lineTo(num(el, 'x2'), num(el, 'y2'));
      return p;
    case 'rect': {
      const w = num(el, 'width');
      const h = num(el, 'height');
      const r = Math.min(num(el, 'rx'), w / 2, h / 2);
      if (r > 0) p.roundRect(num(el, 'x'), num(el, 'y'), w, h, r);
      else p.rect(num(el, 'x'), num(el, 'y'), w, h);
      return p;
    }
    case 'polyline':
    case 'polygon': {
      const xy = pointsOf(el.getAttribute('points'));
      for (let i = 0; i + 1 < xy.length; i += 2) (i ? p.lineTo(xy[i], xy[i + 1]) : p.moveTo(xy[i], xy[i + 1]));
      if (el.localName === 'polygon') p.closePath();
      return p;
    }
    default:
      return null;
  }
}

/** An arrowhead (marker-end, orient="auto", markerUnits = stroke width) at a line's end. */
function markerSteps(line: Element, m: DOMMatrix, paint: Paint, svg: SVGSVGElement, out: Step[]): void {
  const id = /url\(#([^)]+)\)/.exec(line.getAttribute('marker-end') ?? '')?.[1];
  const marker = id ? svg.getElementById(id) : null;
  if (!marker) return;
  const [, , vw = 10, vh = 10] = pointsOf(marker.getAttribute('viewBox'));
  const x1 = num(line, 'x1'), y1 = num(line, 'y1'), x2 = num(line, 'x2'), y2 = num(line, 'y2');
  const at = m
    .translate(x2, y2)
    .rotate((Math.atan2(y2 - y1, x2 - x1) * 180) / Math.PI)
    .scale((paint.width * num(marker, 'markerWidth', 3)) / vw, (paint.width * num(marker, 'markerHeight', 3)) / vh)
    .translate(-num(marker, 'refX'), -num(marker, 'refY'));
  for (const child of marker.children) walk(child, at, paintFrom(marker, ROOT_PAINT), svg, out);
}

/** Appends the drawing steps of `el` and its children. */
function walk(el: Element, up: DOMMatrix, upPaint: Paint, svg: SVGSVGElement, out: Step[]): void {
  const name = el.localName;
  if (name === 'defs' || name === 'marker' || el.getAttribute('display') === 'none' || el.getAttribute('visibility') === 'hidden') return;
  const m = matrixOf(el, up);
  const paint = paintFrom(el, upPaint);
  if (name === 'g') {
    for (const child of el.children) walk(child, m, paint, svg, out);
    return;
  }
  if (name === 'text') {
    const fill = paintOf(paint.fill);
    const text = el.textContent ?? '';
    if (!fill || !text) return;
    const f = paint.font;
    out.push({
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
  const path = outlineOf(el);
  if (!path) return;
  const fill = paintOf(paint.fill);
  const stroke = paintOf(paint.stroke);
  if (fill || stroke) out.push({ kind: 'shape', m, path, fill, stroke, width: paint.width, alpha: paint.alpha, dash: paint.dash });
  if (name === 'line' && stroke) markerSteps(el, m, paint, svg, out);
}

function play(ctx: CanvasRenderingContext2D, base: DOMMatrix, steps: Step[]): void {
  for (const s of steps) {
    ctx.setTransform(base.multiply(s.m));
    ctx.globalAlpha = s.alpha;
    if (s.kind === 'text') {
      ctx.font = s.font;
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

export interface SvgOverlay {
  /** Draws the overlay with the svg's viewBox mapped to the rectangle (x, y, width) of `ctx`. */
  draw(ctx: CanvasRenderingContext2D, x: number, y: number, width: number): void;
  dispose(): void;
}

/**
 * Watches `svg` and draws it on demand. Layers are the children of the svg's top-level <g>s
 * (the boundary panel's axes, boundary, arrows, points, trajectories, click area).
 */
export function svgOverlay(svg: SVGSVGElement): SvgOverlay {
  const cache = new Map<Element, Step[]>();
  const dirty = new Set<Element>();
  let all = true;
  const observer = new MutationObserver((records) => note(records));
  observer.observe(svg, { subtree: true, childList: true, attributes: true, characterData: true });

  /** The layer holding `node`, or null when the change is above the layers (rebuild all). */
  const layerOf = (node: Node | null): Element | null => {
    for (let n = node; n && n !== svg; n = n.parentNode) {
      const up = n.parentNode;
      if (up instanceof Element && up.localName === 'g' && up.parentNode === svg) return n as Element;
    }
    return null;
  };
  const note = (records: MutationRecord[]) => {
    for (const r of records) {
      const layer = layerOf(r.target);
      if (layer) dirty.add(layer);
      else all = true;
    }
  };

  return {
    draw(ctx, x, y, width) {
      note(observer.takeRecords());
      if (all) cache.clear();
      const vb = svg.viewBox.baseVal;
      const base = new DOMMatrix().translate(x, y).scale(vb && vb.width ? width / vb.width : 1).translate(-(vb?.x ?? 0), -(vb?.y ?? 0));
      ctx.save();
      ctx.lineCap = 'butt';
      ctx.lineJoin = 'miter';
      ctx.textBaseline = 'alphabetic';
      for (const top of svg.children) {
        if (top.localName !== 'g') continue;
        const m = matrixOf(top, new DOMMatrix());
        const paint = paintFrom(top, paintFrom(svg, ROOT_PAINT));
        for (const layer of top.children) {
          let steps = cache.get(layer);
          if (!steps || dirty.has(layer)) {
            steps = [];
            walk(layer, m, paint, svg, steps);
            cache.set(layer, steps);
          }
          play(ctx, base, steps);
        }
      }
      ctx.restore();
      dirty.clear();
      all = false;
      // Layers removed from the page leave the cache at the next full rebuild.
    },
    dispose: () => observer.disconnect(),
  };
}
