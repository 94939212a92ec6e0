import { useTeach } from '../share/viewStore';
import { closeMath, useMathDrawer } from './MathDrawer';
import type { Tour } from './tourControl';

/** A keyboard shortcut: one row of a lab's table, used by the key handler and the help overlay. */
export interface Shortcut {
  /** KeyboardEvent.key values. */
  keys: readonly string[];
  /** As shown in the help. */
  label: string;
  what: string;
  run: () => void;
}

/** The rows every lab shares: the tour, presentation mode, the help, Esc. */
export function teachShortcuts(tour: Tour): Shortcut[] {
  const closeTopmost = () => {
    const s = useTeach.getState();
    if (s.helpOpen) useTeach.setState({ helpOpen: false });
    else if (useMathDrawer.getState().open) closeMath();
    else if (s.tourStep !== null) tour.end();
  };
  return [
    { keys: ['n', 'N'], label: 'N', what: 'Next tour step (starts the tour)', run: () => tour.next() },
    { keys: ['p', 'P'], label: 'P', what: 'Presentation mode on / off', run: () => useTeach.setState((s) => ({ present: !s.present })) },
    { keys: ['?'], label: '?', what: 'This help', run: () => useTeach.setState({ helpOpen: true }) },
    { keys: ['Escape'], label: 'Esc', what: 'Close the help, or end the tour', run: closeTopmost },
  ];
}

/**
 * Runs the shortcut of a key press from `table`; true if one ran. Ignored with a modifier (Shift
 * only counts for "?"), and while a form control has focus (Space there types, toggles or
 * presses it), except Esc, which always closes.
 */
export function handleShortcut(e: KeyboardEvent, table: readonly Shortcut[]): boolean {
  if (e.altKey || e.ctrlKey || e.metaKey) return false;
  const t = e.target as HTMLElement | null;
  const inControl = !!t && (t.isContentEditable || /^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(t.tagName));
  if (inControl && e.key !== 'Escape') return false;
  const sc = table.find((s) => s.keys.includes(e.key));
  if (!sc) return false;
  // While the help is open only Esc and "?" act.
  if (useTeach.getState().helpOpen && e.key !== 'Escape' && e.key !== '?') return false;
  e.preventDefault();
  sc.run();
  return true;
}
