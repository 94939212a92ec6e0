import { toggleTheme, useTheme } from './theme';

/** Dark / light switch (follows the system until used; the choice is remembered). */
export function ThemeSwitch() {
  const dark = useTheme((s) => s.theme === 'dark');
  return (
    <button
      className="btn lecture-btn"
      data-testid="theme-toggle"
      aria-pressed={dark}
      onClick={toggleTheme}
      title={dark ? 'Switch to the light theme' : 'Switch to the dark theme'}
      aria-label="Dark theme"
    >
      {dark ? '☀' : '☾'}
    </button>
  );
}
