/**
 * Records the two boundary panels (issue 15): both heatmap canvases (the model's P(class 1) with
 * the training points, as drawn on the page) are composed a few times a second onto one
 * offscreen canvas with a title line and the step. Where the browser has a MediaRecorder for WebM,
 * the canvas's captureStream feeds it and stop gives a WebM video; elsewhere each composed frame
 * goes to an animated GIF (gifenc: a 256-colour palette per frame, encoded as it comes, so memory
 * holds the file, not the frames). Each panel's SVG overlay (axes, boundary line, test points,
 * arrows, attack paths) is drawn over its heatmap by svgOverlay.ts, straight onto the canvas.
 */
import { applyPalette, GIFEncoder, quantize } from 'gifenc';
import { H, MARGIN, S, W } from '../plot/geometry';
import { svgOverlay } from './svgOverlay';

const FPS = 8;
/** GIF frames: fewer, and at most this many (a minute at 4 per second), the last ones kept out. */
const GIF_FPS = 4;
const GIF_MAX_FRAMES = 240;
const HEAD = 28;

export const canRecordVideo = (): boolean =>
  typeof MediaRecorder !== 'undefined' && typeof HTMLCanvasElement.prototype.captureStream === 'function' && !!videoType();

/** What a recording gives: WebM where the browser records video, else an animated GIF. */
export const recordingKind = (): 'webm' | 'gif' => (canRecordVideo() ? 'webm' : 'gif');

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
  kind: 'webm' | 'gif';
  stop(): Promise<Blob>;
}

/**
 * Starts recording `panels` (their roots hold a .plot canvas and svg); `status` gives the text
 * of the title line (the step). WebM where the browser can, else GIF (recordingKind).
 */
export function startRecording(panels: PanelSource[], status: () => string): Recording {
  const { out, ctx, draw, dispose } = composer(panels, status);
  const type = videoType();
  if (!type || typeof out.captureStream !== 'function') return gifRecording(out, ctx, draw, dispose);
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
    kind: 'webm',
    stop: () =>
      new Promise<Blob>((resolve) => {
        clearInterval(timer);
        dispose();
        recorder.onstop = () => {
          stream.getTracks().forEach((t) => t.stop());
          resolve(new Blob(chunks, { type: 'video/webm' }));
        };
        recorder.stop();
      }),
  };
}

/** The GIF fallback: every composed frame quantised and written at once. */
function gifRecording(out: HTMLCanvasElement, ctx: CanvasRenderingContext2D, draw: () => void, dispose: () => void): Recording {
  const gif = GIFEncoder();
  let frames = 0;
  const frame = () => {
    if (frames >= GIF_MAX_FRAMES) return;
    draw();
    const { data } = ctx.getImageData(0, 0, out.width, out.height);
    const palette = quantize(data, 256);
    gif.writeFrame(applyPalette(data, palette), out.width, out.height, { palette, delay: 1000 / GIF_FPS });
    frames++;
  };
  frame();
  const timer = setInterval(frame, 1000 / GIF_FPS);
  return {
    kind: 'gif',
    stop: async () => {
      clearInterval(timer);
      frame();
      dispose();
      gif.finish();
      return new Blob([gif.bytes()], { type: 'image/gif' });
    },
  };
}

/** The offscreen canvas both recorders read, and how to draw one frame onto it. */
function composer(panels: PanelSource[], status: () => string) {
  const out = document.createElement('canvas');
  out.width = W * panels.length;
  out.height = H + HEAD;
  // A CPU-backed canvas: a GPU one costs a read-back per captured frame (very slow on a software GPU).
  const ctx = out.getContext('2d', { willReadFrequently: true })!;
  const overlays = panels.map((p) => {
    const svg = p.root.querySelector<SVGSVGElement>('.plot svg');
    return svg ? svgOverlay(svg) : null;
  });

  const draw = () => {
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
      ctx.strokeStyle = '#9ca3af';
      ctx.strokeRect(x0 + MARGIN.left - 0.5, HEAD + MARGIN.top - 0.5, S + 1, S + 1);
      overlays[i]?.draw(ctx, x0, HEAD, W);
    });
    ctx.fillStyle = '#374151';
    ctx.font = '13px system-ui, sans-serif';
    ctx.textAlign = 'right';
    ctx.fillText(status(), out.width - 10, HEAD / 2);
    ctx.textAlign = 'left';
  };
  return { out, ctx, draw, dispose: () => overlays.forEach((o) => o?.dispose()) };
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
