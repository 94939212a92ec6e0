/**
 * Draws a boundary panel's SVG overlay (axes, the P = 0.5 line, test points, arrows, attack
 * paths) onto a 2-D canvas for the recorder (issue 15), without serialising the SVG to an image
 * (that starved the main thread). Each layer (a child of a top-level <g>) is walked into drawing
 * steps (svgSteps.ts), rebuilt only when a MutationObserver saw it change: while training only
 * the boundary line (and the arrows, when shown) are rebuilt; the axes and the test points are
 * drawn from a bitmap made once. Measured in Chromium on a loaded 2-core machine: about 0.5 ms a
 * frame for both panels while training (arrows on: about 20 ms, their 1,352 lines re-read).
 *
 * Colours come from the elements' attributes (what D3 and React set), not from computed styles:
 * the recording is drawn on white in either theme, and attributes are cheap to read.
 */
import { layerSteps, matrixOf, paintFrom, play, ROOT_PAINT, type Step } from './svgSteps';

export interface SvgOverlay {
  /** Draws the overlay with the svg's viewBox mapped to the rectangle (x, y, width) of `ctx` (in its pixels: it sets the transform). */
  draw(ctx: CanvasRenderingContext2D, x: number, y: number, width: number): void;
  dispose(): void;
}

interface Layer {
  steps: Step[];
  /** The layer drawn once, for layers unchanged since the frame before (axes, test points). */
  bitmap: HTMLCanvasElement | null;
}

/** Layers with fewer steps than this are cheaper replayed than kept as a bitmap. */
const BITMAP_STEPS = 8;

/**
 * Watches `svg` and draws it on demand. Layers are the children of the svg's top-level <g>s
 * (the boundary panel's axes, boundary, arrows, points, trajectories, click area). A layer that
 * changed is rebuilt and replayed; one unchanged since the last frame is drawn from a bitmap.
 */
export function svgOverlay(svg: SVGSVGElement): SvgOverlay {
  const cache = new Map<Element, Layer>();
  const dirty = new Set<Element>();
  let all = true;
  let scale = 0;
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

  const bitmapOf = (steps: Step[], vb: DOMRect, k: number): HTMLCanvasElement => {
    const c = document.createElement('canvas');
    c.width = Math.ceil(vb.width * k);
    c.height = Math.ceil(vb.height * k);
    // On the CPU, as the recording canvas: drawing between GPU and CPU canvases costs a read-back.
    const g = c.getContext('2d', { willReadFrequently: true })!;
    play(g, new DOMMatrix().scale(k).translate(-vb.x, -vb.y), steps);
    return c;
  };

  return {
    draw(ctx, x, y, width) {
      note(observer.takeRecords());
      const vb = svg.viewBox.baseVal;
      const k = vb && vb.width ? width / vb.width : 1;
      if (all || k !== scale) cache.clear();
      scale = k;
      const base = new DOMMatrix().translate(x, y).scale(k).translate(-(vb?.x ?? 0), -(vb?.y ?? 0));
      ctx.save();
      ctx.lineCap = 'butt';
      ctx.lineJoin = 'miter';
      ctx.textBaseline = 'alphabetic';
      for (const top of svg.children) {
        if (top.localName !== 'g') continue;
        const m = matrixOf(top, new DOMMatrix());
        const paint = paintFrom(top, paintFrom(svg, ROOT_PAINT) ?? ROOT_PAINT);
        if (!paint) continue;
        for (const el of top.children) {
          let layer = cache.get(el);
          if (!layer || dirty.has(el)) {
            layer = { steps: layerSteps(el, m, paint, svg), bitmap: null };
            cache.set(el, layer);
            play(ctx, base, layer.steps);
            continue;
          }
          if (layer.steps.length < BITMAP_STEPS) {
            play(ctx, base, layer.steps);
            continue;
          }
          layer.bitmap ??= bitmapOf(layer.steps, vb, k);
          ctx.setTransform(1, 0, 0, 1, 0, 0);
          ctx.globalAlpha = 1;
          ctx.drawImage(layer.bitmap, x, y);
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
