import type { RunSettings, WorkerEvent } from '../../contract/protocol';
import { addSnapshot, emptyHistory } from './history';
import { spreadPoints } from './selection';
import type { ToyLabSettings } from './settings';
import { formatPoints } from '../../../core/data/drawn';
import type { ToyLabData } from './types';

/** How many test points get their trajectories drawn by default. */
export const DEFAULT_SELECTED = 6;

/** The restart-needing lab settings of a run, read back from the engine's settings. */
export function labFieldsOf(run: RunSettings): Partial<ToyLabSettings> {
  return {
    dataset: run.dataset,
    ...(run.dataset === 'draw' ? { points: formatPoints(run.points ?? []) } : {}),
    noise: run.noise,
    seed: run.seed,
    trainPerClass: run.trainPerClass,
    hiddenWidth: run.hidden[0],
    hiddenLayers: run.hidden.length,
    activation: run.activation,
    pagMethod: run.pagMethod,
    lambda: run.lambda,
    optimizer: run.optimizer,
    learningRate: run.learningRate,
    batchSize: run.batchSize,
    epochs: run.epochs,
    gradient: run.logSoftmaxGradient ?? 'textbook',
  };
}

/** The progress of a run that has not trained yet: what a new run (or a fresh page) shows. */
export function untrainedRun(attackId: number): Pick<ToyLabData, 'running' | 'finished' | 'step' | 'epoch' | 'stepsPerSecond' | 'frame' | 'history' | 'metrics' | 'attack' | 'trajectoryStep'> {
  return {
    running: false,
    finished: false,
    step: 0,
    epoch: 0,
    stepsPerSecond: 0,
    frame: null,
    history: emptyHistory(),
    metrics: { vanilla: null, pag: null },
    attack: { status: 'idle', id: attackId, progress: null, result: null, sweep: null },
    trajectoryStep: 0,
  };
}

let errorSeq = 0;
export function errorOf(message: string): ToyLabData['error'] {
  return { message, seq: ++errorSeq };
}

/**
 * What a worker event changes in the lab's data: a pure function (side effects, such as the
 * Figure 3 preset attacking once training ends, are in store.ts: react). Events of a run that is no
 * longer on screen are ignored.
 */
export function reduceEvent(s: ToyLabData, e: WorkerEvent): Partial<ToyLabData> {
  const current = (session: number) => s.session !== null && session === s.session.id;
  switch (e.type) {
    case 'backend':
      return { backend: { name: e.backend, fallbacks: e.fallbacks, requested: e.requested ?? s.backend?.requested ?? null, device: e.device, switched: e.switched ?? null } };
    case 'notice':
      return { notice: errorOf(e.message) };
    case 'preparing':
      return { preparing: { phase: e.phase, done: e.done, total: e.total } };
    case 'ready': {
      const applied = { ...s.settings, ...labFieldsOf(e.settings) };
      return {
        status: 'ready',
        preparing: null,
        applied,
        session: { id: e.session, train: e.train, test: e.test, bounds: e.bounds, stepsPerEpoch: e.stepsPerEpoch, totalSteps: e.totalSteps, engines: e.engines },
        ...untrainedRun(s.attack.id),
        selected: spreadPoints(e.test.x, DEFAULT_SELECTED),
      };
    }
    case 'snapshot': {
      if (!current(e.session)) return {};
      const { models } = e;
      const vanilla = addSnapshot(s.history.vanilla, e.step, models.vanilla.metrics);
      const pag = addSnapshot(s.history.pag, e.step, models.pag.metrics);
      // Same objects when nothing was measured: the charts then do not redraw.
      const history = vanilla === s.history.vanilla && pag === s.history.pag ? s.history : { vanilla, pag };
      return {
        frame: { grid: e.grid, models, arrows: e.arrows },
        step: e.step,
        epoch: e.epoch,
        stepsPerSecond: e.running || e.stepsPerSecond > 0 ? e.stepsPerSecond : s.stepsPerSecond,
        finished: e.step >= e.totalSteps,
        history,
        metrics: models.vanilla.metrics && models.pag.metrics ? { vanilla: models.vanilla.metrics, pag: models.pag.metrics } : s.metrics,
      };
    }
    case 'status':
      return current(e.session) ? { running: e.running, finished: e.finished, step: Math.max(s.step, e.step) } : {};
    case 'attackProgress':
      return e.id === s.attack.id ? { attack: { ...s.attack, progress: { phase: e.phase, done: e.done, total: e.total } } } : {};
    case 'attackResult':
      if (e.id !== s.attack.id || !current(e.session)) return {};
      return {
        attack: { ...s.attack, status: e.request.sweep ? 'sweeping' : 'done', result: { session: e.session, step: e.step, request: e.request, models: e.models } },
        trajectoryStep: e.request.steps,
      };
    case 'sweepResult':
      if (e.id !== s.attack.id || !current(e.session)) return {};
      return { attack: { ...s.attack, status: 'done', progress: null, sweep: { epsList: e.epsList, models: e.models, suite: e.suite } } };
    case 'attackCancelled':
      return e.id === s.attack.id ? { attack: { ...s.attack, status: 'idle', progress: null } } : {};
    case 'error': {
      const base = { error: errorOf(e.message) };
      if (e.where === 'init') return { ...base, status: 'failed' };
      if (e.where === 'configure') return { ...base, status: s.session ? 'ready' : 'failed', preparing: null, requested: s.applied };
      if (e.where === 'attack') return { ...base, attack: { ...s.attack, status: 'idle', progress: null } };
      if (e.where === 'train') return { ...base, running: false };
      return base;
    }
    default:
      return {}; // answers to persist commands: src/toy/page/persist/engineRpc.ts
  }
}
