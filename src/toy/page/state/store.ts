import { create } from 'zustand';
import type { BackendName } from '../../../core/backend';
import type { EngineClient } from '../client';
import type { Command, TrainingEngine, WorkerEvent } from '../../contract/protocol';
import { checkRunSettings } from '../../contract/runSettings';
import { receivePersist } from '../persist/engineRpc';
import { faultActions, HIDDEN_PAUSE_NOTICE, pageHidden, pauseEngineWhileHidden } from '../../../common/page/faults/pageFaults';
import { errorOf, reduceEvent, untrainedRun } from './events';
import { FIGURE3_ATTACK, FIGURE3_OFF, figure3Settings } from './figure3';
import {
  attackAlphaOf,
  DEFAULT_SETTINGS,
  formatField,
  parseField,
  runSettingsOf,
  SETTINGS_TABLE,
  speedOf,
  type ToyLabSettings,
  type SettingKey,
} from './settings';
import type { ToyLabData } from './types';
import { transportActions } from '../../../common/page/transport';
import { formatPoints, trainable } from '../../../core/data/drawn';

/**
 * Heatmap resolution, and the arrow lattice when the gradient field is on. A CPU-emulated WebGPU
 * (SwiftShader) needs ~0.45 s for one 100x100 grid of this tiny MLP: it gets a 50x50 grid.
 */
export const GRID_SIZE = 100;
export const SOFTWARE_GPU_GRID_SIZE = 50;
export const ARROW_GRID = 13;

export function initialData(): ToyLabData {
  return {
    settings: { ...DEFAULT_SETTINGS },
    applied: null,
    requested: null,
    backend: null,
    status: 'starting',
    preparing: null,
    session: null,
    ...untrainedRun(0),
    selected: [],
    figure3: FIGURE3_OFF,
    error: null,
    notice: null,
  };
}

/** What a run on screen holds, empty (drawn data before it can train). */
function emptyRun(): Partial<ToyLabData> {
  const d = initialData();
  return { session: null, preparing: null, running: false, finished: false, step: 0, epoch: 0, stepsPerSecond: 0, frame: null, history: d.history, metrics: d.metrics, attack: { ...d.attack, id: get().attack.id }, selected: [], trajectoryStep: 0 };
}

/** The one store of the lab. Components select slices; all changes go through `lab` below. */
export const useToyLab = create<ToyLabData>()(() => initialData());

/** Starts an engine worker; main.tsx passes the real one, tests a fake. */
export type EngineLauncher = () => EngineClient;
let launcher: EngineLauncher | null = null;
let engine: EngineClient | null = null;
let requestedBackend: BackendName | null = null;
let requestedEngine: TrainingEngine | undefined;
let faults = false;
let stopWatchingVisibility: (() => void) | null = null;

/** A hidden tab pauses the engine (training, snapshots, attacks) and resumes it when shown. */
function watchVisibility(): void {
  stopWatchingVisibility ??= pauseEngineWhileHidden(
    (hidden) => send({ type: 'visibility', hidden }),
    () => {
      const s = get();
      return s.running || s.attack.status === 'attacking' || s.attack.status === 'sweeping' || s.status === 'preparing';
    },
    () => set({ notice: errorOf(HIDDEN_PAUSE_NOTICE) }),
  );
}

const get = () => useToyLab.getState();
const set = (patch: Partial<ToyLabData>) => useToyLab.setState(patch);
const send = (command: Command) => engine?.send(command);

/** What the engine draws in its snapshots (ViewOptions): heatmap resolution and the arrow lattice. */
function engineViewOf(s: ToyLabSettings) {
  const b = get().backend;
  const slow = b?.name === 'webgpu' && b.device?.software;
  return { gridSize: slow ? SOFTWARE_GPU_GRID_SIZE : GRID_SIZE, arrowGrid: s.arrows === 'off' ? 0 : ARROW_GRID };
}

function showError(message: string): void {
  set({ error: errorOf(message) });
}

