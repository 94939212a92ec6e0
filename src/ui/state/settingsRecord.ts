/**
 * Settings read back from storage (a saved run, an imported results file): each value printed as
 * text and parsed again by its setting's one schema (parseField), then the run as a whole checked.
 * A stored value is outside data like a typed one: a NaN that JSON turned into null, a renamed
 * option or an out-of-range number must be refused here, not reach the engine.
 */
import { checkRunSettings } from '../../worker/runSettings';
import { parseField, runSettingsOf, SETTING_KEYS, SETTINGS_TABLE, type LabSettings, type Parsed } from './settings';

/** A stored value as the text a person would have typed; undefined when it is no plain value. */
function textOf(v: unknown): string | undefined {
  if (v === null) return '';
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** Every setting from a stored record, or one sentence naming each value that is wrong. Extra keys are ignored. */
export function settingsFromRecord(record: Record<string, unknown>): Parsed<LabSettings> {
  const out: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const k of SETTING_KEYS) {
    if (!(k in record)) {
      errors.push(`${SETTINGS_TABLE[k].label} is missing`);
      continue;
    }
    const text = textOf(record[k]);
    const r = text === undefined ? null : parseField(k, text);
    if (r?.ok) out[k] = r.value;
    else errors.push(r ? r.error : `${SETTINGS_TABLE[k].label} is not a plain value`);
  }
  if (errors.length) return { ok: false, error: errors.join('; ') };
  const settings = out as unknown as LabSettings;
  const problems = checkRunSettings(runSettingsOf(settings));
  return problems.length ? { ok: false, error: `the run cannot be built (${problems.join('; ')})` } : { ok: true, value: settings };
}
