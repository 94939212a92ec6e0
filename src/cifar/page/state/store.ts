import { create } from 'zustand';
import type { BackendName } from '../../../core/backend';
import { checkRunSettings, CIFAR_GALLERY_DEFAULTS, CIFAR_LAB_DEFAULTS, PRETRAINED_TABLE, TABLE_DEFAULTS, type CifarRunSettings, type GalleryRequest, type TableRequest } from '../../contract/settings';
import type { CifarEvent, Command, GallerySource, MethodId, ModelSetKind } from '../../contract/protocol';
import { cifarRpc } from '../persist/engineRpc';
import { faultActions, HIDDEN_PAUSE_NOTICE, pageHidden, pauseEngineWhileHidden } from '../../../common/page/faults/pageFaults';
import { transportActions } from '../../../common/page/transport';
import { errorOf, reduceEvent } from './events';
import { initialPretrained, missingRows, pretrainedFollowUp } from './pretrainedState';
import type { CifarLabData, GalleryState, CifarLabView } from './types';

export function initialData(): CifarLabData {
  return {
    view: 'pretrained',
    presetTable: false,
    pretrained: initialPretrained(),
    engine: 'starting',
    backend: null,
    data: { status: 'none', progress: null, loaded: null },
    settings: { ...CIFAR_LAB_DEFAULTS },
    preparing: null,
    session: null,
    running: false,
    progress: null,
    models: [],
    history: {},
    saliency: null,
    gallery: { id: 0, status: 'idle', source: { kind: 'test', index: 0 }, step: 0, steps: 0, rows: [] },
    galleryRequest: { ...CIFAR_GALLERY_DEFAULTS },
    perturbationGain: 0,
    table: { id: 0, status: 'idle', progress: null, result: null },
    tableRequest: { ...TABLE_DEFAULTS },
    prediction: null,
    error: null,
    notice: null,
  };
}

/** The one store of the CIFAR Lab. Components select slices; all changes go through `cifarLab`. */
export const useCifarLab = create<CifarLabData>()(() => initialData());

type Sender = (command: Command) => void;
let sender: Sender = () => undefined;
let faults = false;

const get = () => useCifarLab.getState();
const set = (patch: Partial<CifarLabData>) => useCifarLab.setState(patch);
const send = (command: Command) => sender(command);

function showError(message: string): void {
  set({ error: errorOf(message) });
}

/** Nothing trained in the run on screen yet: replacing it loses nothing. */
function untouched(s: CifarLabData): boolean {
  const p = s.progress;
  return !s.session || (!s.running && (!p || (p.round === 0 && p.teacherStep === 0)));
}

/** New models from the settings being edited. False (and a message) if they cannot run. */
function configure(): boolean {
  const s = get();
  const problems = checkRunSettings(s.settings);
  if (problems.length) {
    showError(`Settings not applied: ${problems.join('; ')}.`);
    return false;
  }
  if (!s.data.loaded) {
    showError('Load CIFAR-10 first: run npm run data:cifar, or pick the official archive (cifar-10-binary.tar.gz).');
    return false;
  }
  set({ preparing: { phase: 'building the models' }, running: false });
  send({ type: 'configure', settings: s.settings });
  return true;
}

/** Side effects of events: new data builds a run at once when nothing would be lost. */
function react(before: CifarLabData, e: CifarEvent): void {
  if (e.type === 'dataLoaded' && untouched(before)) configure();
  // Nothing shipped: the live run is all there is (unless the user chose the view already).
  if (e.type === 'pretrainedMissing' && !viewChosen) set({ view: 'live' });
  scheduleFollowUp();
}

/** The user (or the link) chose what to look at: the page no longer switches by itself. */
let viewChosen = false;

let followUp: ReturnType<typeof setTimeout> | null = null;
/**
 * The pretrained Table 1 carries on by itself once nothing else runs (pretrainedFollowUp). A
 * moment later, not at once: the error that may follow a job's end arrives as the next message.
 */
function scheduleFollowUp(): void {
  if (followUp !== null || !pretrainedFollowUp(get())) return;
  followUp = setTimeout(() => {
    followUp = null;
    const methods = pretrainedFollowUp(get());
    if (methods) evaluatePretrained(methods);
  }, 300);
}

function evaluatePretrained(methods: MethodId[]): void {
  const p = get().pretrained;
  const id = p.table.id + 1;
  set({ pretrained: { ...p, table: { ...p.table, id, status: 'running', progress: null, auto: true } } });
  send({ type: 'evaluate', id, request: { ...PRETRAINED_TABLE }, on: 'pretrained', methods });
}

/** The gallery of a set of models, and where it goes in the store. */
function galleryOf(on: ModelSetKind): { g: GalleryState; put: (g: GalleryState) => void } {
  const s = get();
  if (on === 'live') return { g: s.gallery, put: (gallery) => set({ gallery }) };
  return { g: s.pretrained.gallery, put: (gallery) => set({ pretrained: { ...get().pretrained, gallery } }) };
}

/** Whether the set has models to attack. */
function hasModels(on: ModelSetKind): boolean {
  const s = get();
  return on === 'live' ? !!s.session : s.pretrained.status === 'loaded';
}

const transport = transportActions({ get, set, send, stopped: (s) => !s.session || !!s.progress?.finished });

