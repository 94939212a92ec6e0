/**
 * The whole Toy Lab state in the address bar: every setting of the typed settings table
 * (settings.ts), the presentation view, and the app version. Pure functions (no DOM), so the
 * codec is unit-tested in Node.
 *
 * One table of keys, URL_TABLE below. Keys are short and stable: never rename one, only add.
 * Reading a link is lenient: unknown keys are ignored (and listed, for a notice), missing keys
 * take their defaults, a malformed value is rejected with a sentence saying why while the rest of
 * the link still loads. Values are checked with zod schemas built from the settings table's own
 * bounds (which come from src/worker/runSettings.ts LIMITS), then the run as a whole with
 * checkRunSettings.
 */
import { z } from 'zod';
import { checkRunSettings } from '../../worker/runSettings';
import { DEFAULT_SETTINGS, runSettingsOf, SETTING_KEYS, SETTINGS_TABLE, type FieldSpec, type LabSettings, type SettingKey } from '../state/settings';

/** Bumped when the meaning of a key changes; links carry it as `v`. */
export const APP_VERSION = 1;

/** Panels presentation mode can show full screen (`show=`), in page order. */
export const PANELS = ['boundaries', 'charts', 'analysis', 'guide'] as const;
export type PanelId = (typeof PANELS)[number];
/** Controls presentation mode can hide (`hide=`). */
export const CONTROLS = ['settings', 'transport', 'speed', 'view', 'attack', 'trajectory', 'figure3', 'backend'] as const;
export type ControlId = (typeof CONTROLS)[number];

export interface ViewState {
  /** Presentation (lecture) mode: large type, high contrast. */
  present: boolean;
  /** Panels shown in presentation mode; empty = all. */
  show: PanelId[];
  /** Controls hidden in presentation mode. */
  hide: ControlId[];
}

export const DEFAULT_VIEW: ViewState = { present: false, show: [], hide: [] };

export interface LinkState {
  settings: LabSettings;
  view: ViewState;
}

/** Keys read elsewhere (main.tsx): known, kept as they are, never reported as unknown. */
export const PASS_THROUGH_KEYS = ['backend'] as const;

/** Every key a link may hold, with what it means. */
export const URL_TABLE: readonly { key: string; what: string }[] = [
  { key: 'v', what: `app version of the link (this build: ${APP_VERSION})` },
  ...SETTING_KEYS.map((k) => ({ key: SETTINGS_TABLE[k].url, what: `${SETTINGS_TABLE[k].label} (setting ${k})` })),
  { key: 'present', what: 'presentation mode: 1 on, 0 off' },
  { key: 'show', what: `panels shown in presentation mode, comma-separated: ${PANELS.join(', ')}` },
  { key: 'hide', what: `controls hidden in presentation mode, comma-separated: ${CONTROLS.join(', ')}` },
  { key: 'backend', what: 'TensorFlow.js backend to try first (read by main.tsx)' },
];

const KEY_OF_URL = new Map<string, SettingKey>(SETTING_KEYS.map((k) => [SETTINGS_TABLE[k].url, k]));

const firstIssue = (e: z.ZodError) => e.issues[0]?.message ?? 'is not valid';

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A zod schema from a row of the settings table: text from the address bar to the value. */
function schemaOf(spec: FieldSpec): z.ZodType<unknown, string> {
  if (spec.kind === 'enum') {
    const values = spec.options.map((o) => o.value);
    return z.string().refine((t) => values.includes(t), `is not one of ${values.join(', ')}`);
  }
  if (spec.kind === 'bool') {
    return z.enum(['1', '0', 'true', 'false'], 'is not 1 or 0').transform((t) => t === '1' || t === 'true');
  }
  let num = z.number('is not a number').refine(Number.isFinite, 'is not a finite number');
  if (spec.kind === 'int') num = num.refine(Number.isInteger, 'is not a whole number');
  num = spec.minExclusive ? num.refine((v) => v > spec.min, `must be greater than ${spec.min}`) : num.refine((v) => v >= spec.min, `must be at least ${spec.min}`);
  num = num.refine((v) => v <= spec.max, `must be at most ${spec.max}`);
  const text = z
    .string()
    .trim()
    .regex(DECIMAL, 'is not a number')
    .transform(Number)
    .pipe(num);
  if (!spec.optional) return text;
  // Empty = null ("automatic"); otherwise the number, with the number's own message.
  return z.string().transform((t, ctx) => {
    if (t.trim() === '') return null;
    const r = text.safeParse(t);
    if (r.success) return r.data;
    ctx.addIssue({ code: 'custom', message: firstIssue(r.error) });
    return z.NEVER;
  });
}

const SCHEMAS = Object.fromEntries(SETTING_KEYS.map((k) => [k, schemaOf(SETTINGS_TABLE[k])])) as Record<SettingKey, z.ZodType<unknown, string>>;

const listSchema = <T extends string>(allowed: readonly T[]) =>
  z
    .string()
    .transform((t) => t.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(allowed as unknown as [T, ...T[]], `names one of ${allowed.join(', ')} only`)))
    .transform((list) => allowed.filter((a) => list.includes(a)));

