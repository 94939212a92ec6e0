import type { Page } from '@playwright/test';

/** What the last frame of a recorded GIF shows of each panel's SVG overlay. */
export interface OverlayFound {
  panel: string;
  /** Samples along the page's boundary line (P = 0.5), and how many have a dark pixel in the frame there. */
  lineSamples: number;
  lineHits: number;
  /** Test points not covered by later circles, and how many have their class colour at their centre in the frame. */
  points: number;
  pointHits: number;
  /** Axis tick labels, and how many have dark (text) pixels in their box. */
  ticks: number;
  tickHits: number;
  /** Share of dark pixels in the plot area (a frame painted dark all over would pass the rest). */
  darkShare: number;
}

/**
 * Decodes the last frame of `gif` in the page (the browser's ImageDecoder) and compares it with
 * the page's own boundary-panel SVGs, which must be unchanged since that frame (training paused).
 * The frame holds the panels side by side at one pixel per viewBox unit below a title strip.
 */
export async function overlayInGif(page: Page, gif: Buffer): Promise<OverlayFound[]> {
  return page.evaluate(async (b64) => {
    type Decoder = { completed: Promise<void>; tracks: { ready: Promise<void>; selectedTrack: { frameCount: number } }; decode(o: { frameIndex: number }): Promise<{ image: CanvasImageSource & { displayWidth: number; displayHeight: number } }> };
    const ImageDecoder = (globalThis as unknown as { ImageDecoder: new (o: { data: Uint8Array; type: string }) => Decoder }).ImageDecoder;
    const dec = new ImageDecoder({ data: Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)), type: 'image/gif' });
    await dec.tracks.ready;
    await dec.completed;
    const { image } = await dec.decode({ frameIndex: dec.tracks.selectedTrack.frameCount - 1 });
    const fw = image.displayWidth;
    const fh = image.displayHeight;
    const canvas = new OffscreenCanvas(fw, fh);
    const g = canvas.getContext('2d')!;
    g.drawImage(image, 0, 0);
    const px = g.getImageData(0, 0, fw, fh).data;
    const rgb = (x: number, y: number) => {
      const i = 4 * (Math.round(y) * fw + Math.round(x));
      return [px[i], px[i + 1], px[i + 2]];
    };
    // The boundary line (#111827) and the axis text (#374151) are the only dark things on the
    // frame: the heatmap is pale and the points are class-coloured (no channel below 90 for both).
    const dark = (x: number, y: number) => Math.max(...rgb(x, y)) < 90;
    const darkNear = (x: number, y: number, r: number) => {
      for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) if (dark(x + dx, y + dy)) return true;
      return false;
    };
    const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));

    return ['vanilla', 'pag'].map((panel, k) => {
      const svg = document.querySelector<SVGSVGElement>(`[data-testid="boundary-${panel}"] .plot svg`)!;
      const vb = svg.viewBox.baseVal;
      const head = fh - vb.height;
      const toSvg = svg.getScreenCTM()!.inverse();
      // An element's point (its own user units) -> frame pixel.
      const at = (el: SVGGraphicsElement, x: number, y: number) => {
        const p = new DOMPoint(x, y).matrixTransform(toSvg.multiply(el.getScreenCTM()!));
        return { x: k * vb.width + p.x - vb.x, y: head + p.y - vb.y };
      };
      const area = svg.querySelector<SVGRectElement>('rect[fill="transparent"]')!;
      const a = at(area, 0, 0);
      const z = at(area, area.width.baseVal.value, area.height.baseVal.value);
      // Where the line runs along the plot's edge, the page's own frame (a grey rect) covers it.
      const inside = (f: { x: number; y: number }) => f.x > a.x + 3 && f.x < z.x - 3 && f.y > a.y + 3 && f.y < z.y - 3;
      let lineSamples = 0;
      let lineHits = 0;
      for (const path of svg.querySelectorAll<SVGPathElement>('g path[stroke="#111827"]')) {
        const len = path.getTotalLength();
        for (let s = 0; s < len; s += 4) {
          const q = path.getPointAtLength(s);
          const f = at(path, q.x, q.y);
          if (!inside(f)) continue;
          lineSamples++;
          if (darkNear(f.x, f.y, 2)) lineHits++;
        }
      }
      // Test points whose centre no later circle covers (points crowd; chosen points get a ring).
      const circles = [...svg.querySelectorAll<SVGCircleElement>('circle')].map((c) => ({ c, x: c.cx.baseVal.value, y: c.cy.baseVal.value, r: c.r.baseVal.value }));
      let points = 0;
      let pointHits = 0;
      const isPoint = (r: number) => Math.abs(r - 3.2) < 0.01;
      circles.forEach((p, i) => {
        if (!isPoint(p.r)) return;
        const covered = circles.slice(i + 1).some((o) => {
          const d = Math.hypot(o.x - p.x, o.y - p.y);
          return isPoint(o.r) ? d < o.r + 1.5 : Math.abs(d - o.r) < 2.5;
        });
        if (covered) return;
        const f = at(p.c, p.x, p.y);
        const want = hex(p.c.getAttribute('fill')!);
        points++;
        if (rgb(f.x, f.y).every((v, j) => Math.abs(v - want[j]) < 40)) pointHits++;
      });
      let ticks = 0;
      let tickHits = 0;
      for (const t of svg.querySelectorAll<SVGTextElement>('.tick text')) {
        const b = t.getBBox();
        const lo = at(t, b.x, b.y);
        const hi = at(t, b.x + b.width, b.y + b.height);
        ticks++;
        let hit = false;
        // Small anti-aliased glyphs seldom reach the full text colour; the margins are white.
        for (let y = Math.ceil(lo.y); y < hi.y && !hit; y++) for (let x = Math.ceil(lo.x); x < hi.x && !hit; x++) hit = Math.max(...rgb(x, y)) < 170;
        if (hit) tickHits++;
      }
      let n = 0;
      let d = 0;
      for (let y = Math.ceil(a.y) + 2; y < z.y - 2; y += 2) {
        for (let x = Math.ceil(a.x) + 2; x < z.x - 2; x += 2) {
          n++;
          if (dark(x, y)) d++;
        }
      }
      return { panel, lineSamples, lineHits, points, pointHits, ticks, tickHits, darkShare: d / n };
    });
  }, gif.toString('base64'));
}
