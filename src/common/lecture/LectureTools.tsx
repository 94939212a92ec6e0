import type { ReactNode } from 'react';
import { ThemeSwitch } from './ThemeSwitch';

/**
 * The top bar's lecture tools (issue 15), one group both labs place beside their share buttons:
 * the dark/light switch, and whatever the lab adds (the Toy Lab: record, embed code).
 */
export function LectureTools({ children }: { children?: ReactNode }) {
  return (
    <div className="lecture-tools">
      {children}
      <ThemeSwitch />
    </div>
  );
}
