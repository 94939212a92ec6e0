import { describe, expect, it } from 'vitest';
import { checkRunSettings, CIFAR_GALLERY_DEFAULTS, CIFAR_LAB_DEFAULTS } from '../../../src/cifar/contract/settings';
import { tableCsv, tableJson } from '../../../src/cifar/page/exportTable';
import { engineText, epsLabel, parseNumber } from '../../../src/cifar/page/format';
import { bmpDataUrl, normalisedGradient, perturbation, toRgba } from '../../../src/cifar/page/image';
import { reduceEvent } from '../../../src/cifar/page/state/events';
import { addFrame, emptySeries } from '../../../src/cifar/page/state/history';
import { initialData } from '../../../src/cifar/page/state/store';
import type { CifarLabData } from '../../../src/cifar/page/state/types';
import type { CifarEvent, ModelFrame, RunResult, TrainingProgress } from '../../../src/cifar/contract/protocol';
import { GALLERY_DEFAULTS } from '../../../src/core/eval/gallery';

/** The page's pure parts: settings checks, the event reducer, chart history, exports, pictures. */
const progress = (round: number): TrainingProgress => ({
  phase: 'students',
  label: '',
  teacherStep: 0,
  teacherTotal: 0,
  round,
  totalRounds: 10,
  epoch: round / 5,
  finished: false,
  msPerTeacherStep: null,
  msPerRound: null,
  remainingSeconds: null,
});

const frame = (step: number, testAccuracy: number | null): ModelFrame => ({
  method: 'nn',
  exists: true,
  metrics: { step, epoch: 0, ce: 0.5, pag: 1, accuracy: 0.75, alignment: [0.1, 0.2] },
  testAccuracy,
  trainSeconds: 1,
});

function ready(session: number): CifarEvent {
  return {
    type: 'ready',
    session,
    settings: CIFAR_LAB_DEFAULTS,
    classNames: ['airplane', 'frog'],
    models: [
      { method: 'vanilla', label: 'Vanilla', engine: 'fused' },
      { method: 'nn', label: 'PAG: Nearest Neighbor', engine: 'fused' },
    ],
    teachers: [],
    trainCount: 400,
    test: { images: new Uint8Array(3072 * 2), labels: new Int32Array([0, 1]) },
    saliencyIndices: [0, 1],
    progress: progress(0),
  };
}

function apply(s: CifarLabData, ...events: CifarEvent[]): CifarLabData {
  return events.reduce((acc, e) => ({ ...acc, ...reduceEvent(acc, e) }), s);
}

const snapshot = (session: number, round: number, f: ModelFrame): CifarEvent => ({
  type: 'snapshot',
  session,
  running: true,
  progress: progress(round),
  models: [f],
  saliency: null,
  timing: { snapshotMs: 1, fullMs: 0, full: false },
});

