import { describe, expect, it } from 'vitest';
import { CSV_HEADER, resultsCsv, resultsOf, resultsSchema } from '../../../src/toy/page/export/results';
import { parseStoredRun } from '../../../src/toy/page/persist/runStore';
import { initialData } from '../../../src/toy/page/state/store';

function trainedLab() {
  const s = initialData();
  const series = { step: [0, 10], accuracy: [0.5, 0.9], ce: [0.7, 0.3], pag: [1.2, 0.4], alignment: [[0.1, 0.5], [0.2, 0.6]] };
  const m = { testAccuracy: 0.9, ce: 0.3, pag: 0.4, alignment: [0.5, 0.6] };
  const acc = (c: number, r: number) => ({ cleanAccuracy: c, robustAccuracy: r, predictions: new Int32Array(0), trajectories: new Float32Array(0) });
  return {
    ...s,
    step: 10,
    epoch: 1,
    history: { vanilla: series, pag: series },
    metrics: { vanilla: m, pag: m },
    attack: {
      ...s.attack,
      status: 'done' as const,
      result: { session: 1, step: 10, request: { norm: 'l2' as const, eps: 0.5, steps: 10, alpha: 0.1, targeted: false, sweep: true }, models: { vanilla: acc(0.9, 0.1), pag: acc(0.9, 0.6) } },
      sweep: { epsList: [0, 0.5], models: { vanilla: { accuracy: [0.9, 0.1], distances: new Float32Array(0) }, pag: { accuracy: [0.9, 0.6], distances: new Float32Array(0) } } },
    },
  };
}

describe('results export', () => {
  it('JSON round-trips through its schema', () => {
    const r = resultsOf(trainedLab(), new Date(0));
    const parsed = resultsSchema.parse(JSON.parse(JSON.stringify(r)));
    expect(parsed.attack?.models.pag.robustAccuracy).toBe(0.6);
    expect(parsed.sweep?.eps).toEqual([0, 0.5]);
    expect(resultsSchema.safeParse({ ...r, version: 2 }).success).toBe(false);
  });

  it('an untrained lab exports too', () => {
    expect(resultsSchema.safeParse(JSON.parse(JSON.stringify(resultsOf(initialData())))).success).toBe(true);
  });

  it('CSV has one header and rows for history, attack and sweep', () => {
    const csv = resultsCsv(resultsOf(trainedLab()));
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe(CSV_HEADER.join(','));
    expect(lines.filter((l) => l.startsWith('history,'))).toHaveLength(4);
    expect(lines.filter((l) => l.startsWith('attack,'))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('sweep,'))).toHaveLength(4);
    expect(lines.every((l) => l.split(',').length === CSV_HEADER.length)).toBe(true);
  });
});

describe('saved runs', () => {
  const state = { engine: 'tfjs', step: 10, weights: { w0: new Float32Array(4) }, optimizer: null, batches: { perm: [] } };
  const meta = { version: 1, id: 'run-a', savedAt: 1, name: 'moons', results: resultsOf(trainedLab()) };
  it('a good record loads', () => {
    const r = parseStoredRun({ id: 'run-a', json: JSON.stringify(meta), states: { vanilla: state, pag: state } });
    expect(r.ok).toBe(true);
  });
  it('bad JSON, missing fields and missing models are reported, not thrown', () => {
    const bad = parseStoredRun({ id: 'x', json: '{not json', states: {} });
    expect(bad).toMatchObject({ ok: false, id: 'x', error: expect.stringContaining('not valid JSON') });
    const { results: _r, ...noResults } = meta;
    void _r;
    expect(parseStoredRun({ id: 'x', json: JSON.stringify(noResults), states: { vanilla: state, pag: state } })).toMatchObject({ ok: false, error: expect.stringContaining('incomplete') });
    expect(parseStoredRun({ id: 'x', json: JSON.stringify(meta), states: { vanilla: state } })).toMatchObject({ ok: false, error: expect.stringContaining('models') });
    expect(parseStoredRun(null)).toMatchObject({ ok: false });
  });
});
