import { useRef, type ReactNode } from 'react';
import { setZoom, useZoom, ZOOM_MAX, ZOOM_MIN } from './zoom';

/**
 * A plot that zooms (issue 15: phones and touch): + / − buttons, or a two-finger pinch. The plot
 * is drawn larger inside a viewport that scrolls (one finger pans), so nothing is recomputed.
 * `children` is the plot itself, laid out at 100 % width.
 */
export function ZoomablePlot({ id, children }: { id: string; children: ReactNode }) {
  const zoom = useZoom((s) => s.zoom);
  const pinch = useRef<{ d: number; zoom: number } | null>(null);
  const distance = (t: React.TouchList) => Math.hypot(t[0].clientX - t[1].clientX, t[0].clientY - t[1].clientY);
  return (
    <div className="zoomable">
      <div
        className="zoom-viewport"
        data-zoom={zoom}
        style={{ overflow: zoom > 1 ? 'auto' : 'visible', touchAction: zoom > 1 ? 'pan-x pan-y' : 'pan-y' }}
        onTouchStart={(e) => {
          if (e.touches.length === 2) pinch.current = { d: distance(e.touches), zoom };
        }}
        onTouchMove={(e) => {
          if (e.touches.length === 2 && pinch.current) setZoom((pinch.current.zoom * distance(e.touches)) / Math.max(1, pinch.current.d));
        }}
        onTouchEnd={() => {
          pinch.current = null;
        }}
      >
        <div className="zoom-content" style={{ width: `${zoom * 100}%` }}>
          {children}
        </div>
      </div>
      <div className="zoom-buttons" role="group" aria-label="Zoom">
        <button type="button" className="btn lecture-btn" data-testid={`zoom-out-${id}`} disabled={zoom <= ZOOM_MIN} onClick={() => setZoom(zoom / 1.5)} aria-label="Zoom out">
          −
        </button>
        <button type="button" className="btn lecture-btn" data-testid={`zoom-in-${id}`} disabled={zoom >= ZOOM_MAX} onClick={() => setZoom(zoom * 1.5)} aria-label="Zoom in">
          +
        </button>
      </div>
    </div>
  );
}
