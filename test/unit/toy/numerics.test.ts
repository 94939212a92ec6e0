import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAPER_TOY } from '../../../src/core/experiment/toySettings';
import { getLogSoftmaxGradient, setLogSoftmaxGradient } from '../../../src/core/pag/logSoftmax';
import type { RunSettings, WorkerEvent } from '../../../src/toy/contract/protocol';
import { decodeLink, encodeLink } from '../../../src/toy/page/share/urlState';
import { DEFAULT_SETTINGS, runSettingsOf } from '../../../src/toy/page/state/settings';
import { settingsFromRecord } from '../../../src/toy/page/state/settingsRecord';
import { ToyController } from '../../../src/toy/worker/controller';
import { DEFAULT_VIEW } from '../../../src/common/share/linkCodec';
import { useCpu } from '../setup';

/** The Toy Lab's numerics switch (the log-softmax gradient form) is a run setting. */
describe('Toy Lab numerics as run settings', () => {
  beforeAll(useCpu);
  afterAll(() => setLogSoftmaxGradient('exact'));

  it('links carry it (grad), default textbook; the engine gets it', () => {
    expect(DEFAULT_SETTINGS.gradient).toBe('textbook');
    expect(runSettingsOf(DEFAULT_SETTINGS).logSoftmaxGradient).toBe('textbook');
    const exact = { ...DEFAULT_SETTINGS, gradient: 'exact' as const };
    const q = encodeLink({ settings: exact, view: DEFAULT_VIEW });
    expect(q.get('grad')).toBe('exact');
    const back = decodeLink(q);
    expect(back.errors).toEqual([]);
    expect(back.settings.gradient).toBe('exact');
    expect(runSettingsOf(back.settings).logSoftmaxGradient).toBe('exact');
    // A link made before the setting existed: today's form.
    expect(decodeLink('v=1&seed=3').settings.gradient).toBe('textbook');
    expect(decodeLink('grad=float16').errors.join()).toMatch(/Log-softmax gradient \(grad\): "float16" is not one of textbook, exact/);
  });

  it('saved runs keep it; one saved before it existed reopens with textbook', () => {
    const { gradient: _g, ...old } = DEFAULT_SETTINGS;
    const before = settingsFromRecord(old as Record<string, unknown>);
    expect(before).toMatchObject({ ok: true, value: { gradient: 'textbook' } });
    expect(settingsFromRecord({ ...DEFAULT_SETTINGS, gradient: 'exact' })).toMatchObject({ ok: true, value: { gradient: 'exact' } });
    expect(settingsFromRecord({ ...DEFAULT_SETTINGS, gradient: 'fp8' }).ok).toBe(false);
  });

  it('the worker trains each run with its own form; a refused run leaves the one on screen as it was', async () => {
    const events: WorkerEvent[] = [];
    const c = new ToyController({
      post: (e) => events.push(e),
      selectBackend: async () => ({ backend: 'cpu', fallbacks: [] }),
      now: () => performance.now(),
      yieldControl: () => new Promise((r) => setImmediate(r)),
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    });
    const small: RunSettings = { ...PAPER_TOY, trainPerClass: 20, testPerClass: 5, epochs: 1, pagMethod: 'nn', measureEvery: 2 };
    const ready = () => events.filter((e) => e.type === 'ready').length;
    c.handle({ type: 'init', backend: null });
    c.handle({ type: 'configure', settings: { ...small, logSoftmaxGradient: 'exact' } });
    await c.idle();
    expect(ready()).toBe(1);
    expect(getLogSoftmaxGradient()).toBe('exact');
    c.handle({ type: 'configure', settings: { ...small, logSoftmaxGradient: 'fp8' as never } });
    await c.idle();
    expect(events.at(-1)).toMatchObject({ type: 'error', where: 'configure', message: expect.stringMatching(/log-softmax gradient must be exact or textbook/) });
    expect(getLogSoftmaxGradient()).toBe('exact');
    // Absent (a page from before the setting): the Toy Lab's textbook form.
    c.handle({ type: 'configure', settings: small });
    await c.idle();
    expect(ready()).toBe(2);
    expect(getLogSoftmaxGradient()).toBe('textbook');
    c.dispose();
  });
});
