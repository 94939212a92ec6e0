import { useMemo } from 'react';
import { bmpDataUrl } from '../image';

/**
 * One 32x32 picture, pixel for pixel, scaled up by CSS (pixelated: the pixels are the data).
 * An <img> of a BMP data: URL rather than a canvas (see bmpDataUrl for why).
 */
export function PixelImage({ rgba, title, testId }: { rgba: Uint8ClampedArray | null; title?: string; testId?: string }) {
  const src = useMemo(() => (rgba ? bmpDataUrl(rgba) : null), [rgba]);
  if (!src) return <div className="pixels empty" title={title} data-testid={testId} />;
  return <img className="pixels" src={src} alt={title ?? ''} title={title} data-testid={testId} draggable={false} />;
}
