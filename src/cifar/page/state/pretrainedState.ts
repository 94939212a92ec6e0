import type { CifarEvent, MethodId } from '../../contract/protocol';
import type { CifarLabData, GalleryState, PretrainedState } from './types';

/**
 * The page's side of the shipped pretrained models: their state before anything arrives, what
 * the engine's events change (pure, like events.ts), and when their Table 1 should carry on.
 */
export function initialPretrained(): PretrainedState {
  return {
    status: 'loading',
    message: null,
    progress: null,
    id: -1,
    manifest: null,
    models: [],
    sample: null,
    gallery: { id: 0, status: 'idle', source: { kind: 'test', index: 0 }, step: 0, steps: 0, rows: [] },
    table: { id: 0, status: 'idle', progress: null, rows: [], n: 0, auto: true },
  };
}

/** Where to look for them: beside the page (relative, so a deployment under a sub-path works). */
export function pretrainedUrl(base: string): string {
  return new URL('pretrained/', base).href;
}

/** A first image per class, in class order: the gallery's starting picture is the first of them. */
function firstOfClass(labels: Int32Array, c: number): number {
  const i = labels.indexOf(c);
  return i >= 0 ? i : 0;
}

/**
 * What an event about the pretrained models changes; null when the event is not about them
 * (events.ts handles it). Events of replaced jobs or models are dropped.
 */
export function reducePretrained(s: CifarLabData, e: CifarEvent): Partial<CifarLabData> | null {
  const p = s.pretrained;
  const put = (patch: Partial<PretrainedState>): Partial<CifarLabData> => ({ pretrained: { ...p, ...patch } });
  const gallery = (patch: Partial<GalleryState>) => put({ gallery: { ...p.gallery, ...patch } });
  switch (e.type) {
    case 'pretrainedProgress':
      return put({ status: p.status === 'loaded' ? 'loaded' : 'loading', progress: { name: e.name, done: e.done, total: e.total } });
    case 'pretrainedLoaded': {
      const same = e.id === p.id;
      return put({
        status: 'loaded',
        message: null,
        progress: null,
        id: e.id,
        manifest: e.manifest,
        models: e.models,
        sample: e.sample,
        // A rebuild of the same models (after a backend switch) keeps what was computed.
        ...(same ? {} : { gallery: { ...p.gallery, status: 'idle', rows: [], step: 0, source: { kind: 'test', index: firstOfClass(e.sample.labels, 0) } }, table: { ...initialPretrained().table, id: p.table.id } }),
      });
    }
    case 'pretrainedMissing':
      return put({
        status: 'missing',
        progress: null,
        message: `No pretrained models are served at ${e.url}. Whoever deployed this page can make them with npm run pretrained (they are written to public/pretrained/); meanwhile, train live.`,
      });
    case 'error':
      // Damaged files: the card says which; the live run and loaded data are untouched. (Once
      // loaded, a failure to rebuild them is an ordinary error: events.ts.)
      return e.where === 'pretrained' && p.status !== 'loaded' ? put({ status: 'damaged', progress: null, message: e.message }) : null;
    case 'galleryFrame':
      if (e.on !== 'pretrained') return null;
      return e.id === p.gallery.id && e.session === p.id ? gallery({ status: 'running', step: e.step, steps: e.steps, rows: e.rows }) : {};
    case 'galleryEnd':
      if (e.on !== 'pretrained') return null;
      return e.id === p.gallery.id && p.gallery.status !== 'idle' ? gallery({ status: e.cancelled ? 'cancelled' : 'done' }) : {};
    case 'tableProgress':
      if (e.on !== 'pretrained') return null;
      return e.id === p.table.id ? put({ table: { ...p.table, status: 'running', progress: { phase: e.phase, done: e.done, total: e.total } } }) : {};
    case 'tableRow': {
      if (e.id !== p.table.id || e.session !== p.id) return {};
      const order = p.models.map((m) => m.method);
      const rows = [...p.table.rows.filter((r) => r.method !== e.row.method), e.row].sort((a, b) => order.indexOf(a.method) - order.indexOf(b.method));
      return put({ table: { ...p.table, rows, n: e.n } });
    }
    case 'tableEnd':
      if (e.on !== 'pretrained') return null;
      return e.id === p.table.id ? put({ table: { ...p.table, status: missingRows(p).length ? 'idle' : 'done', progress: null } }) : {};
    default:
      return null;
  }
}

/** The pretrained models whose Table 1 row is not there yet. */
export function missingRows(p: PretrainedState): MethodId[] {
  return p.models.filter((m) => !p.table.rows.some((r) => r.method === m.method)).map((m) => m.method);
}

/**
 * The pretrained Table 1 rows to compute now, if any: while they are on screen, not stopped by the
 * user, and nothing else runs (a gallery or training interrupts the table; it carries on after).
 */
export function pretrainedFollowUp(s: CifarLabData): MethodId[] | null {
  const p = s.pretrained;
  if ((s.view !== 'pretrained' && !s.presetTable) || p.status !== 'loaded' || !p.table.auto || p.table.status === 'running') return null;
  if (s.running || s.preparing || s.engine !== 'ready' || s.gallery.status === 'running' || p.gallery.status === 'running' || s.table.status === 'running') return null;
  const missing = missingRows(p);
  return missing.length ? missing : null;
}
