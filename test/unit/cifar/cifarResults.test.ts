import { describe, expect, it } from 'vitest';
import { cifarCsvHeader, cifarResultsCsv, cifarResultsOf, cifarResultsSchema } from '../../../src/cifar/page/export/results';
import { cifarRuns } from '../../../src/cifar/page/persist/runStore';
import { initialData } from '../../../src/cifar/page/state/store';
import { runResultSchema } from '../../../src/core/report/resultsSchema';

/** A CIFAR Lab page after 2 rounds and a Table 1 evaluation, without an engine. */
function trainedLab() {
  const s = initialData();
  const series = { step: [1, 2], ce: [0.7, 0.6], pag: [0, 0], batchAccuracy: [0.5, 0.6], alignment: [[0.1, 0.2], [0.3, 0.4]], testRound: [2], testAccuracy: [0.75] };
  const models = [
    { method: 'vanilla' as const, label: 'Vanilla', exists: true, metrics: { step: 2, epoch: 1, ce: 0.6, pag: 0, accuracy: 0.6, alignment: [0.2, 0.4] }, testAccuracy: 0.75, trainSeconds: 1.5 },
    { method: 'nn' as const, label: 'PAG: Nearest Neighbor', exists: true, metrics: null, testAccuracy: null, trainSeconds: 2 },
  ];
  const run = {
    experiment: 'cifar' as const,
    seed: 1,
    settings: { classes: [0, 6] },
    models: [{ method: 'vanilla' as const, cleanAccuracy: 0.75, trainSeconds: 1.5, robust: [{ norm: 'linf' as const, eps: 8 / 255, steps: 20, alpha: 0.004, targeted: false, accuracy: 0 }] }],
  };
  return {
    ...s,
    data: { status: 'loaded' as const, progress: null, loaded: { source: 'served' as const, name: 'data/cifar10', classNames: [], trainPerClass: [], testPerClass: [] } },
    session: { id: 3, settings: s.settings, classNames: ['airplane', 'frog'], models: models.map(({ method, label }) => ({ method, label, engine: 'fused' as const })), teachers: [], trainCount: 16, test: { images: new Uint8Array(0), labels: new Int32Array(0) }, saliencyIndices: [] },
    progress: { phase: 'students' as const, label: '', teacherStep: 0, teacherTotal: 0, round: 2, totalRounds: 4, epoch: 1, finished: false, msPerTeacherStep: null, msPerRound: 10, remainingSeconds: 1 },
    models,
    history: { vanilla: series, nn: series },
    table: { id: 1, status: 'done' as const, progress: null, result: { run, markdown: '| x |', round: 2, totalRounds: 4, session: 3 } },
  };
}

describe('CIFAR Lab results export', () => {
  it('JSON matches its schema; the table is the CLI results.json', () => {
    const r = cifarResultsOf(trainedLab(), new Date(0));
    const parsed = cifarResultsSchema.parse(JSON.parse(JSON.stringify(r)));
    expect(parsed.models.map((m) => [m.method, m.testAccuracy])).toEqual([
      ['vanilla', 0.75],
      ['nn', 0.75],
    ]);
    expect(runResultSchema.safeParse(parsed.table!.results).success).toBe(true);
    expect(cifarResultsSchema.safeParse({ ...r, version: 2 }).success).toBe(false);
    expect(cifarResultsSchema.safeParse({ ...r, models: [{ ...r.models[0], testAccuracy: 1.5 }] }).success).toBe(false);
  });

  it('a table from an earlier run is left out; an empty page exports too', () => {
    const lab = trainedLab();
    const stale = cifarResultsOf({ ...lab, table: { ...lab.table, result: { ...lab.table.result, session: 2 } } });
    expect(stale.table).toBeNull();
    expect(cifarResultsSchema.safeParse(JSON.parse(JSON.stringify(cifarResultsOf(initialData())))).success).toBe(true);
  });

  it('CSV: one header, history / test / table rows, every row as wide as the header', () => {
    const lines = cifarResultsCsv(cifarResultsOf(trainedLab())).trim().split('\n');
    expect(lines[0]).toBe(cifarCsvHeader(2).join(','));
    expect(lines.filter((l) => l.startsWith('history,'))).toHaveLength(4);
    expect(lines.filter((l) => l.startsWith('test,'))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('table,'))).toEqual(['table,vanilla,2,,,,0.75,clean,0,0.75,,', `table,vanilla,2,,,,0.75,linf,${8 / 255},0,,`]);
    expect(lines.every((l) => l.split(',').length === 12)).toBe(true);
  });

  it('a saved CIFAR run with damaged states or results is reported, not thrown', () => {
    const meta = { version: 1, id: 'r', savedAt: 1, name: 'airplane vs frog', results: cifarResultsOf(trainedLab()), tableMarkdown: null };
    const state = { engine: 'tfjs', step: 2, weights: { w: new Float32Array(2) }, optimizer: null, batches: {} };
    const good = { round: 2, models: [{ method: 'vanilla', trainMs: 1, state }], teachers: [] };
    expect(cifarRuns.parse({ id: 'r', json: JSON.stringify(meta), states: good }).ok).toBe(true);
    expect(cifarRuns.parse({ id: 'r', json: JSON.stringify(meta), states: { ...good, models: [{ method: 'vanilla', trainMs: 1, state: { ...state, weights: { w: [1, 2] } } }] } })).toMatchObject({
      ok: false,
      error: expect.stringContaining('damaged'),
    });
    expect(cifarRuns.parse({ id: 'r', json: JSON.stringify({ ...meta, results: { ...meta.results, format: 'x' } }), states: good })).toMatchObject({ ok: false, error: expect.stringContaining('results.format') });
  });
});
