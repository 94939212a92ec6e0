/**
 * Embed mode (issue 15): `?embed=1` shows only the chosen panels (`panels=a,b`, ids from the
 * lab's own list; default: its first) and a play button, to fit an 800x450 iframe in a slide.
 * The root element carries data-embed="true" and <html> data-embed-panels="a b"; the shared
 * embed.css hides the page's chrome, each lab's CSS (or its embed view) the panels not chosen.
 */

/** A panel a lab can embed: its id in `panels=` and its name in the embed dialog. */
export interface EmbedChoice {
  id: string;
  label: string;
}

export interface EmbedState {
  on: boolean;
  panels: string[];
}

/** The embed settings in a query string, among the lab's `choices`. Unknown panel names are left out. */
export function embedOf(search: string, choices: readonly EmbedChoice[]): EmbedState {
  const q = new URLSearchParams(search);
  const on = q.get('embed') === '1' || q.get('embed') === 'true';
  const ids = choices.map((c) => c.id);
  const asked = (q.get('panels') ?? '').split(',').map((p) => p.trim()).filter((p) => ids.includes(p));
  return { on, panels: asked.length ? [...new Set(asked)] : ids.slice(0, 1) };
}

export let embed: EmbedState = { on: false, panels: [] };

/** Reads the address once, before the first render; marks <html> and #root when embedded. */
export function startEmbed(choices: readonly EmbedChoice[]): void {
  embed = embedOf(window.location.search, choices);
  const html = document.documentElement;
  if (!embed.on) return;
  html.dataset.embed = 'true';
  html.dataset.embedPanels = embed.panels.join(' ');
  document.getElementById('root')?.setAttribute('data-embed', 'true');
}

/** An <iframe> snippet that embeds `link` (a link to this page with its state) at 800x450. */
export function embedCode(link: string, panels: readonly string[]): string {
  const u = new URL(link);
  u.searchParams.set('embed', '1');
  u.searchParams.set('panels', panels.join(','));
  const src = u.href.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<iframe src="${src}" width="800" height="450" style="border:0" title="PAG Lab" loading="lazy"></iframe>`;
}
