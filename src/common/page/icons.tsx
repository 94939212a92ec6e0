/**
 * Icons of the page frame as inline SVG (both labs): font glyphs such as 🔗 or ▶ are missing from
 * many fonts (common Linux fonts and projectors' included). Decorative: the button beside carries
 * the words (its label, or aria-label and title where only the icon shows).
 */
const base = { width: 16, height: 16, viewBox: '0 0 24 24', 'aria-hidden': true, focusable: false, className: 'icon' } as const;

/** Icon size in CSS pixels (the Toy Lab's transport buttons use 18). */
interface IconProps {
  size?: number;
}
const sized = (size: number) => ({ ...base, width: size, height: size });

export const LinkIcon = () => (
  <svg {...base}>
    <path d="M10 14a4.5 4.5 0 0 0 6.4 0l3.2-3.2a4.5 4.5 0 0 0-6.4-6.4L11.8 5.8" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
    <path d="M14 10a4.5 4.5 0 0 0-6.4 0l-3.2 3.2a4.5 4.5 0 0 0 6.4 6.4l1.4-1.4" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
  </svg>
);

/** A projector screen: presentation mode. */
export const PresentIcon = () => (
  <svg {...base}>
    <path d="M3 4h18M4.5 4v10.5h15V4M12 14.5V18M8 21l4-3 4 3" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
  </svg>
);

/** A compass: the guided tour. */
export const TourIcon = () => (
  <svg {...base}>
    <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" strokeWidth="2" />
    <path d="M15.5 8.5l-2 5-5 2 2-5z" fill="currentColor" />
  </svg>
);

export const StarIcon = () => (
  <svg {...base}>
    <path d="M12 2.8l2.8 5.8 6.3.9-4.6 4.4 1.1 6.3L12 17.2l-5.6 3 1.1-6.3-4.6-4.4 6.3-.9z" fill="currentColor" />
  </svg>
);

/** Sigma: the math. */
export const MathIcon = () => (
  <svg {...base}>
    <path d="M18 5H6l6 7-6 7h12" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
  </svg>
);

export const CloseIcon = () => (
  <svg {...base}>
    <path d="M6 6l12 12M18 6L6 18" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />
  </svg>
);

export const PlayIcon = ({ size = 16 }: IconProps) => (
  <svg {...sized(size)}>
    <path d="M7 4.5v15l13-7.5z" fill="currentColor" />
  </svg>
);

export const PauseIcon = ({ size = 16 }: IconProps) => (
  <svg {...sized(size)}>
    <path d="M6 4h4.5v16H6zM13.5 4H18v16h-4.5z" fill="currentColor" />
  </svg>
);

export const ResetIcon = ({ size = 16 }: IconProps) => (
  <svg {...sized(size)}>
    <path d="M12 5a7 7 0 1 1-6.6 4.7" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />
    <path d="M3.5 4.5l1.6 5.6 5.5-1.8z" fill="currentColor" />
  </svg>
);

/** Play to the bar: one step. */
export const StepIcon = ({ size = 16 }: IconProps) => (
  <svg {...sized(size)}>
    <path d="M5 4.5v15l11-7.5z M17 4.5h3v15h-3z" fill="currentColor" />
  </svg>
);
