/**
 * The lab-independent part of "the whole state in the address bar", used by both labs (the Toy
 * Lab's table is urlState.ts, the CIFAR Lab's src/cifar/page/share/cifarLink.ts). Pure functions
 * (no DOM), unit-tested in Node.
 *
 * A lab describes its link as a LinkSpec: one row per value (short stable URL key, label, a zod
 * schema from text to value (state/fieldSchema.ts builds them for scalar settings), and how to
 * print the value back), its defaults, the panels and
 * controls presentation mode can show or hide, and keys other code reads (kept, not reported).
 * Reading is lenient: unknown keys are ignored and listed (for a notice), missing keys take their
 * defaults, a malformed value is rejected with a sentence saying why while the rest still loads.
 */
import { z } from 'zod';
import { firstIssue } from './fieldSchema';

export interface ViewState {
  /** Presentation (lecture) mode: large type, high contrast. */
  present: boolean;
  /** Panels shown in presentation mode; empty = all. */
  show: string[];
  /** Controls hidden in presentation mode. */
  hide: string[];
}

export const DEFAULT_VIEW: ViewState = { present: false, show: [], hide: [] };

/** One value of a lab's state in the link. */
export interface LinkField {
  /** Short key in the address bar: never rename one, only add. */
  url: string;
  label: string;
  /** Text from the address bar to the value, with a phrase saying what is wrong otherwise. */
  schema: z.ZodType<unknown, string>;
  /** The value as text; default String(v), null and undefined as ''. */
  format?: (v: unknown) => string;
}

export interface LinkSpec<S extends object> {
  /** Bumped when the meaning of a key changes; links carry it as `v`. */
  version: number;
  fields: Record<keyof S & string, LinkField>;
  defaults: S;
  panels: readonly string[];
  controls: readonly string[];
  /** Keys read elsewhere (e.g. `backend`, by main.tsx): kept as they are, never reported unknown. */
  passThrough: readonly string[];
  /**
   * The state as a whole, after each value passed its own schema: problems (phrases), and the
   * keys that then go back to their defaults.
   */
  check?: (s: S) => { problems: string[]; reset: readonly (keyof S & string)[] };
}

export interface DecodedLink<S> {
  values: S;
  view: ViewState;
  /** Keys this version does not know (ignored). */
  unknown: string[];
  /** One sentence per rejected value; that value keeps its default. */
  errors: string[];
  /** The link came from a newer version of the app. */
  newer: boolean;
  /** The version of this build (for the notice). */
  version: number;
  /** How many known keys the link held (0: not a state link). */
  recognised: number;
  /** The values the link named (well-formed or not): none means it carries no settings. */
  fields: (keyof S & string)[];
}

const presentText = z.enum(['1', '0', 'true', 'false'], 'is not 1 or 0').transform((t) => t === '1' || t === 'true');

/** A comma-separated subset of `allowed`, returned in `allowed`'s order, without repeats. */
export function listText<T extends string>(allowed: readonly T[]): z.ZodType<T[], string> {
  return z
    .string()
    .transform((t) => t.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(allowed as unknown as [T, ...T[]], `names one of ${allowed.join(', ')} only`)))
    .transform((list) => allowed.filter((a) => list.includes(a)));
}

const shown = (t: string) => JSON.stringify(t.length > 40 ? `${t.slice(0, 40)}…` : t);
const formatOf = (f: LinkField) => f.format ?? ((v: unknown) => (v === null || v === undefined ? '' : String(v)));
const keysOf = <S extends object>(spec: LinkSpec<S>) => Object.keys(spec.fields) as (keyof S & string)[];

/** Every key a link may hold, with what it means (for docs and tests). */
export function urlTableOf<S extends object>(spec: LinkSpec<S>): { key: string; what: string }[] {
  return [
    { key: 'v', what: `app version of the link (this build: ${spec.version})` },
    ...keysOf(spec).map((k) => ({ key: spec.fields[k].url, what: `${spec.fields[k].label} (${k})` })),
    { key: 'present', what: 'presentation mode: 1 on, 0 off' },
    { key: 'show', what: `panels shown in presentation mode, comma-separated: ${spec.panels.join(', ')}` },
    { key: 'hide', what: `controls hidden in presentation mode, comma-separated: ${spec.controls.join(', ')}` },
    ...spec.passThrough.map((key) => ({ key, what: 'read by the page at start (kept in links)' })),
  ];
}

/** The state as query-string pairs: v first, then every value, then the view (defaults left out). */
export function encodeWith<S extends object>(spec: LinkSpec<S>, values: S, view: ViewState): URLSearchParams {
  const q = new URLSearchParams();
  q.set('v', String(spec.version));
  for (const k of keysOf(spec)) q.set(spec.fields[k].url, formatOf(spec.fields[k])(values[k]));
  if (view.present) q.set('present', '1');
  if (view.show.length) q.set('show', view.show.join(','));
  if (view.hide.length) q.set('hide', view.hide.join(','));
  return q;
}

