/**
 * Light and dark theme (issue 15). The page follows the system's prefers-color-scheme until the
 * user picks one with the switch; the pick is kept in localStorage. The resolved theme is on
 * <html data-theme="light|dark">, which theme.css reads.
 */
import { create } from 'zustand';
import './theme.css';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const KEY = 'pag-lab:theme';

function stored(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

const media = (): MediaQueryList | null => (typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null);

export const resolveTheme = (choice: ThemeChoice, systemDark: boolean): Theme => (choice === 'system' ? (systemDark ? 'dark' : 'light') : choice);

interface ThemeState {
  choice: ThemeChoice;
  theme: Theme;
}

export const useTheme = create<ThemeState>()(() => ({ choice: 'system', theme: 'light' }));

function apply(choice: ThemeChoice): void {
  const theme = resolveTheme(choice, media()?.matches ?? false);
  useTheme.setState({ choice, theme });
  document.documentElement.dataset.theme = theme;
}

let started = false;

/** Reads the stored choice, applies it and follows system changes. Call once, before rendering. */
export function startTheme(): void {
  if (started) return;
  started = true;
  apply(stored());
  media()?.addEventListener('change', () => apply(useTheme.getState().choice));
}

/** The switch: flips to the other theme and remembers it. */
export function toggleTheme(): void {
  const next: Theme = useTheme.getState().theme === 'dark' ? 'light' : 'dark';
  try {
    localStorage.setItem(KEY, next);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  apply(next);
}
