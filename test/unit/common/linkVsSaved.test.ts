import { describe, expect, it } from 'vitest';
import { chooseLastRun } from '../../../src/common/page/persist/linkVsSaved';
import { CIFAR_LINK, linkValuesOf } from '../../../src/cifar/page/share/cifarLink';
import { RUN_KEYS } from '../../../src/cifar/page/persist/runStore';
import { CIFAR_GALLERY_DEFAULTS, CIFAR_LAB_DEFAULTS, TABLE_DEFAULTS } from '../../../src/cifar/contract/settings';
import { DEFAULT_SETTINGS, RESTART_KEYS } from '../../../src/toy/page/state/settings';
import { decodeWith, DEFAULT_VIEW } from '../../../src/common/share/linkCodec';
import { encodeLink, TOY_LINK } from '../../../src/toy/page/share/urlState';

/** The Toy Lab's decision for a saved run with `saved` settings and the page opened at `search`. */
const toy = (search: string, saved = DEFAULT_SETTINGS, reload = false) =>
  chooseLastRun({ spec: TOY_LINK, link: decodeWith(TOY_LINK, search), saved, runKeys: RESTART_KEYS, reload, name: 'moons · nn · seed 0' });

describe('link vs the autosaved run at start-up', () => {
  it('no link, or a link without settings (view, backend only): the saved run reopens', () => {
    expect(toy('', { ...DEFAULT_SETTINGS, seed: 9 })).toEqual({ reopen: true });
    expect(toy('?backend=wasm&present=1&show=charts&v=1', { ...DEFAULT_SETTINGS, seed: 9 })).toEqual({ reopen: true });
    expect(chooseLastRun({ spec: TOY_LINK, link: null, saved: DEFAULT_SETTINGS, runKeys: RESTART_KEYS, reload: false, name: 'x' })).toEqual({ reopen: true });
  });

  it("a plain reload of the page's own address (the link holds the run's settings) reopens it", () => {
    const saved = { ...DEFAULT_SETTINGS, seed: 9, learningRate: 0.02 };
    expect(toy(`?${encodeLink({ settings: saved, view: DEFAULT_VIEW })}`, saved)).toEqual({ reopen: true });
  });

  it("settings that do not define the run (attack, view) may differ: the run reopens", () => {
    const saved = { ...DEFAULT_SETTINGS, seed: 9 };
    expect(toy(`?${encodeLink({ settings: { ...saved, attackEps: 3, arrows: 'both' }, view: DEFAULT_VIEW })}`, saved)).toEqual({ reopen: true });
  });

  it('a link with other run settings wins, and the notice names the run and what differs', () => {
    const saved = { ...DEFAULT_SETTINGS, seed: 9 };
    const c = toy(`?${encodeLink({ settings: { ...saved, seed: 10, lambda: 3 }, view: DEFAULT_VIEW })}`, saved);
    expect(c.reopen).toBe(false);
    if (c.reopen) return;
    expect(c.notice).toContain('"moons · nn · seed 0"');
    expect(c.notice).toContain('Seed');
    expect(c.notice).toContain('λ');
    expect(c.notice).toContain('kept in Saved runs');
  });

  it('a hand-made link naming one setting means the defaults for the rest', () => {
    const saved = { ...DEFAULT_SETTINGS, seed: 9, epochs: DEFAULT_SETTINGS.epochs + 1 };
    // Same seed, but the saved run has another epoch count than the link's default.
    const c = toy('?seed=9', saved);
    expect(c).toMatchObject({ reopen: false });
    if (!c.reopen) expect(c.notice).toContain('Epochs');
  });

  it('many differences are summarised', () => {
    const saved = { ...DEFAULT_SETTINGS, seed: 9, lambda: 3, epochs: 2, batchSize: 7, hiddenWidth: 5 };
    const c = toy('?seed=1', saved);
    expect(c.reopen).toBe(false);
    if (!c.reopen) expect(c.notice).toMatch(/and 2 more/);
  });

  it('the page showed this run at this address as it went away (edits not yet applied): a reload reopens it', () => {
    expect(toy('?seed=10', { ...DEFAULT_SETTINGS, seed: 9 }, true)).toEqual({ reopen: true });
  });

  it('CIFAR Lab: list-valued settings compare as the link prints them; the attack settings do not count', () => {
    const saved = linkValuesOf({ ...CIFAR_LAB_DEFAULTS, classes: [0, 6], channels: [4, 8] }, TABLE_DEFAULTS, CIFAR_GALLERY_DEFAULTS, 0);
    const ask = (search: string) => chooseLastRun({ spec: CIFAR_LINK, link: decodeWith(CIFAR_LINK, search), saved, runKeys: RUN_KEYS, reload: false, name: 'airplane vs frog' });
    expect(ask('?classes=0,6&ch=4-8&geps=7&pgd=3')).toEqual({ reopen: true });
    expect(ask(`?classes=0,6&ch=4-16`)).toMatchObject({ reopen: false });
    expect(ask(`?classes=0,5&ch=4-8`)).toMatchObject({ reopen: false });
  });
});
