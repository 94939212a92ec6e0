import { useEffect, useRef, type DependencyList } from 'react';

/** Chart sizes in SVG units (CSS scales them to the column). */
export const CHART_W = 320;
export const CHART_H = 150;
export const pctTick = (v: number): string => `${Math.round(100 * v)}%`;

/** A ref for a chart's <svg> that is redrawn by `draw` whenever `deps` change. */
export function useChart(draw: (svg: SVGSVGElement) => void, deps: DependencyList) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (ref.current) draw(ref.current);
    // `draw` is a fresh closure each render; `deps` say when it draws something new.
  }, deps);
  return ref;
}
