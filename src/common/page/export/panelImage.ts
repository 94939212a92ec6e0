/**
 * A panel of the page as a standalone SVG (and PNG): its chart SVG with every computed style
 * written inline, and for the boundary panels the heatmap canvas composed underneath as an
 * <image> (a data: PNG) at the place it has on screen. PNG: that SVG drawn from a same-origin blob
 * URL onto an offscreen canvas. Shared by both labs.
 */
import { htmlPanelSvg } from './htmlPanel';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Presentation properties worth copying from the computed style (what CSS sets on charts). */
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
];

function inlineStyles(source: Element, target: Element): void {
  const cs = getComputedStyle(source);
  const parts: string[] = [];
  for (const p of STYLE_PROPS) {
    const v = cs.getPropertyValue(p);
    if (v) parts.push(`${p}:${v}`);
  }
  if (parts.length) target.setAttribute('style', parts.join(';'));
  const s = source.children;
  const t = target.children;
  for (let i = 0; i < s.length && i < t.length; i++) inlineStyles(s[i], t[i]);
}

export interface PanelImage {
  svg: string;
  width: number;
  height: number;
}

/**
 * The panel's picture as SVG text: its chart, or for a panel of pictures and tables (marked
 * `data-export-panel`) what it shows, drawn as SVG (htmlPanel.ts); null if it has neither.
 */
export async function panelSvg(panel: Element): Promise<PanelImage | null> {
  // The chart, not a button's icon (icons.tsx marks them .icon).
  const src = panel.querySelector<SVGSVGElement>('svg:not(.icon)');
  if (!src) return panel.hasAttribute('data-export-panel') ? htmlPanelSvg(panel) : null;
  const vb = src.viewBox?.baseVal;
  const box = src.getBoundingClientRect();
  const width = vb && vb.width ? vb.width : box.width || 300;
  const height = vb && vb.height ? vb.height : box.height || 150;
  const out = src.cloneNode(true) as SVGSVGElement;
  inlineStyles(src, out);
  out.setAttribute('xmlns', SVG_NS);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(height));
  if (!out.getAttribute('viewBox')) out.setAttribute('viewBox', `0 0 ${width} ${height}`);
  out.removeAttribute('class');
  // White background, then the heatmap canvas (if any) where it sits under the overlay.
  const first = out.firstChild;
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#ffffff');
  out.insertBefore(bg, first);
  const canvas = panel.querySelector('canvas');
  if (canvas && box.width > 0 && box.height > 0) {
    const c = canvas.getBoundingClientRect();
    const sx = width / box.width;
    const sy = height / box.height;
    const img = document.createElementNS(SVG_NS, 'image');
    img.setAttribute('x', String((c.left - box.left) * sx));
    img.setAttribute('y', String((c.top - box.top) * sy));
    img.setAttribute('width', String(c.width * sx));
    img.setAttribute('height', String(c.height * sy));
    img.setAttribute('preserveAspectRatio', 'none');
    img.setAttribute('href', canvas.toDataURL('image/png'));
    out.insertBefore(img, first);
  }
  const text = new XMLSerializer().serializeToString(out);
  return { svg: `<?xml version="1.0" encoding="UTF-8"?>\n${text}`, width, height };
}

/** The SVG rasterised at `scale` (a same-origin blob: image drawn onto a canvas). */
export async function svgToPng(image: PanelImage, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([image.svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(image.width * scale);
    canvas.height = Math.round(image.height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The panels that can be exported: every card with a chart or marked `data-export-panel`, by its label. */
export function exportablePanels(root: ParentNode = document): { label: string; el: Element }[] {
  return [...root.querySelectorAll('section.card')]
    .filter((el) => (el.querySelector('svg:not(.icon)') || el.hasAttribute('data-export-panel')) && !el.closest('[data-export-skip]'))
    .map((el) => ({ label: el.getAttribute('aria-label') ?? el.querySelector('h2,h3')?.textContent ?? 'panel', el }));
}
