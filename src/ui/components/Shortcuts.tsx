import { useEffect } from 'react';
import { handleShortcut } from '../teach/shortcuts';

/**
 * Keyboard: Space plays or pauses, the right arrow trains one step, R resets, A attacks, N steps
 * the tour, P toggles presentation mode, ? opens the help (the table is teach/shortcuts.ts).
 * Ignored while a form control has focus (Space there types, toggles or presses it).
 */
export function Shortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => void handleShortcut(e);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return null;
}
