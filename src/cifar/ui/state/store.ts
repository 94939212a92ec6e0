import { create } from 'zustand';
import type { BackendName } from '../../../core/backend';
import { checkRunSettings, GALLERY_LAB_DEFAULTS, LAB_DEFAULTS, TABLE_DEFAULTS, type CifarRunSettings, type GalleryRequest, type TableRequest } from '../../settings';
import type { CifarEvent, Command, GallerySource } from '../../worker/protocol';
import { cifarRpc } from '../persist/engineRpc';
import { faultActions, HIDDEN_PAUSE_NOTICE, pageHidden, pauseEngineWhileHidden } from '../../../lab/faults/pageFaults';
import { transportActions } from '../../../lab/transport';
import { errorOf, reduceEvent } from './events';
import type { CifarLabData } from './types';

export function initialData(): CifarLabData {
  return {
    engine: 'starting',
    backend: null,
    data: { status: 'none', progress: null, loaded: null },
    settings: { ...LAB_DEFAULTS },
    preparing: null,
    session: null,
    running: false,
    progress: null,
    models: [],
    history: {},
    saliency: null,
    gallery: { id: 0, status: 'idle', source: { kind: 'test', index: 0 }, step: 0, steps: 0, rows: [] },
    galleryRequest: { ...GALLERY_LAB_DEFAULTS },
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
}

const transport = transportActions({ get, set, send, stopped: (s) => !s.session || !!s.progress?.finished });

/** Everything the page can do: plain functions over the store, usable outside React too. */
export const cifarLab = {
  /** Wires the engine and starts it: the backend, then the served data (if any). */
  start(commandSender: Sender, backend: BackendName | null, dataUrl: string, options: { faults?: boolean } = {}): void {
    sender = commandSender;
    cifarRpc.setSender(commandSender); // keeping work: src/cifar/ui/persist
    faults = options.faults === true;
    send({ type: 'init', backend, ...(faults ? { faults } : {}) });
    // A hidden tab pauses the engine (training, gallery animation, table) and resumes it when shown.
    if (pageHidden()) send({ type: 'visibility', hidden: true });
    pauseEngineWhileHidden(
      (hidden) => send({ type: 'visibility', hidden }),
      () => get().running || get().gallery.status === 'running' || get().table.status === 'running' || !!get().preparing,
      () => set({ notice: errorOf(HIDDEN_PAUSE_NOTICE) }),
    );
    send({ type: 'loadServed', url: dataUrl });
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

  /** Applies the edited settings: new models (Build, or Reset once trained). */
  build(): void {
    configure();
  },

  ...transport,

  setGallerySource(source: GallerySource): void {
    set({ gallery: { ...get().gallery, source, rows: [], step: 0, status: 'idle' } });
  },

  setGalleryRequest(patch: Partial<GalleryRequest>): void {
    set({ galleryRequest: { ...get().galleryRequest, ...patch } });
  },

  setPerturbationGain(gain: number): void {
    set({ perturbationGain: gain });
  },

  runGallery(): void {
    const s = get();
    if (!s.session) return;
    const id = s.gallery.id + 1;
    set({ gallery: { ...s.gallery, id, status: 'running', rows: [], step: 0, steps: s.galleryRequest.steps } });
    send({ type: 'gallery', id, source: s.gallery.source, request: s.galleryRequest });
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
  predict(source: GallerySource): void {
    const id = (get().prediction?.id ?? 0) + 1;
    set({ prediction: { id, session: -1, models: [] } });
    send({ type: 'predict', id, source });
  },

  cancelJob(): void {
    send({ type: 'cancelJob' });
  },
};
