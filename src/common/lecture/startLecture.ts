/**
 * The page-wide parts of issue 15 ("lecture-ready"), started by both labs' main.tsx before the
 * first render: the theme (theme.ts), embed mode (embed.ts), the service worker and its
 * new-version prompt (offline.ts, UpdatePrompt.tsx: in a root of its own, beside the lab's).
 */
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { startEmbed } from './embed';
import { startOffline } from './offline';
import { UpdatePrompt } from './UpdatePrompt';
import { startTheme } from './theme';
import './lecture.css';
import './phone.css';
import './embed.css';

export function startLecture(): void {
  startTheme();
  startEmbed();
  startOffline();
  const host = document.createElement('div');
  host.className = 'update-host';
  document.body.append(host);
  createRoot(host).render(createElement(UpdatePrompt));
}
