import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SETTING_KEYS, SETTINGS_TABLE, type ToyLabSettings, type SettingKey } from '../../../src/toy/page/state/settings';
import {
  APP_VERSION,
  CONTROLS,
  decodeLink,
  DEFAULT_VIEW,
  encodeLink,
  linkErrorMessage,
  linkNoticeMessage,
  linkOf,
  PANELS,
  URL_TABLE,
  type ViewState,
} from '../../../src/toy/page/share/urlState';
import { checkRunSettings } from '../../../src/toy/contract/runSettings';
import { runSettingsOf } from '../../../src/toy/page/state/settings';

/** An arbitrary valid value of one setting, from its row of the table. */
function arbOf(k: SettingKey): fc.Arbitrary<unknown> {
  const spec = SETTINGS_TABLE[k];
  if (spec.kind === 'enum') return fc.constantFrom(...spec.options.map((o) => o.value));
  if (spec.kind === 'bool') return fc.boolean();
  if (spec.kind === 'points') {
    const pt = fc.tuple(fc.integer({ min: -500, max: 500 }), fc.integer({ min: -500, max: 500 }), fc.constantFrom(0, 1));
    return fc.array(pt, { maxLength: 6 }).map((ps) => ps.map(([x, y, c]) => `${x / 10},${y / 10},${c}`).join(';'));
  }
  const num =
    spec.kind === 'int'
      ? fc.integer({ min: spec.min + (spec.minExclusive ? 1 : 0), max: spec.max })
      : fc.double({ min: spec.min, max: spec.max, noNaN: true, noDefaultInfinity: true, minExcluded: !!spec.minExclusive }).map((v) => (Object.is(v, -0) ? 0 : v));
  return spec.optional ? fc.option(num, { nil: null }) : num;
}

const arbSettings = fc.record(Object.fromEntries(SETTING_KEYS.map((k) => [k, arbOf(k)])) as Record<SettingKey, fc.Arbitrary<unknown>>) as unknown as fc.Arbitrary<ToyLabSettings>;
const arbView: fc.Arbitrary<ViewState> = fc.record({
  present: fc.boolean(),
  show: fc.subarray([...PANELS]),
  hide: fc.subarray([...CONTROLS]),
});

describe('URL codec', () => {
  it('has one table of unique short keys covering every setting', () => {
    const keys = URL_TABLE.map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of SETTING_KEYS) expect(keys).toContain(SETTINGS_TABLE[k].url);
    for (const k of keys) expect(k).toMatch(/^[a-z]{1,10}$/);
  });

  it('round-trips every valid state losslessly', () => {
    fc.assert(
      fc.property(arbSettings, arbView, (settings, view) => {
        // Only runnable settings can be in the store, so only those need to round-trip.
        fc.pre(checkRunSettings(runSettingsOf(settings)).length === 0);
        const text = encodeLink({ settings, view }).toString();
        const d = decodeLink(text);
        expect(d.errors).toEqual([]);
        expect(d.unknown).toEqual([]);
        expect(d.settings).toEqual(settings);
        expect(d.view).toEqual(view);
        // And the link of the decoded state is the same text: the encoding is stable.
        expect(encodeLink(d).toString()).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('defaults for missing keys; an empty query is the default state', () => {
    const d = decodeLink('');
    expect(d.settings).toEqual(DEFAULT_SETTINGS);
    expect(d.view).toEqual(DEFAULT_VIEW);
    expect(d.recognised).toBe(0);
    const e = decodeLink('?seed=7&lr=0.5');
    expect(e.settings).toEqual({ ...DEFAULT_SETTINGS, seed: 7, learningRate: 0.5 });
    expect(e.errors).toEqual([]);
  });

  it('ignores unknown keys with a notice, and notices a newer version', () => {
    const d = decodeLink(`v=${APP_VERSION + 1}&seed=3&colour=red&zoom=2&backend=wasm`);
    expect(d.settings.seed).toBe(3);
    expect(d.unknown).toEqual(['colour', 'zoom']);
    expect(d.newer).toBe(true);
    expect(linkNoticeMessage(d)).toMatch(/newer version.*"colour", "zoom"/);
    expect(linkNoticeMessage(decodeLink('seed=3'))).toBeNull();
  });

  it('rejects malformed values with a reason, and loads the rest', () => {
    const d = decodeLink('lr=-0.1&seed=abc&eps=NaN&epochs=2.5&data=mnist&n=1e9&train=maybe&alpha=0x10&lambda=Infinity&width=7&show=boundaries,nope');
    expect(d.settings).toEqual({ ...DEFAULT_SETTINGS, hiddenWidth: 7 });
    const joined = d.errors.join('\n');
    expect(joined).toContain('Learning rate (lr): "-0.1" must be greater than 0');
    expect(joined).toContain('Seed (seed): "abc" is not a number');
    expect(joined).toContain('(eps): "NaN" is not a number');
    expect(joined).toContain('Epochs (epochs): "2.5" is not a whole number');
    expect(joined).toContain('Dataset (data): "mnist" is not one of');
    expect(joined).toContain('(n): "1e9" must be at most');
    expect(joined).toContain('(train): "maybe" is not true or false (1 or 0)');
    expect(joined).toContain('(alpha): "0x10" is not a number');
    expect(joined).toContain('(lambda): "Infinity" is not a number');
    expect(joined).toContain('show: "boundaries,nope"');
    expect(d.errors).toHaveLength(10);
    expect(linkErrorMessage(d)).toMatch(/^The link has values that could not be used: .*the rest of the link loaded\.$/);
    expect(linkErrorMessage(decodeLink('seed=1'))).toBeNull();
  });

  it('an empty alpha means automatic; a bad version is an error', () => {
    expect(decodeLink('alpha=').settings.attackAlpha).toBeNull();
    expect(decodeLink('alpha=0.5').settings.attackAlpha).toBe(0.5);
    expect(decodeLink('v=x').errors[0]).toMatch(/version/);
  });

  it('makes same-origin links and keeps a forced backend', () => {
    const loc = { origin: 'http://localhost:4173', pathname: '/', search: '?backend=wasm&seed=9' };
    const url = new URL(linkOf({ settings: DEFAULT_SETTINGS, view: DEFAULT_VIEW }, loc));
    expect(url.origin).toBe(loc.origin);
    expect(url.searchParams.get('backend')).toBe('wasm');
    expect(url.searchParams.get('seed')).toBe(String(DEFAULT_SETTINGS.seed));
    expect(url.searchParams.get('v')).toBe(String(APP_VERSION));
  });
});
