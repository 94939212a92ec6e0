/** Transport icons as inline SVG (glyphs such as ⏭ are missing from many fonts, projectors' included). */
const base = { width: 18, height: 18, viewBox: '0 0 24 24', 'aria-hidden': true } as const;

export const PlayIcon = () => (
  <svg {...base}>
    <path d="M7 4.5v15l13-7.5z" fill="currentColor" />
  </svg>
);

export const PauseIcon = () => (
  <svg {...base}>
    <path d="M6 4h4.5v16H6zM13.5 4H18v16h-4.5z" fill="currentColor" />
  </svg>
);

export const StepIcon = () => (
  <svg {...base}>
    <path d="M5 4.5v15l11-7.5z M17 4.5h3v15h-3z" fill="currentColor" />
  </svg>
);

export const ResetIcon = () => (
  <svg {...base}>
    <path d="M12 5a7 7 0 1 1-6.6 4.7" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />
    <path d="M3.5 4.5l1.6 5.6 5.5-1.8z" fill="currentColor" />
  </svg>
);
