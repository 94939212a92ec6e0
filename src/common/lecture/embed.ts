/**
 * Embed mode (issue 15): `?embed=1` shows only the chosen panels (`panels=boundary,charts`,
 * default: the boundary plots) and a play button, to fit an 800x450 iframe in a slide. The root
 * element carries data-embed="true"; embed.css does the rest.
 */
export const EMBED_PANELS = ['boundary', 'charts'] as const;
export type EmbedPanel = (typeof EMBED_PANELS)[number];

export interface EmbedState {
  on: boolean;
  panels: EmbedPanel[];
}

/** The embed settings in a query string. Unknown panel names are left out. */
export function embedOf(search: string): EmbedState {
  const q = new URLSearchParams(search);
  const on = q.get('embed') === '1' || q.get('embed') === 'true';
  const asked = (q.get('panels') ?? '').split(',').map((p) => p.trim()).filter((p): p is EmbedPanel => (EMBED_PANELS as readonly string[]).includes(p));
  return { on, panels: asked.length ? asked : ['boundary'] };
}

export let embed: EmbedState = { on: false, panels: ['boundary'] };

export function startEmbed(): void {
  embed = embedOf(window.location.search);
  const html = document.documentElement;
  if (!embed.on) return;
  html.dataset.embed = 'true';
  html.dataset.embedPanels = embed.panels.join(' ');
  document.getElementById('root')?.setAttribute('data-embed', 'true');
}

/** An <iframe> snippet that embeds `link` (a link to this page with its state) at 800x450. */
export function embedCode(link: string, panels: readonly EmbedPanel[] = ['boundary']): string {
  const u = new URL(link);
  u.searchParams.set('embed', '1');
  u.searchParams.set('panels', panels.join(','));
  const src = u.href.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<iframe src="${src}" width="800" height="450" style="border:0" title="PAG Lab" loading="lazy"></iframe>`;
}