/** Ends a Figure 3 run in progress (the user took over). */
function cancelFigure3(): void {
  const f = get().figure3;
  if (f.phase !== 'off' && f.phase !== 'done' && f.phase !== 'cancelled') set({ figure3: { ...f, phase: 'cancelled' } });
}

/** Builds a new run from the current settings. False (and an error shown) if they cannot run. */
function configure(): boolean {
  const run = runSettingsOf(get().settings);
  const problems = checkRunSettings(run);
  if (problems.length) {
    showError(`Settings not applied: ${problems.join('; ')}.`);
    return false;
  }
  // Drawn data without a point of each class: an empty plane to draw on, no models yet.
  if (run.dataset === 'draw' && !trainable(run.points ?? [])) {
    if (get().running) send({ type: 'pause' });
    set({ ...emptyRun(), status: get().status === 'failed' ? 'failed' : 'ready', applied: get().settings, requested: get().settings });
    return true;
  }
  set({ status: 'preparing', preparing: null, running: false, requested: get().settings });
  send({ type: 'configure', settings: run });
  return true;
}

/** Side effects of an event: the Figure 3 preset attacks when training ends and reports. */
function react(e: WorkerEvent): void {
  const s = get();
  const f = s.figure3;
  // After a switch the engine still has the old backend's view: resend it.
  if (e.type === 'backend' && (e.switched || engineViewOf(s.settings).gridSize !== GRID_SIZE)) send({ type: 'setView', view: engineViewOf(s.settings) });
  if (e.type === 'ready' && f.phase === 'preparing') set({ figure3: { ...f, phase: 'training' } });
  if (f.phase === 'training' && s.finished && (e.type === 'snapshot' || e.type === 'status')) {
    const id = s.attack.id + 1;
    set({ figure3: { ...f, phase: 'attacking', attackId: id }, attack: { ...s.attack, id, status: 'attacking', progress: null } });
    send({ type: 'attack', id, request: FIGURE3_ATTACK });
  }
  if (e.type === 'attackResult' && e.id === f.attackId && f.phase === 'attacking') {
    const m = e.models;
    set({
      figure3: {
        ...f,
        phase: 'done',
        result: {
          clean: { vanilla: m.vanilla.cleanAccuracy, pag: m.pag.cleanAccuracy },
          robust: { vanilla: m.vanilla.robustAccuracy, pag: m.pag.robustAccuracy },
          seconds: (performance.now() - f.startedAt) / 1000,
          backend: s.backend?.name ?? '?',
        },
      },
    });
  }
  if (e.type === 'error' || e.type === 'attackCancelled') cancelFigure3();
}

const transport = transportActions({ get, set, send, stopped: (s) => !s.session || s.finished });