const VIEW_SCHEMAS = {
  present: z.enum(['1', '0', 'true', 'false'], 'is not 1 or 0').transform((t) => t === '1' || t === 'true'),
  show: listSchema(PANELS),
  hide: listSchema(CONTROLS),
};

/** The state as query-string pairs: v first, then every setting, then the view (defaults left out). */
export function encodeLink(state: LinkState): URLSearchParams {
  const q = new URLSearchParams();
  q.set('v', String(APP_VERSION));
  for (const k of SETTING_KEYS) {
    const v = state.settings[k];
    q.set(SETTINGS_TABLE[k].url, v === null ? '' : String(v));
  }
  if (state.view.present) q.set('present', '1');
  if (state.view.show.length) q.set('show', state.view.show.join(','));
  if (state.view.hide.length) q.set('hide', state.view.hide.join(','));
  return q;
}

export interface DecodedLink extends LinkState {
  /** Keys this version does not know (ignored). */
  unknown: string[];
  /** One sentence per rejected value; that setting keeps its default. */
  errors: string[];
  /** The link came from a newer version of the app. */
  newer: boolean;
  /** How many known keys the link held (0: not a state link). */
  recognised: number;
}

const shown = (t: string) => JSON.stringify(t.length > 40 ? `${t.slice(0, 40)}…` : t);

/** A query string (with or without '?') to the state it describes; never throws. */
export function decodeLink(search: string | URLSearchParams): DecodedLink {
  const q = typeof search === 'string' ? new URLSearchParams(search) : search;
  const settings: LabSettings = { ...DEFAULT_SETTINGS };
  const view: ViewState = { ...DEFAULT_VIEW, show: [], hide: [] };
  const unknown: string[] = [];
  const errors: string[] = [];
  let newer = false;
  let recognised = 0;
  const seen = new Set<string>();
  for (const [key, text] of q) {
    if (seen.has(key)) continue; // the first of repeated keys wins, as URLSearchParams.get
    seen.add(key);
    const setting = KEY_OF_URL.get(key);
    if (setting) {
      recognised++;
      const r = SCHEMAS[setting].safeParse(text);
      if (r.success) (settings as unknown as Record<string, unknown>)[setting] = r.data;
      else errors.push(`${SETTINGS_TABLE[setting].label} (${key}): ${shown(text)} ${firstIssue(r.error)}`);
    } else if (key === 'v') {
      recognised++;
      const r = z.string().regex(/^\d{1,6}$/).transform(Number).safeParse(text);
      if (!r.success) errors.push(`version (v): ${shown(text)} is not a version number`);
      else newer = r.data > APP_VERSION;
    } else if (key === 'present' || key === 'show' || key === 'hide') {
      recognised++;
      const r = VIEW_SCHEMAS[key].safeParse(text);
      if (r.success) (view as unknown as Record<string, unknown>)[key] = r.data;
      else errors.push(`${key}: ${shown(text)} ${firstIssue(r.error)}`);
    } else if (!(PASS_THROUGH_KEYS as readonly string[]).includes(key)) {
      unknown.push(key);
    }
  }
  // Each value is within its own bounds; the run as a whole must also be buildable.
  const problems = checkRunSettings(runSettingsOf(settings));
  if (problems.length) {
    errors.push(`the run cannot be built (${problems.join('; ')}); its settings keep their defaults`);
    for (const k of SETTING_KEYS) if (SETTINGS_TABLE[k].restart) (settings as unknown as Record<string, unknown>)[k] = DEFAULT_SETTINGS[k];
  }
  return { settings, view, unknown, errors, newer, recognised };
}

/** The sentence for the error banner, or null when every value was used. */
export function linkErrorMessage(d: DecodedLink): string | null {
  if (!d.errors.length) return null;
  return `The link has ${d.errors.length === 1 ? 'a value' : 'values'} that could not be used: ${d.errors.join('; ')}. ${d.errors.length === 1 ? 'That setting keeps its' : 'Those settings keep their'} default; the rest of the link loaded.`;
}

/** The sentence for the notice about unknown keys or a newer version, or null. */
export function linkNoticeMessage(d: DecodedLink): string | null {
  const parts: string[] = [];
  if (d.newer) parts.push(`This link was made by a newer version of PAG Lab (this is version ${APP_VERSION}).`);
  if (d.unknown.length) parts.push(`Ignored ${d.unknown.length === 1 ? 'a setting' : 'settings'} this version does not know: ${d.unknown.map((k) => shown(k)).join(', ')}.`);
  return parts.length ? parts.join(' ') : null;
}

/** An absolute link to `state` on the page at `location` (same origin and path, always). */
export function linkOf(state: LinkState, location: { origin: string; pathname: string; search: string }): string {
  const q = encodeLink(state);
  const backend = new URLSearchParams(location.search).get('backend');
  if (backend !== null) q.set('backend', backend);
  return `${location.origin}${location.pathname}?${q.toString()}`;
}
