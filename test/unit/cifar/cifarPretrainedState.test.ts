import { describe, expect, it } from 'vitest';
import { missingRows, pretrainedFollowUp, reducePretrained } from '../../../src/cifar/page/state/pretrainedState';
import { initialData } from '../../../src/cifar/page/state/store';
import type { CifarLabData } from '../../../src/cifar/page/state/types';
import type { CifarEvent, ModelResult, PretrainedManifest } from '../../../src/cifar/contract/protocol';

/** The page's side of the pretrained models: what their events change, and when their table carries on. */
const manifest = { classNames: ['airplane', 'frog'], models: [], sample: { count: 4 } } as unknown as PretrainedManifest;
const loaded: CifarEvent = {
  type: 'pretrainedLoaded',
  id: 7,
  manifest,
  models: [
    { method: 'vanilla', label: 'Vanilla', engine: 'tfjs' },
    { method: 'nn', label: 'NN', engine: 'tfjs' },
  ],
  sample: { images: new Uint8Array(4 * 3072), labels: Int32Array.from([1, 0, 1, 0]) },
};
const row = (method: 'vanilla' | 'nn'): ModelResult => ({ method, cleanAccuracy: 0.5, trainSeconds: 1, robust: [] });

function apply(s: CifarLabData, ...events: CifarEvent[]): CifarLabData {
  for (const e of events) s = { ...s, ...(reducePretrained(s, e) ?? {}) };
  return s;
}

describe('pretrained models in the page state', () => {
  it('loaded: models, sample, gallery starting at the first image of class 0; rows kept in the models’ order', () => {
    let s = apply({ ...initialData(), engine: 'ready' }, loaded);
    expect(s.pretrained.status).toBe('loaded');
    expect(s.pretrained.gallery.source).toEqual({ kind: 'test', index: 1 });
    s = { ...s, pretrained: { ...s.pretrained, table: { ...s.pretrained.table, id: 3, status: 'running' } } };
    s = apply(s, { type: 'tableRow', id: 3, session: 7, on: 'pretrained', n: 4, row: row('nn') }, { type: 'tableRow', id: 3, session: 7, on: 'pretrained', n: 4, row: row('vanilla') });
    expect(s.pretrained.table.rows.map((r) => r.method)).toEqual(['vanilla', 'nn']);
    // A late row of an older table or of replaced models is dropped.
    expect(apply(s, { type: 'tableRow', id: 2, session: 7, on: 'pretrained', n: 4, row: row('nn') }).pretrained.table.rows).toHaveLength(2);
    s = apply(s, { type: 'tableEnd', id: 3, cancelled: false, on: 'pretrained' });
    expect(s.pretrained.table.status).toBe('done');
    // The same models again (after a backend switch) keep the table.
    expect(apply(s, loaded).pretrained.table.rows).toHaveLength(2);
  });

  it('missing and damaged are states with a message; live events are not theirs', () => {
    const s = initialData();
    expect(apply(s, { type: 'pretrainedMissing', url: 'http://x/pretrained/' }).pretrained).toMatchObject({ status: 'missing', message: expect.stringContaining('npm run pretrained') });
    expect(apply(s, { type: 'error', where: 'pretrained', message: 'manifest.json is damaged' }).pretrained).toMatchObject({ status: 'damaged', message: 'manifest.json is damaged' });
    expect(reducePretrained(s, { type: 'galleryEnd', id: 1, cancelled: false })).toBeNull();
    expect(reducePretrained(s, { type: 'error', where: 'gallery', message: 'x' })).toBeNull();
  });

  it('the table carries on only while shown, not stopped, and nothing else runs', () => {
    const s = apply({ ...initialData(), engine: 'ready' }, loaded);
    expect(pretrainedFollowUp(s)).toEqual(['vanilla', 'nn']);
    expect(pretrainedFollowUp({ ...s, view: 'live' })).toBeNull();
    expect(pretrainedFollowUp({ ...s, view: 'live', presetTable: true })).toEqual(['vanilla', 'nn']);
    expect(pretrainedFollowUp({ ...s, running: true })).toBeNull();
    expect(pretrainedFollowUp({ ...s, pretrained: { ...s.pretrained, gallery: { ...s.pretrained.gallery, status: 'running' } } })).toBeNull();
    expect(pretrainedFollowUp({ ...s, pretrained: { ...s.pretrained, table: { ...s.pretrained.table, auto: false } } })).toBeNull();
    const half = { ...s.pretrained, table: { ...s.pretrained.table, rows: [row('vanilla')] } };
    expect(missingRows(half)).toEqual(['nn']);
    expect(pretrainedFollowUp({ ...s, pretrained: half })).toEqual(['nn']);
  });
});