/** Everything the UI can do. Plain functions over the store, so they work outside React too. */
export const toyLab = {
  /** Starts the engine and the first run: backend, view, speed, then the models. */
  start(launch: EngineLauncher, backend: BackendName | null, trainingEngine?: TrainingEngine, options: { faults?: boolean } = {}): void {
    launcher = launch;
    requestedBackend = backend;
    requestedEngine = trainingEngine;
    faults = options.faults ?? faults;
    try {
      engine = launch();
    } catch (e) {
      return toyLab.fatal(`The engine could not start: ${e instanceof Error ? e.message : String(e)}.`);
    }
    const s = get().settings;
    send({ type: 'init', backend, engine: requestedEngine, ...(faults ? { faults } : {}) });
    if (pageHidden()) send({ type: 'visibility', hidden: true });
    watchVisibility();
    send({ type: 'setView', view: engineViewOf(s) });
    send({ type: 'setSpeed', stepsPerSecond: speedOf(s.speed) });
    configure();
  },

  receive(e: WorkerEvent): void {
    if (e.type === 'persist') return receivePersist(e);
    // A run built before the user turned to drawn data (or changed the points) is not shown.
    if (e.type === 'ready' && get().settings.dataset === 'draw' && (e.settings.dataset !== 'draw' || formatPoints(e.settings.points ?? []) !== get().settings.points)) return;
    set(reduceEvent(get(), e));
    react(e);
  },

  /** After a failure of the worker: a fresh one, with the settings on screen (the run is lost). */
  restartEngine(): void {
    engine?.terminate();
    engine = null;
    const { settings } = get();
    useToyLab.setState({ ...initialData(), settings }, true);
    if (launcher) toyLab.start(launcher, requestedBackend, requestedEngine, { faults });
  },

  /** A failure of the worker itself (not an engine error). */
  fatal(message: string): void {
    set({ error: errorOf(message), status: 'failed', running: false });
    cancelFigure3();
  },

  showError,

  /** A command straight to the engine (keeping work: src/toy/page/persist). */
  send(command: Command): void {
    send(command);
  },

  dismissError(): void {
    set({ error: null });
  },

  ...faultActions(() => set({ notice: null }), send, () => faults),

  /**
   * Sets one setting from text (an input, later the address bar). A bad value leaves the
   * setting as it was and says why. A restart-needing change applies at once while nothing has
   * trained yet; later it waits for Reset (the panel says so).
   */
  setField<K extends SettingKey>(key: K, text: string): boolean {
    const parsed = parseField(key, text);
    if (!parsed.ok) {
      showError(`${parsed.error}; kept ${formatField(key, get().settings[key]) || 'automatic'}.`);
      return false;
    }
    const before = get().settings;
    if (before[key] === parsed.value) return true;
    const settings = { ...before, [key]: parsed.value };
    set({ settings });
    const spec = SETTINGS_TABLE[key];
    if (spec.restart) {
      cancelFigure3();
      const s = get();
      if (s.step === 0 && !s.running && s.status !== 'starting' && s.status !== 'failed') configure();
    } else if (key === 'speed') {
      send({ type: 'setSpeed', stepsPerSecond: speedOf(settings.speed) });
    } else if (key === 'arrows' && (before.arrows === 'off') !== (settings.arrows === 'off')) {
      send({ type: 'setView', view: engineViewOf(settings) });
    }
    return true;
  },

  /**
   * Drawn data (issue 15): new points (text, as settings.points) build a new run at once, even
   * after training (the models train on what is drawn; nothing else can be kept).
   */
  setDrawPoints(text: string): void {
    if (!toyLab.setField('points', text)) return;
    const s = get();
    if (s.settings.dataset === 'draw' && s.status !== 'starting' && s.status !== 'failed' && (s.step > 0 || s.running)) configure();
  },

  play: transport.play,
  pause: transport.pause,
  togglePlay: transport.togglePlay,
  stepOnce: transport.step,

  /** New models from the current settings (applying any pending changes). */
  reset(): void {
    cancelFigure3();
    if (get().status === 'failed') toyLab.restartEngine();
    else configure();
  },

  attack(): void {
    const s = get();
    if (!s.session) return;
    const st = s.settings;
    const request = { norm: st.attackNorm, eps: st.attackEps, steps: st.attackSteps, alpha: attackAlphaOf(st), targeted: st.attackTargeted, sweep: true };
    cancelFigure3();
    const id = s.attack.id + 1;
    set({ running: false, attack: { ...s.attack, id, status: 'attacking', progress: null } });
    send({ type: 'attack', id, request });
  },

  /** The paper's setting, trained to the end, then attacked; see figure3.ts. */
  reproduceFigure3(): void {
    const s = get();
    const settings = figure3Settings(s.settings);
    set({ settings, figure3: { phase: 'preparing', startedAt: performance.now(), attackId: -1, result: null } });
    send({ type: 'setSpeed', stepsPerSecond: null });
    if (!configure()) return set({ figure3: FIGURE3_OFF });
    send({ type: 'play' });
  },

  dismissFigure3(): void {
    set({ figure3: FIGURE3_OFF });
  },

  toggleSelected(index: number): void {
    const sel = get().selected;
    set({ selected: sel.includes(index) ? sel.filter((i) => i !== index) : [...sel, index] });
  },

  clearSelected(): void {
    set({ selected: [] });
  },

  setTrajectoryStep(k: number): void {
    const r = get().attack.result;
    const max = r ? r.request.steps : 0;
    set({ trajectoryStep: Math.max(0, Math.min(max, Math.round(k))) });
  },
};
