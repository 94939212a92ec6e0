/**
 * The whole Toy Lab state in the address bar: every setting of the typed settings table
 * (settings.ts), the presentation view, and the app version. The codec itself is lab-independent
 * (linkCodec.ts); this file is the Toy Lab's table for it.
 *
 * Keys are the settings table's short `url` keys: never rename one, only add. Each value is
 * checked with its setting's own zod schema (settingSchema, built from the table's bounds, which
 * come from src/toy/contract/runSettings.ts LIMITS), then the run as a whole with checkRunSettings.
 */
import { checkRunSettings } from '../../contract/runSettings';
import { DEFAULT_SETTINGS, runSettingsOf, SETTING_KEYS, SETTINGS_TABLE, settingSchema, type ToyLabSettings, type SettingKey } from '../state/settings';
import { absoluteLink, decodeWith, encodeWith, urlTableOf, type DecodedLink as Decoded, type LinkField, type LinkSpec, type ViewState } from '../../../common/share/linkCodec';

export { DEFAULT_VIEW, linkErrorMessage, linkNoticeMessage, type ViewState } from '../../../common/share/linkCodec';

/** Bumped when the meaning of a key changes; links carry it as `v`. */
export const APP_VERSION = 1;

/** Panels presentation mode can show full screen (`show=`), in page order. */
export const PANELS = ['boundaries', 'charts', 'analysis', 'guide'] as const;
/** Controls presentation mode can hide (`hide=`). */
export const CONTROLS = ['settings', 'transport', 'speed', 'view', 'attack', 'trajectory', 'figure3', 'backend'] as const;

export interface LinkState {
  settings: ToyLabSettings;
  view: ViewState;
}

/** Keys read elsewhere (main.tsx): known, kept as they are, never reported as unknown. */
export const PASS_THROUGH_KEYS = ['backend', 'engine', 'faults'] as const;

/** The Toy Lab link table, for the lab-independent codec. */
export const TOY_LINK: LinkSpec<ToyLabSettings> = {
  version: APP_VERSION,
  fields: Object.fromEntries(SETTING_KEYS.map((k) => [k, { url: SETTINGS_TABLE[k].url, label: SETTINGS_TABLE[k].label, schema: settingSchema(k) }])) as Record<SettingKey, LinkField>,
  defaults: DEFAULT_SETTINGS,
  panels: PANELS,
  controls: CONTROLS,
  passThrough: PASS_THROUGH_KEYS,
  check: (s) => ({ problems: checkRunSettings(runSettingsOf(s)), reset: SETTING_KEYS.filter((k) => SETTINGS_TABLE[k].restart) }),
};

/** Every key a link may hold, with what it means. */
export const URL_TABLE: readonly { key: string; what: string }[] = urlTableOf(TOY_LINK);

/** The state as query-string pairs: v first, then every setting, then the view (defaults left out). */
export function encodeLink(state: LinkState): URLSearchParams {
  return encodeWith(TOY_LINK, state.settings, state.view);
}

export interface DecodedLink extends LinkState, Omit<Decoded<ToyLabSettings>, 'values'> {}

/** A query string (with or without '?') to the state it describes; never throws. */
export function decodeLink(search: string | URLSearchParams): DecodedLink {
  const { values, ...rest } = decodeWith(TOY_LINK, search);
  return { ...rest, settings: values };
}

/** An absolute link to `state` on the page at `location` (same origin and path, always). */
export function linkOf(state: LinkState, location: { origin: string; pathname: string; search: string }): string {
  return absoluteLink(encodeLink(state), PASS_THROUGH_KEYS, location);
}
