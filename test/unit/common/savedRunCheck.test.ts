import { describe, expect, it } from 'vitest';
import { CIFAR_LAB_DEFAULTS } from '../../../src/cifar/contract/settings';
import { cifarSettingsFromRecord } from '../../../src/cifar/page/persist/runStore';
import { resultsOf } from '../../../src/toy/page/export/results';
import { parseStoredRun } from '../../../src/toy/page/persist/runStore';
import { initialData } from '../../../src/toy/page/state/store';

/** A saved run is outside data when read back: its format version and its settings are checked. */
describe('reading a saved Toy Lab run', () => {
  const state = { engine: 'fused', step: 3, weights: { W1: new Float64Array(4) }, optimizer: null, batches: {} };
  const states = { vanilla: state, pag: state };
  const record = (patch: (meta: Record<string, unknown> & { results: { settings: Record<string, unknown> } }) => void) => {
    const meta = { version: 1, id: 'r', savedAt: 1, name: 'paper · nn', results: resultsOf(initialData()) };
    const m = JSON.parse(JSON.stringify(meta));
    patch(m);
    return { id: 'r', json: JSON.stringify(m), states };
  };

  it('a record as autosave writes it loads', () => {
    expect(parseStoredRun(record(() => undefined)).ok).toBe(true);
  });

  it.each([
    ['a newer record format', (m: Record<string, unknown>) => (m.version = 2), /another format \(record version 2; this version of PAG Lab reads version 1\)/],
    ['a learning rate of 0', (m: { results: { settings: Record<string, unknown> } }) => (m.results.settings.learningRate = 0), /cannot be used \(settings: Learning rate: "0" must be greater than 0\)/],
    ['a NaN lambda (JSON null)', (m: { results: { settings: Record<string, unknown> } }) => (m.results.settings.lambda = null), /λ \(PAG weight\): "" is not a number/],
    ['history columns of different lengths', (m: { results: { history: { pag: { ce: number[] } } } }) => (m.results.history.pag.ce = [0.5]), /cannot be used \(its history columns have different lengths\)/],
    ['a dataset this version lacks', (m: { results: { settings: Record<string, unknown> } }) => (m.results.settings.dataset = 'mnist'), /Dataset: "mnist" is not one of/],
  ] as const)('refuses %s with a sentence', (_what, patch, message) => {
    const r = parseStoredRun(record(patch as never));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});

describe('reading a saved CIFAR Lab run’s settings', () => {
  const stored = () => JSON.parse(JSON.stringify(CIFAR_LAB_DEFAULTS)) as Record<string, unknown>;

  it('gives back exactly what was stored, an optional teacher rate included', () => {
    expect(cifarSettingsFromRecord(stored())).toEqual({ ok: true, value: CIFAR_LAB_DEFAULTS });
    expect(cifarSettingsFromRecord({ ...stored(), teacherLearningRate: 0.001 })).toEqual({ ok: true, value: { ...CIFAR_LAB_DEFAULTS, teacherLearningRate: 0.001 } });
  });

  it('reads a run saved before the training engine was a setting as trained on TF.js', () => {
    const { engine, ...older } = stored();
    expect(engine).toBe('fused');
    expect(cifarSettingsFromRecord(older)).toEqual({ ok: true, value: { ...CIFAR_LAB_DEFAULTS, engine: 'tfjs' } });
    expect(cifarSettingsFromRecord({ ...older, engine: 'gpu' })).toMatchObject({ ok: false, error: expect.stringMatching(/Training engine: "gpu"/) });
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a NaN lambda (JSON null)', { lambda: null }, /λ \(PAG weight\): "" is not a number/],
    ['a class out of range', { classes: [0, 12] }, /Classes: "0,12" has an item that must be at most 9/],
    ['an unknown method', { methods: ['vanilla', 'magic'] }, /Methods: "vanilla,magic" has an item that is not one of/],
    ['text where a list belongs', { channels: 'wide' }, /CNN channels is not a plain value/],
    ['a missing seed', { seed: undefined }, /Seed is missing/],
  ])('refuses %s', (_what, patch, message) => {
    const r = cifarSettingsFromRecord({ ...stored(), ...patch });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});
