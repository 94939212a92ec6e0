/**
 * Settings read back from storage (a saved run): through the Toy Lab's link table (urlState.ts),
 * so each value passes its setting's one schema, as if typed, and the run as a whole is checked
 * (linkCodec.ts decodeRecord). A NaN that JSON turned into null, a renamed option or an
 * out-of-range number is refused here, never fed to the engine.
 */
import { decodeRecord } from '../../../common/share/linkCodec';
import { TOY_LINK } from '../share/urlState';
import type { ToyLabSettings, Parsed } from './settings';

/** Every setting from a stored record, or one sentence naming each value that is wrong. Extra keys are ignored. */
export function settingsFromRecord(record: Record<string, unknown>): Parsed<ToyLabSettings> {
  // Runs saved before the gradient form was a setting trained with the worker's 'textbook' form.
  const r = decodeRecord(TOY_LINK, { gradient: 'textbook', ...record });
  return r.ok ? { ok: true, value: r.values } : r;
}
