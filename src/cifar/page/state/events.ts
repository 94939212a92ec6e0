import type { CifarEvent, ErrorSource } from '../../contract/protocol';
import { addFrame, emptySeries, type History } from './history';
import { reducePretrained } from './pretrainedState';
import type { CifarLabData } from './types';

let errorSeq = 0;
export function errorOf(message: string, where: ErrorSource | 'page' = 'page'): CifarLabData['error'] {
  return { message, where, seq: ++errorSeq };
}

/**
 * What a worker event changes in the page's data: a pure function. Events of a run, gallery or
 * table that is no longer on screen are ignored.
 */
export function reduceEvent(s: CifarLabData, e: CifarEvent): Partial<CifarLabData> {
  const current = (session: number) => s.session !== null && session === s.session.id;
  const pretrained = reducePretrained(s, e);
  if (pretrained) return pretrained;
  switch (e.type) {
    case 'backend':
      return {
        engine: 'ready',
        backend: { name: e.backend, fallbacks: e.fallbacks, requested: e.requested ?? s.backend?.requested ?? null, device: e.device, conv: e.conv, switched: e.switched ?? null },
      };
    case 'notice':
      return { notice: errorOf(e.message) };
    case 'dataProgress':
      return { data: { ...s.data, status: 'loading', progress: { source: e.source, name: e.name, done: e.done, total: e.total } } };
    case 'dataLoaded':
      return {
        // A good load answers an earlier bad one.
        ...(s.error?.where === 'data' ? { error: null } : {}),
        data: {
          status: 'loaded',
          progress: null,
          loaded: { source: e.source, name: e.name, classNames: e.classNames, trainPerClass: e.trainPerClass, testPerClass: e.testPerClass },
        },
      };
    case 'dataMissing':
      return { data: { ...s.data, status: s.data.loaded ? 'loaded' : 'missing', progress: null } };
    case 'preparing':
      return { preparing: { phase: e.phase } };
    case 'ready': {
      const history: History = {};
      for (const m of e.models) history[m.method] = emptySeries();
      return {
        preparing: null,
        session: {
          id: e.session,
          settings: e.settings,
          classNames: e.classNames,
          models: e.models,
          teachers: e.teachers,
          trainCount: e.trainCount,
          test: e.test,
          saliencyIndices: e.saliencyIndices,
        },
        running: false,
        progress: e.progress,
        models: [],
        history,
        saliency: null,
        gallery: { ...s.gallery, status: 'idle', rows: [], step: 0, source: { kind: 'test', index: e.saliencyIndices[0] ?? 0 } },
        table: { ...s.table, status: 'idle', progress: null },
      };
    }
    case 'snapshot': {
      if (!current(e.session)) return {};
      const history: History = { ...s.history };
      for (const f of e.models) history[f.method] = addFrame(history[f.method] ?? emptySeries(), f, e.progress.round);
      return {
        running: e.running,
        progress: e.progress,
        models: e.models,
        history,
        ...(e.saliency ? { saliency: { round: e.progress.round, grads: e.saliency } } : {}),
      };
    }
    case 'status':
      return current(e.session) ? { running: e.running, progress: s.progress && { ...s.progress, finished: e.finished } } : {};
    case 'galleryFrame':
      if (e.id !== s.gallery.id || !current(e.session)) return {};
      return { gallery: { ...s.gallery, status: 'running', step: e.step, steps: e.steps, rows: e.rows } };
    case 'galleryEnd':
      // 'idle': a new run replaced the gallery, whose end arrives late.
      if (e.id !== s.gallery.id || s.gallery.status === 'idle') return {};
      return { gallery: { ...s.gallery, status: e.cancelled ? 'cancelled' : 'done' } };
    case 'tableProgress':
      if (e.id !== s.table.id) return {};
      return { table: { ...s.table, status: 'running', progress: { phase: e.phase, done: e.done, total: e.total } } };
    case 'tableResult':
      if (e.id !== s.table.id || !current(e.session)) return {};
      return { table: { ...s.table, result: { run: e.result, markdown: e.markdown, round: e.round, totalRounds: e.totalRounds, session: e.session } } };
    case 'tableEnd':
      if (e.id !== s.table.id) return {};
      return { table: { ...s.table, status: s.table.result ? 'done' : 'idle', progress: null } };
    case 'persist':
      return {}; // answers to persist commands: src/cifar/page/persist/engineRpc.ts
    case 'pretrainedProgress':
    case 'pretrainedLoaded':
    case 'pretrainedMissing':
    case 'tableRow':
      return {}; // pretrainedState.ts
    case 'prediction':
      return e.id === s.prediction?.id ? { prediction: { id: e.id, session: e.session, models: e.models } } : {};
    case 'error': {
      const base = { error: errorOf(e.message, e.where) };
      switch (e.where) {
        case 'init':
          return { ...base, engine: 'failed' };
        case 'data':
          return { ...base, data: { ...s.data, status: s.data.loaded ? 'loaded' : 'missing', progress: null } };
        case 'configure':
          return { ...base, preparing: null };
        case 'train':
          return { ...base, running: false };
        case 'gallery':
          return { ...base, gallery: { ...s.gallery, status: s.gallery.status === 'running' ? 'cancelled' : s.gallery.status } };
        case 'table':
          // A failed table (either set's) is not started again by itself (pretrainedFollowUp).
          return { ...base, table: { ...s.table, status: s.table.result ? 'done' : 'idle', progress: null }, pretrained: { ...s.pretrained, table: { ...s.pretrained.table, auto: false } } };
        default:
          return base;
      }
    }
  }
}
