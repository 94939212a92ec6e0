import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseField, SETTING_KEYS, type SettingKey } from '../../../src/toy/page/state/settings';
import { settingsFromRecord } from '../../../src/toy/page/state/settingsRecord';

/** The Toy Lab's one schema per setting (fieldSchema.ts), as fields and stored records use it. */
describe('a setting field refuses bad text with a sentence', () => {
  const cases: [SettingKey, string, RegExp][] = [
    ['learningRate', 'NaN', /Learning rate: "NaN" is not a number/],
    ['learningRate', '', /"" is not a number/],
    ['epochs', '-3', /must be at least 1/],
    ['epochs', '1e309', /is too large \(not a finite number\)/],
    ['epochs', '99999999', /must be at most 10000/],
    ['seed', '0x10', /is not a number/],
    ['seed', '1.5', /is not a whole number/],
    ['hiddenWidth', 'wide', /is not a number/],
    ['attackEps', '0', /must be greater than 0/],
    ['activation', 'tanh', /is not one of relu, softplus/],
    ['showTest', 'maybe', /is not true or false/],
    ['lambda', 'x'.repeat(100), /"x{40}…" is not a number/],
  ];
  it.each(cases)('%s = %j', (key, text, message) => {
    const r = parseField(key, text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it('accepts what it prints, with spaces around', () => {
    expect(parseField('learningRate', ' 0.5 ')).toEqual({ ok: true, value: 0.5 });
    expect(parseField('activation', ' softplus')).toEqual({ ok: true, value: 'softplus' });
    expect(parseField('showTrain', '0')).toEqual({ ok: true, value: false });
    expect(parseField('attackAlpha', '  ')).toEqual({ ok: true, value: null });
  });
});

describe('settings read back from a stored record', () => {
  const stored = () => JSON.parse(JSON.stringify(DEFAULT_SETTINGS)) as Record<string, unknown>;

  it('returns exactly the settings that were stored, ignoring extra keys', () => {
    const r = settingsFromRecord({ ...stored(), lambda: 2.5, attackAlpha: 0.1, future: 'x' });
    expect(r).toEqual({ ok: true, value: { ...DEFAULT_SETTINGS, lambda: 2.5, attackAlpha: 0.1 } });
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a NaN stored as null', { lambda: null }, /λ \(PAG weight\): "" is not a number/],
    ['a number stored as text out of range', { epochs: '0' }, /Epochs: "0" must be at least 1/],
    ['an option this version does not have', { dataset: 'mnist' }, /Dataset: "mnist" is not one of/],
    ['an object instead of a value', { seed: { n: 1 } }, /Seed is not a plain value/],
    ['a missing setting', { noise: undefined }, /Noise is missing/],
  ])('refuses %s', (_what, patch, message) => {
    const rec = { ...stored(), ...patch };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete rec[k];
    const r = settingsFromRecord(rec);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it('names every wrong value, not only the first', () => {
    const r = settingsFromRecord({ ...stored(), seed: -1, batchSize: 'big' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.split('; ')).toHaveLength(2);
  });

  it('every setting survives the trip through storage', () => {
    const r = settingsFromRecord(stored());
    expect(r.ok && SETTING_KEYS.every((k) => r.value[k] === DEFAULT_SETTINGS[k])).toBe(true);
  });
});