describe('CIFAR Lab page state', () => {
  it('the lab defaults are a valid run; broken settings are named', () => {
    expect(checkRunSettings(CIFAR_LAB_DEFAULTS)).toEqual([]);
    const bad = checkRunSettings({ ...CIFAR_LAB_DEFAULTS, classes: [1, 1], methods: [], channels: [8, 8, 8, 8, 8], nnPoolSize: 0 });
    expect(bad.join('; ')).toMatch(/distinct.*at least one method.*channels.*\|D_t\|/);
  });

  it('Figure 4 defaults match the CLI gallery (restated to keep TF.js out of the page)', () => {
    expect(CIFAR_GALLERY_DEFAULTS).toEqual({ eps: GALLERY_DEFAULTS.eps, steps: GALLERY_DEFAULTS.steps });
  });

  it('snapshots of a replaced run are ignored; metrics are deduplicated by step', () => {
    let s = apply(initialData(), ready(2));
    s = apply(s, snapshot(1, 3, frame(3, 0.5)));
    expect(s.history.nn!.step).toEqual([]);
    s = apply(s, snapshot(2, 2, frame(2, 0.6)), snapshot(2, 2, frame(2, 0.6)), snapshot(2, 4, frame(4, null)));
    expect(s.history.nn!.step).toEqual([2, 4]);
    expect(s.history.nn!.alignment).toEqual([
      [0.1, 0.1],
      [0.2, 0.2],
    ]);
    expect(s.history.nn!.testRound).toEqual([2]);
    expect(s.progress!.round).toBe(4);
  });

  it('a data error is shown and keeps the loaded data; a later good load clears it', () => {
    const loaded: CifarEvent = { type: 'dataLoaded', load: 1, source: 'served', name: '/data/cifar10/', classNames: [], trainPerClass: [1], testPerClass: [1] };
    let s = apply(initialData(), loaded, { type: 'error', where: 'data', message: 'x.bin is not CIFAR-10 binary data' });
    expect(s.error!.message).toMatch(/x\.bin/);
    expect(s.data.status).toBe('loaded');
    expect(s.data.loaded!.name).toBe('/data/cifar10/');
    s = apply(s, { ...loaded, load: 2, name: 'cifar-10-binary.tar.gz', source: 'files' });
    expect(s.error).toBeNull();
    // Errors of other kinds stay until dismissed.
    s = apply(s, { type: 'error', where: 'configure', message: 'no' }, loaded);
    expect(s.error!.message).toBe('no');
  });

  it('gallery and table events of an older job are dropped', () => {
    let s = apply(initialData(), ready(1));
    s = { ...s, gallery: { ...s.gallery, id: 2, status: 'running' }, table: { ...s.table, id: 5, status: 'running' } };
    s = apply(s, { type: 'galleryFrame', id: 1, session: 1, step: 3, steps: 5, rows: [] }, { type: 'tableEnd', id: 4, cancelled: true });
    expect(s.gallery.step).toBe(0);
    expect(s.table.status).toBe('running');
    s = apply(s, { type: 'galleryEnd', id: 2, cancelled: true });
    expect(s.gallery.status).toBe('cancelled');
  });

  it('history keeps at most MAX_POINTS per series', () => {
    let h = emptySeries();
    for (let i = 1; i <= 4000; i++) h = addFrame(h, frame(i, null), i);
    expect(h.step.length).toBeLessThanOrEqual(1500);
    expect(h.step.at(-1)).toBe(4000);
    expect(h.alignment[0].length).toBe(h.step.length);
  });
});

describe('CIFAR Lab backend badge', () => {
  it('says what trains: the fused CPU step, TF.js on the backend, or which models use which', () => {
    expect(engineText([{ method: 'vanilla', engine: 'fused' }, { method: 'nn', engine: 'fused' }], 'webgl')).toBe('training: fused CPU step');
    expect(engineText([{ method: 'vanilla', engine: 'tfjs' }], 'wasm')).toBe('training: TF.js on wasm');
    expect(engineText([{ method: 'nn', engine: 'fused' }, { method: 'rigd-l2', engine: 'tfjs' }], 'webgl')).toBe('training: fused CPU step; RIGD L2 on TF.js on webgl');
    // Which loops the fused step runs: its WebAssembly SIMD kernels or the JS fallback.
    expect(engineText([{ method: 'vanilla', engine: 'fused', kernels: 'wasm' }, { method: 'nn', engine: 'fused', kernels: 'wasm' }], 'webgl')).toBe('training: fused CPU step (WebAssembly SIMD)');
    expect(engineText([{ method: 'nn', engine: 'fused', kernels: 'js' }, { method: 'rigd-l2', engine: 'tfjs' }], 'wasm')).toBe('training: fused CPU step (JS); RIGD L2 on TF.js on wasm');
  });
});

