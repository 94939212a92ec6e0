import type { HTMLAttributes, ReactNode } from 'react';

/**
 * A card beside the pointer (both labs' hover cards): to its right, or to its left near the
 * window's right edge; never below the window's bottom. `width` is the card's width (a third wider
 * in presentation mode, for its larger type), `height` about how tall it gets.
 */
export function HoverCard({ left, top, width, height, children, ...rest }: { left: number; top: number; width: number; height: number; children: ReactNode } & HTMLAttributes<HTMLDivElement>) {
  const w = document.documentElement.hasAttribute('data-present') ? Math.round(width * 1.3) : width;
  const flipLeft = left > window.innerWidth - w - 30;
  return (
    <div className="point-tip" role="tooltip" style={{ width: w, left: flipLeft ? left - w - 14 : left + 14, top: Math.min(top + 14, window.innerHeight - height) }} {...rest}>
      {children}
    </div>
  );
}
