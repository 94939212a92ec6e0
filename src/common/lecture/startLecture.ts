/**
 * The page-wide parts of issue 15 ("lecture-ready"), started by both labs' main.tsx before the
 * first render: the theme (theme.ts), embed mode (embed.ts).
 */
import { startEmbed } from './embed';
import { startTheme } from './theme';
import './lecture.css';
import './phone.css';
import './embed.css';

export function startLecture(): void {
  startTheme();
  startEmbed();
}