/** A query string (with or without '?') to the state it describes; never throws. */
export function decodeWith<S extends object>(spec: LinkSpec<S>, search: string | URLSearchParams): DecodedLink<S> {
  const q = typeof search === 'string' ? new URLSearchParams(search) : search;
  const values = { ...spec.defaults } as S;
  const put = (k: string, v: unknown) => ((values as Record<string, unknown>)[k] = v);
  const view: ViewState = { ...DEFAULT_VIEW, show: [], hide: [] };
  const viewSchemas = { present: presentText, show: listText(spec.panels), hide: listText(spec.controls) };
  const byUrl = new Map(keysOf(spec).map((k) => [spec.fields[k].url, k]));
  const d: DecodedLink<S> = { values, view, unknown: [], errors: [], newer: false, version: spec.version, recognised: 0, fields: [] };
  const seen = new Set<string>();
  for (const [key, text] of q) {
    if (seen.has(key)) continue; // the first of repeated keys wins, as URLSearchParams.get
    seen.add(key);
    const name = byUrl.get(key);
    if (name) {
      d.recognised++;
      d.fields.push(name);
      const r = spec.fields[name].schema.safeParse(text);
      if (r.success) put(name, r.data);
      else d.errors.push(`${spec.fields[name].label} (${key}): ${shown(text)} ${firstIssue(r.error)}`);
    } else if (key === 'v') {
      d.recognised++;
      const r = z.string().regex(/^\d{1,6}$/).transform(Number).safeParse(text);
      if (!r.success) d.errors.push(`version (v): ${shown(text)} is not a version number`);
      else d.newer = r.data > spec.version;
    } else if (key === 'present' || key === 'show' || key === 'hide') {
      d.recognised++;
      const r = viewSchemas[key].safeParse(text);
      if (r.success) (view as unknown as Record<string, unknown>)[key] = r.data;
      else d.errors.push(`${key}: ${shown(text)} ${firstIssue(r.error)}`);
    } else if (!spec.passThrough.includes(key)) {
      d.unknown.push(key);
    }
  }
  // Each value is within its own bounds; the state as a whole must also make sense.
  const whole = spec.check?.(values);
  if (whole?.problems.length) {
    d.errors.push(`the run cannot be built (${whole.problems.join('; ')}); its settings keep their defaults`);
    for (const k of whole.reset) put(k, spec.defaults[k]);
  }
  return d;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Values read back from storage (a saved run's settings), each printed with its row's format and
 * parsed again by the row's schema, as if typed; then the whole checked. Stored data is outside
 * data too: a NaN that JSON turned into null or an option this version lacks is named, never used.
 * `keys`: the rows the record holds (default all).
 */
export function decodeRecord<S extends object>(spec: LinkSpec<S>, record: Record<string, unknown>, keys: readonly (keyof S & string)[] = keysOf(spec)): { ok: true; values: S } | { ok: false; error: string } {
  const values = { ...spec.defaults } as S;
  const errors: string[] = [];
  for (const k of keys) {
    const f = spec.fields[k];
    const v = record[k];
    let text: string | null = null;
    try {
      // A plain object only where the row's value is one (the CIFAR Lab's lambda per method).
      const objectRow = isPlainObject(v) && isPlainObject(spec.defaults[k]);
      if (v === null || ['number', 'string', 'boolean'].includes(typeof v) || Array.isArray(v) || objectRow) text = formatOf(f)(v);
    } catch {
      // A value of the wrong shape for its format (e.g. text where a list belongs).
    }
    if (!(k in record) || v === undefined) {
      // A row whose default is "not set" (undefined) may be absent; JSON drops such keys.
      if (spec.defaults[k] !== undefined) errors.push(`${f.label} is missing`);
    } else if (text === null) errors.push(`${f.label} is not a plain value`);
    else {
      const r = f.schema.safeParse(text);
      if (r.success) (values as Record<string, unknown>)[k] = r.data;
      else errors.push(`${f.label}: ${shown(text)} ${firstIssue(r.error)}`);
    }
  }
  const problems = errors.length ? [] : (spec.check?.(values).problems ?? []);
  if (problems.length) errors.push(`the run cannot be built (${problems.join('; ')})`);
  return errors.length ? { ok: false, error: errors.join('; ') } : { ok: true, values };
}

/** The keys among `keys` whose values print differently (arrays and "not set" compare as text). */
export function differingKeys<S extends object>(spec: LinkSpec<S>, a: S, b: S, keys: readonly (keyof S & string)[]): (keyof S & string)[] {
  return keys.filter((k) => formatOf(spec.fields[k])(a[k]) !== formatOf(spec.fields[k])(b[k]));
}

/** The sentence for the error banner, or null when every value was used. */
export function linkErrorMessage(d: Pick<DecodedLink<unknown>, 'errors'>): string | null {
  if (!d.errors.length) return null;
  return `The link has ${d.errors.length === 1 ? 'a value' : 'values'} that could not be used: ${d.errors.join('; ')}. ${d.errors.length === 1 ? 'That setting keeps its' : 'Those settings keep their'} default; the rest of the link loaded.`;
}

/** The sentence for the notice about unknown keys or a newer version, or null. */
export function linkNoticeMessage(d: Pick<DecodedLink<unknown>, 'newer' | 'unknown' | 'version'>): string | null {
  const parts: string[] = [];
  if (d.newer) parts.push(`This link was made by a newer version of PAG Lab (this is version ${d.version}).`);
  if (d.unknown.length) parts.push(`Ignored ${d.unknown.length === 1 ? 'a setting' : 'settings'} this version does not know: ${d.unknown.map((k) => shown(k)).join(', ')}.`);
  return parts.length ? parts.join(' ') : null;
}

/** An absolute link with query `q` on the page at `location` (same origin and path), keeping pass-through keys. */
export function absoluteLink(q: URLSearchParams, passThrough: readonly string[], location: { origin: string; pathname: string; search: string }): string {
  const here = new URLSearchParams(location.search);
  for (const k of passThrough) {
    const v = here.get(k);
    if (v !== null) q.set(k, v);
  }
  return `${location.origin}${location.pathname}?${q.toString()}`;
}