/** Everything the page can do: plain functions over the store, usable outside React too. */
export const cifarLab = {
  /** Wires the engine and starts it: the backend, then the served data (if any). */
  start(commandSender: Sender, backend: BackendName | null, dataUrl: string, options: { faults?: boolean; pretrainedUrl?: string } = {}): void {
    sender = commandSender;
    cifarRpc.setSender(commandSender); // keeping work: src/cifar/page/persist
    faults = options.faults === true;
    send({ type: 'init', backend, ...(faults ? { faults } : {}) });
    // A hidden tab pauses the engine (training, gallery animation, table) and resumes it when shown.
    if (pageHidden()) send({ type: 'visibility', hidden: true });
    pauseEngineWhileHidden(
      (hidden) => send({ type: 'visibility', hidden }),
      () => get().running || get().gallery.status === 'running' || get().table.status === 'running' || !!get().preparing,
      () => set({ notice: errorOf(HIDDEN_PAUSE_NOTICE) }),
    );
    // The pretrained files first: read before any training starts on the served data.
    if (options.pretrainedUrl) send({ type: 'loadPretrained', url: options.pretrainedUrl });
    send({ type: 'loadServed', url: dataUrl });
    if (!options.pretrainedUrl) set({ pretrained: { ...get().pretrained, status: 'missing', message: 'No pretrained models were asked for.' } });
  },

  /** Shows the pretrained models or the live run (their jobs stay as they are). */
  setView(view: CifarLabView, chosen = true): void {
    viewChosen ||= chosen;
    if (get().view === view) return;
    set({ view });
    scheduleFollowUp();
  },

  /** The preset's pretrained table above the live one (on), or not. */
  showPresetTable(on: boolean): void {
    set({ presetTable: on });
    scheduleFollowUp();
  },

  receive(e: CifarEvent): void {
    if (e.type === 'persist') return cifarRpc.receive(e);
    const before = get();
    set(reduceEvent(before, e));
    react(before, e);
  },

  /** A failure of the worker itself (not an engine error). */
  fatal(message: string): void {
    set({ error: errorOf(message), engine: 'failed', running: false });
  },

  showError,

  dismissError(): void {
    set({ error: null });
  },

  ...faultActions(() => set({ notice: null }), send, () => faults),

  loadFiles(files: File[]): void {
    if (files.length === 0) return;
    send({ type: 'loadFiles', files });
  },

  setSettings(patch: Partial<CifarRunSettings>): void {
    set({ settings: { ...get().settings, ...patch } });
  },

  /** Applies the edited settings: new models (Build, or Reset once trained). Shows the live run. */
  build(): void {
    cifarLab.setView('live');
    set({ presetTable: false });
    configure();
  },

  // Training is the live run's: its buttons and keys show it.
  ...transport,
  play(): void {
    cifarLab.setView('live');
    transport.play();
  },
  togglePlay(): void {
    if (!get().running) cifarLab.setView('live');
    transport.togglePlay();
  },
  step(): void {
    cifarLab.setView('live');
    transport.step();
  },

  setGallerySource(source: GallerySource, on: ModelSetKind = 'live'): void {
    const { g, put } = galleryOf(on);
    put({ ...g, source, rows: [], step: 0, status: 'idle' });
  },

  setGalleryRequest(patch: Partial<GalleryRequest>): void {
    set({ galleryRequest: { ...get().galleryRequest, ...patch } });
  },

  setPerturbationGain(gain: number): void {
    set({ perturbationGain: gain });
  },

  runGallery(on: ModelSetKind = 'live'): void {
    if (!hasModels(on)) return;
    const { g, put } = galleryOf(on);
    const id = g.id + 1;
    const request = get().galleryRequest;
    put({ ...g, id, status: 'running', rows: [], step: 0, steps: request.steps });
    send({ type: 'gallery', id, source: g.source, request, ...(on === 'pretrained' ? { on } : {}) });
  },

  /** Table 1 of the pretrained models again, from the first row (rows computed so far go). */
  evaluatePretrained(): void {
    const p = get().pretrained;
    if (p.status !== 'loaded') return;
    set({ pretrained: { ...p, table: { ...p.table, rows: [] } } });
    evaluatePretrained(p.models.map((m) => m.method));
  },

  /** The rows still missing (after Stop). */
  continuePretrained(): void {
    const p = get().pretrained;
    if (p.status === 'loaded' && missingRows(p).length) evaluatePretrained(missingRows(p));
  },

  /** Stops the pretrained table; it does not carry on by itself until asked again. */
  stopPretrainedTable(): void {
    const p = get().pretrained;
    set({ pretrained: { ...p, table: { ...p.table, auto: false } } });
    send({ type: 'cancelJob' });
  },

  setTableRequest(patch: Partial<TableRequest>): void {
    set({ tableRequest: { ...get().tableRequest, ...patch } });
  },

  evaluate(): void {
    const s = get();
    if (!s.session) return;
    const id = s.table.id + 1;
    set({ table: { ...s.table, id, status: 'running', progress: null } });
    send({ type: 'evaluate', id, request: s.tableRequest });
  },

  /** Asks every model for its prediction on one image (the hover card). */
  predict(source: GallerySource, on: ModelSetKind = 'live'): void {
    const id = (get().prediction?.id ?? 0) + 1;
    set({ prediction: { id, session: -1, models: [] } });
    send({ type: 'predict', id, source, ...(on === 'pretrained' ? { on } : {}) });
  },

  cancelJob(): void {
    send({ type: 'cancelJob' });
  },
};
