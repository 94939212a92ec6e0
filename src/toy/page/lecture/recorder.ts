/**
 * Records the two boundary panels as a WebM video (issue 15): both plots are composed, ten times a
 * second, onto one offscreen canvas (the heatmap canvas as it is, the SVG overlay drawn from a
 * serialised copy, a title line with the step), whose captureStream feeds a MediaRecorder. Stop
 * gives the file. Nothing leaves the page: the overlay is drawn from a same-origin blob: URL.
 */
import { H, MARGIN, S, W } from '../plot/geometry';

const FPS = 8;
const HEAD = 28;
/** How often the SVG overlays are redrawn into images (they change less often than the frames). */
const OVERLAY_MS = 1000;

export const canRecordVideo = (): boolean =>
  typeof MediaRecorder !== 'undefined' && typeof HTMLCanvasElement.prototype.captureStream === 'function' && !!videoType();

function videoType(): string | null {
  if (typeof MediaRecorder === 'undefined') return null;
  return ['video/webm;codecs=vp8', 'video/webm', 'video/webm;codecs=vp9'].find((t) => MediaRecorder.isTypeSupported(t)) ?? null;
}

interface PanelSource {
  title: string;
  color: string;
  root: Element;
}

export interface Recording {
  stop(): Promise<Blob>;
}

/** An SVG element as an image (drawn from a blob: URL); null if it cannot be decoded. */
async function svgImage(svg: SVGSVGElement): Promise<HTMLImageElement | null> {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(W));
  copy.setAttribute('height', String(H));
  copy.style.color = '#1f2937';
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(copy)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return img;
  } catch {
    return null;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * Starts recording `panels` (their roots hold a .plot canvas and svg); `status` gives the text
 * of the title line (the step). Throws if the browser cannot record video.
 */
export function startRecording(panels: PanelSource[], status: () => string): Recording {
  const type = videoType();
  if (!type) throw new Error('this browser cannot record video (no MediaRecorder for WebM)');
  const out = document.createElement('canvas');
  out.width = W * panels.length;
  out.height = H + HEAD;
  // A CPU-backed canvas: a GPU one costs a read-back per captured frame (very slow on a software GPU).
  const ctx = out.getContext('2d', { willReadFrequently: true })!;
  const overlays: (HTMLImageElement | null)[] = panels.map(() => null);
  let lastOverlay = 0;
  let busy = false;
  // Only a changed overlay is drawn again (serialising and decoding it costs the main thread).
  let changed = true;
  const watch = new MutationObserver(() => (changed = true));
  for (const p of panels) {
    const svg = p.root.querySelector('.plot svg');
    if (svg) watch.observe(svg, { subtree: true, childList: true, attributes: true });
  }

  const refreshOverlays = async () => {
    if (busy) return;
    busy = true;
    try {
      const imgs = await Promise.all(panels.map((p) => {
        const svg = p.root.querySelector<SVGSVGElement>('.plot svg');
        return svg ? svgImage(svg) : Promise.resolve(null);
      }));
      imgs.forEach((img, i) => (overlays[i] = img ?? overlays[i]));
    } finally {
      busy = false;
    }
  };

  const draw = () => {
    const now = performance.now();
    if (changed && !busy && now - lastOverlay > OVERLAY_MS) {
      lastOverlay = now;
      changed = false;
      void refreshOverlays();
    }
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.font = '600 16px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    panels.forEach((p, i) => {
      const x0 = i * W;
      ctx.fillStyle = p.color;
      ctx.fillText(p.title, x0 + MARGIN.left, HEAD / 2);
      const heat = p.root.querySelector<HTMLCanvasElement>('.plot canvas');
      if (heat) ctx.drawImage(heat, x0 + MARGIN.left, HEAD + MARGIN.top, S, S);
      const img = overlays[i];
      if (img) ctx.drawImage(img, x0, HEAD, W, H);
    });
    ctx.fillStyle = '#374151';
    ctx.font = '13px system-ui, sans-serif';
    ctx.textAlign = 'right';
    ctx.fillText(status(), out.width - 10, HEAD / 2);
    ctx.textAlign = 'left';
  };

  draw();
  const stream = out.captureStream(FPS);
  const recorder = new MediaRecorder(stream, { mimeType: type, videoBitsPerSecond: 1_500_000 });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => {
    if (e.data.size > 0) chunks.push(e.data);
  };
  recorder.start(500);
  const timer = setInterval(draw, 1000 / FPS);

  return {
    stop: () =>
      new Promise<Blob>((resolve) => {
        clearInterval(timer);
        watch.disconnect();
        recorder.onstop = () => {
          stream.getTracks().forEach((t) => t.stop());
          resolve(new Blob(chunks, { type: 'video/webm' }));
        };
        recorder.stop();
      }),
  };
}

/** Saves `blob` as a file named `name` (a same-origin blob: link, clicked). */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
