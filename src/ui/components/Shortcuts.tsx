import { useEffect } from 'react';
import { lab } from '../state/store';

/**
 * Keyboard: Space plays or pauses, the right arrow trains one step. Ignored while a form control
 * has focus (Space there types, toggles or presses it).
 */
export function Shortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || /^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(t.tagName))) return;
      if (e.key === ' ') {
        e.preventDefault();
        lab.togglePlay();
      } else if (e.key === 'ArrowRight') {
        e.preventDefault();
        lab.stepOnce();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return null;
}