describe('CIFAR Lab exports and pictures', () => {
  const run: RunResult = {
    experiment: 'cifar',
    seed: 1,
    settings: { classes: [0, 6] },
    models: [
      { method: 'vanilla', cleanAccuracy: 0.9, trainSeconds: 12.34, robust: [{ norm: 'linf', eps: 8 / 255, steps: 20, alpha: 0.1, targeted: false, accuracy: 0.05 }, { norm: 'l2', eps: 0.5, steps: 20, alpha: 0.06, targeted: false, accuracy: 0.1 }] },
      { method: 'nn', cleanAccuracy: 0.8, trainSeconds: 30, robust: [{ norm: 'linf', eps: 8 / 255, steps: 20, alpha: 0.1, targeted: false, accuracy: 0.25 }, { norm: 'l2', eps: 0.5, steps: 20, alpha: 0.06, targeted: false, accuracy: 0.5 }] },
    ],
  };

  it('CSV: ours in percent beside the paper, labels quoted when needed', () => {
    const csv = tableCsv(run, { vanilla: 'Vanilla', nn: 'PAG: Nearest Neighbor, v2' }).trim().split('\n');
    expect(csv[0]).toBe('method,label,clean_pct,linf_eps,linf_pct,l2_eps,l2_pct,pgd_steps,train_seconds,paper_clean_pct,paper_linf_8_255_pct,paper_l2_0.5_pct');
    expect(csv[1]).toBe(`vanilla,Vanilla,90.00,${8 / 255},5.00,0.5,10.00,20,12.3,93.61,0,0`);
    expect(csv[2]).toBe(`nn,"PAG: Nearest Neighbor, v2",80.00,${8 / 255},25.00,0.5,50.00,20,30.0,80.65,10.58,46.33`);
  });

  it('JSON: the results.json schema plus the paper rows', () => {
    const j = JSON.parse(tableJson(run));
    expect(j.experiment).toBe('cifar');
    expect(j.models).toEqual(run.models);
    expect(j.paperTable1.nn).toEqual({ clean: 80.65, linf: 10.58, l2: 46.33 });
  });

  it('numbers as people type and read them', () => {
    expect(parseNumber('8/255')).toBeCloseTo(8 / 255, 12);
    expect(parseNumber(' 0.5 ')).toBe(0.5);
    expect(parseNumber('')).toBeNaN();
    expect(epsLabel(8 / 255)).toBe('8/255');
    expect(epsLabel(0.5)).toBe('0.5');
  });

  it('gradients: grey at 0, the largest magnitude at the ends; perturbations magnified around grey', () => {
    const g = new Float32Array(3072);
    g[0] = -2;
    g[4] = 1;
    const px = normalisedGradient(g);
    expect([px[0], px[1], px[5], px[3]]).toEqual([0, 128, 191, 255]); // g[4] is pixel 1, green
    const img = new Float32Array(3072).fill(0.5);
    const adv = img.map((v, i) => (i === 0 ? v + 0.01 : v));
    expect(Math.abs(perturbation(adv, 0, img, 20)[0] - 255 * 0.7)).toBeLessThanOrEqual(1);
    expect(toRgba(new Float32Array(3072).fill(2))[0]).toBe(255); // clamped
  });

  it('pictures are BMP data URLs: 32x32, 24 bits, rows bottom-up, BGR', () => {
    const rgba = new Uint8ClampedArray(32 * 32 * 4);
    rgba.set([10, 20, 30, 255], 0); // top-left pixel
    const url = bmpDataUrl(rgba);
    expect(url.startsWith('data:image/bmp;base64,')).toBe(true);
    const b = Buffer.from(url.split(',')[1], 'base64');
    expect(b.length).toBe(54 + 32 * 32 * 3);
    expect(b.toString('latin1', 0, 2)).toBe('BM');
    expect([b.readInt32LE(18), b.readInt32LE(22), b.readUInt16LE(28)]).toEqual([32, 32, 24]);
    const top = 54 + 31 * 96; // the last row stored is the top one
    expect([b[top], b[top + 1], b[top + 2]]).toEqual([30, 20, 10]);
  });
});
