/**
 * The page-wide parts of issue 15 ("lecture-ready"), started by both labs' main.tsx before the
 * first render: the theme (theme.ts), embed mode (embed.ts), the service worker and its
 * new-version prompt (offline.ts, UpdatePrompt.tsx: in a root of its own, beside the lab's).
 */
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { startEmbed, type EmbedChoice } from './embed';
import { startOffline } from './offline';
import { UpdatePrompt } from './UpdatePrompt';
import { startTheme } from './theme';
import './lecture.css';
import './phone.css';
import './embed.css';

/** `embedPanels`: the lab's panels `?embed=1&panels=` may choose (the first is the default). */
export function startLecture(embedPanels: readonly EmbedChoice[]): void {
  startTheme();
  startEmbed(embedPanels);
  startOffline();
  const host = document.createElement('div');
  host.className = 'update-host';
  document.body.append(host);
  createRoot(host).render(createElement(UpdatePrompt));
}
