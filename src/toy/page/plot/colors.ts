/** Class and model colours, shared by the canvas, the SVG overlays, the charts and the CSS. */
export const CLASS_COLORS = ['#e66101', '#5e3c99'] as const;
export const MODEL_COLORS = { vanilla: '#475569', pag: '#0f766e' } as const;
export const TRUTH_COLOR = '#111827';
/** The two models in a chart's legend. */
export const MODEL_LEGEND = [
  { label: 'vanilla', color: MODEL_COLORS.vanilla },
  { label: 'PAG', color: MODEL_COLORS.pag },
] as const;

const RGB: readonly (readonly [number, number, number])[] = [
  [230, 97, 1],
  [94, 60, 153],
];

/**
 * P(class 1) -> RGBA, 256 entries: white at 0.5, towards the class colour as the model gets
 * sure. A power below 1 makes small departures from 0.5 visible, so a boundary that hugs the
 * data shows as a pale band, not as nothing.
 */
export const HEAT_LUT: Uint8ClampedArray = (() => {
  const lut = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) {
    const p = i / 255;
    const t = Math.abs(2 * p - 1);
    const a = 0.62 * Math.pow(t, 0.7);
    const c = RGB[p < 0.5 ? 0 : 1];
    for (let k = 0; k < 3; k++) lut[4 * i + k] = Math.round(255 * (1 - a) + c[k] * a);
    lut[4 * i + 3] = 255;
  }
  return lut;
})();
