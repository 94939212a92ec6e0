/**
 * Keeps work: while a run trains, its exact state (both trainers) and results are written to
 * IndexedDB every few seconds, on pause, at the end and after an attack. After a reload the last
 * run is reopened: the same settings are built afresh and the saved trainer states restored into
 * them, so training continues exactly where it was.
 */
import { create } from 'zustand';
import { resultsOf } from '../export/results';
import { lab, useLab } from '../state/store';
import type { LabData } from '../state/types';
import type { LabSettings } from '../state/settings';
import { settingsFromRecord } from '../state/settingsRecord';
import { askEngine, setPersistSender } from './engineRpc';
import { deleteRun, lastRunId, listRuns, loadRun, putRun, setLastRunId, type LoadedRun, type SavedRun } from './runStore';

export const AUTOSAVE_MS = 3000;

setPersistSender((c) => lab.send(c));

/** The saved-runs list and autosave status, for the panel. */
export const useRuns = create<{ runs: LoadedRun[]; currentId: string | null; lastSaved: number | null }>()(() => ({
  runs: [],
  currentId: null,
  lastSaved: null,
}));

let currentSession: number | null = null;
let restoring: SavedRun | null = null;
let saving = false;
let started = false;

function runName(s: LabSettings): string {
  return `${s.dataset} · ${s.pagMethod} · λ ${s.lambda} · seed ${s.seed}`;
}

const newId = () => `run-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;

export async function refreshRuns(): Promise<void> {
  try {
    useRuns.setState({ runs: await listRuns() });
  } catch (e) {
    lab.showError(`Saved runs cannot be read: ${e instanceof Error ? e.message : String(e)}.`);
  }
}

/** Saves the run on screen now (no-op before the first step or while a save is in flight). */
export async function saveNow(): Promise<void> {
  const s = useLab.getState();
  const id = useRuns.getState().currentId;
  if (saving || !s.session || s.step === 0 || !id || restoring) return;
  saving = true;
  try {
    const reply = await askEngine({ type: 'saveRun' });
    const now = useLab.getState();
    if (reply.kind !== 'saved' || !now.session || reply.session !== now.session.id || useRuns.getState().currentId !== id) return;
    const results = resultsOf({ ...now, step: reply.step });
    const settings = now.applied ?? now.settings;
    await putRun({ meta: { version: 1, id, savedAt: Date.now(), name: runName(settings), results }, states: reply.states });
    setLastRunId(id);
    useRuns.setState({ lastSaved: Date.now() });
    await refreshRuns();
  } catch (e) {
    lab.showError(`The run could not be saved: ${e instanceof Error ? e.message : String(e)}.`);
  } finally {
    saving = false;
  }
}

/** Rebuilds a saved run's models and restores their states; nothing else changes if it fails. */
export async function reopen(run: SavedRun): Promise<void> {
  // Checked when the record was read (runStore.ts); parsed again here for the typed values.
  const parsed = settingsFromRecord(run.meta.results.settings);
  if (!parsed.ok) return lab.showError(`The saved run "${run.meta.name}" cannot be reopened: ${parsed.error}.`);
  const settings = parsed.value;
  restoring = run;
  lab.pause();
  useLab.setState({ settings });
  lab.reset();
  try {
    const reply = await askEngine({ type: 'restoreRun', states: run.states });
    if (reply.kind === 'restored') {
      useRuns.setState({ currentId: run.meta.id });
      setLastRunId(run.meta.id);
    }
  } catch (e) {
    lab.showError(`The saved run "${run.meta.name}" could not be restored: ${e instanceof Error ? e.message : String(e)}.`);
  } finally {
    restoring = null;
  }
}

export async function forget(id: string): Promise<void> {
  await deleteRun(id);
  if (lastRunId() === id) setLastRunId(null);
  if (useRuns.getState().currentId === id) useRuns.setState({ currentId: newId() });
  await refreshRuns();
}

function onChange(s: LabData, prev: LabData): void {
  const id = s.session?.id ?? null;
  if (id !== currentSession && s.session) {
    currentSession = id;
    if (restoring) {
      // The restored run's history; the restore's own snapshot brings the step and metrics.
      const h = restoring.meta.results.history;
      useLab.setState({ history: { vanilla: h.vanilla, pag: h.pag } });
    } else {
      useRuns.setState({ currentId: newId() });
    }
  }
  const paused = prev.running && !s.running;
  const attacked = prev.attack.status !== 'done' && s.attack.status === 'done';
  const stepped = !s.running && s.step !== prev.step;
  if ((paused || attacked || stepped) && s.step > 0) void saveNow();
}

/** Starts autosave, and reopens the last run once the engine has its first models. */
export function startAutosave(): () => void {
  if (started) return () => {};
  started = true;
  const unsub = useLab.subscribe(onChange);
  const timer = setInterval(() => {
    if (useLab.getState().running) void saveNow();
  }, AUTOSAVE_MS);
  const last = lastRunId();
  void refreshRuns();
  if (last) {
    const wait = useLab.subscribe((s) => {
      if (s.status !== 'ready' || !s.session) return;
      wait();
      void (async () => {
        let loaded: LoadedRun | null = null;
        try {
          loaded = await loadRun(last);
        } catch (e) {
          return lab.showError(`Saved runs cannot be read: ${e instanceof Error ? e.message : String(e)}.`);
        }
        if (!loaded) return setLastRunId(null);
        if (!loaded.ok) {
          setLastRunId(null);
          return lab.showError(`The last saved run could not be reopened: ${loaded.error}. Your other saved runs are kept.`);
        }
        // Reproduce Figure 3 from the link (?preset=figure3) starts its own run instead.
        if (useLab.getState().step === 0 && useLab.getState().figure3.phase === 'off') await reopen(loaded.run);
      })();
    });
  }
  return () => {
    unsub();
    clearInterval(timer);
    started = false;
  };
}
