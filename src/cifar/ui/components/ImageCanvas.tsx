import { useEffect, useRef } from 'react';
import { SIDE } from '../image';

/**
 * One 32x32 picture, drawn pixel for pixel and scaled up by CSS (pixelated: the pixels are the
 * data). `rgba` is recomputed by the caller when its inputs change.
 */
export function ImageCanvas({ rgba, title, testId }: { rgba: Uint8ClampedArray<ArrayBuffer> | null; title?: string; testId?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    if (rgba) ctx.putImageData(new ImageData(rgba, SIDE, SIDE), 0, 0);
    else ctx.clearRect(0, 0, SIDE, SIDE);
  }, [rgba]);
  return <canvas ref={ref} className="pixels" width={SIDE} height={SIDE} title={title} data-testid={testId} />;
}
