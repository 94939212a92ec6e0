/**
 * A panel made of HTML (pictures, tables, text) drawn as a standalone SVG, so that panels without
 * a chart export like the charts do: every visible element's background and borders as rects and
 * lines, every <img> as an <image> (re-encoded as a data: PNG, so the file stands alone), every
 * piece of text as <text> at the place it has on screen, line by line. Controls (buttons, fields),
 * folded help (<details>) and anything marked `data-export-skip` are left out: the file shows
 * results, not the form.
 */
import type { PanelImage } from './panelImage';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Controls, and help that folds away (<details>: "what you see / what to try", the math). */
const SKIP = 'button, input, select, textarea, details, [data-export-skip]';

interface Ctx {
  svg: SVGSVGElement;
  x0: number;
  y0: number;
}

const visibleColour = (c: string) => c !== '' && c !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(c);

function add(ctx: Ctx, tag: string, attrs: Record<string, string | number>): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  ctx.svg.appendChild(el);
  return el;
}

function boxAndBorders(ctx: Ctx, cs: CSSStyleDeclaration, r: DOMRect): void {
  const x = r.left - ctx.x0;
  const y = r.top - ctx.y0;
  if (visibleColour(cs.backgroundColor) && r.width > 0 && r.height > 0) add(ctx, 'rect', { x, y, width: r.width, height: r.height, fill: cs.backgroundColor });
  const sides = [
    ['Top', x, y, x + r.width, y],
    ['Bottom', x, y + r.height, x + r.width, y + r.height],
    ['Left', x, y, x, y + r.height],
    ['Right', x + r.width, y, x + r.width, y + r.height],
  ] as const;
  for (const [side, x1, y1, x2, y2] of sides) {
    const w = parseFloat(cs.getPropertyValue(`border-${side.toLowerCase()}-width`));
    const colour = cs.getPropertyValue(`border-${side.toLowerCase()}-color`);
    if (w > 0 && cs.getPropertyValue(`border-${side.toLowerCase()}-style`) !== 'none' && visibleColour(colour)) {
      add(ctx, 'line', { x1, y1, x2, y2, stroke: colour, 'stroke-width': w });
    }
  }
}

function picture(ctx: Ctx, img: HTMLImageElement, r: DOMRect): void {
  if (!img.complete || img.naturalWidth === 0 || r.width === 0) return;
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  canvas.getContext('2d')?.drawImage(img, 0, 0);
  add(ctx, 'image', {
    x: r.left - ctx.x0,
    y: r.top - ctx.y0,
    width: r.width,
    height: r.height,
    preserveAspectRatio: 'none',
    // The pixels are the data: no smoothing (the attribute for SVG readers, the style for browsers).
    'image-rendering': 'optimizeSpeed',
    style: 'image-rendering:pixelated',
    href: canvas.toDataURL('image/png'),
  });
}

/** The lines a text node is laid out in on screen: [text, rect of its first word, right end]. */
function textLines(node: Text): { text: string; rect: DOMRect }[] {
  const range = document.createRange();
  range.selectNodeContents(node);
  const rects = range.getClientRects();
  // Not trimmed: a node's edge spaces separate it from its neighbours ("after ", "3", " of ").
  const whole = (node.textContent ?? '').replace(/\s+/g, ' ');
  if (!whole.trim() || rects.length === 0) return [];
  if (rects.length === 1) return [{ text: whole, rect: rects[0] }];
  // Wrapped: word by word, a new line whenever a word starts lower than the last one.
  const lines: { text: string; rect: DOMRect }[] = [];
  const raw = node.textContent ?? '';
  for (const m of raw.matchAll(/\S+/g)) {
    range.setStart(node, m.index);
    range.setEnd(node, m.index + m[0].length);
    const r = range.getBoundingClientRect();
    const last = lines[lines.length - 1];
    if (last && Math.abs(r.top - last.rect.top) < r.height / 2) last.text += ` ${m[0]}`;
    else lines.push({ text: m[0], rect: r });
  }
  return lines;
}

function text(ctx: Ctx, node: Text, cs: CSSStyleDeclaration): void {
  for (const line of textLines(node)) {
    const t = add(ctx, 'text', {
      x: line.rect.left - ctx.x0,
      y: line.rect.top - ctx.y0 + line.rect.height / 2,
      'dominant-baseline': 'central',
      fill: cs.color,
      'font-family': cs.fontFamily,
      'font-size': cs.fontSize,
      'font-weight': cs.fontWeight,
      style: 'white-space:pre',
    });
    t.textContent = line.text;
  }
}

function walk(ctx: Ctx, el: Element, root: boolean): void {
  if (!root && el.matches(SKIP)) return;
  const cs = getComputedStyle(el);
  if (cs.display === 'none' || cs.visibility === 'hidden') return;
  const r = el.getBoundingClientRect();
  // Visually hidden copies for screen readers (e.g. KaTeX's MathML): 1px boxes that clip.
  if (!root && cs.overflow === 'hidden' && (r.width <= 1 || r.height <= 1)) return;
  if (!root) boxAndBorders(ctx, cs, r);
  if (el instanceof HTMLImageElement) return picture(ctx, el, r);
  for (const child of el.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) text(ctx, child as Text, cs);
    else if (child.nodeType === Node.ELEMENT_NODE) walk(ctx, child as Element, false);
  }
}

export function htmlPanelSvg(panel: Element): PanelImage {
  const box = panel.getBoundingClientRect();
  const width = Math.max(1, Math.ceil(box.width));
  const height = Math.max(1, Math.ceil(box.height));
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('xmlns', SVG_NS);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const ctx: Ctx = { svg, x0: box.left, y0: box.top };
  add(ctx, 'rect', { width: '100%', height: '100%', fill: '#ffffff' });
  walk(ctx, panel, true);
  const body = new XMLSerializer().serializeToString(svg);
  return { svg: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`, width, height };
}
