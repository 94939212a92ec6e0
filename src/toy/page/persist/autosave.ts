/**
 * Keeps work: while a run trains, its exact state (both trainers) and results are written to
 * IndexedDB every few seconds, on pause, at the end and after an attack. After a reload the last
 * run is reopened: the same settings are built afresh and the saved trainer states restored into
 * them, so training continues exactly where it was.
 */
import { resultsOf } from '../export/results';
import { toyLab, useToyLab } from '../state/store';
import type { ToyLabData } from '../state/types';
import { RESTART_KEYS, SETTING_KEYS, type ToyLabSettings } from '../state/settings';
import { settingsFromRecord } from '../state/settingsRecord';
import { TOY_LINK } from '../share/urlState';
import { createRunsPanel, messageOf, newRunId as newId } from '../../../common/page/persist/runsPanel';
import { linkCarriesSettings, rememberShownRun, reopenLastRun } from '../../../common/page/persist/startupChoice';
import { visibleInterval } from '../../../common/page/faults/pageFaults';
import { askEngine, setPersistSender } from './engineRpc';
import { putRun, setLastRunId, toyRuns, type SavedRun } from './runStore';

export const AUTOSAVE_MS = 3000;
/** sessionStorage: which run this tab showed at which address as it went away (startupChoice.ts). */
const SHOWN_KEY = 'pag-lab:shown-run';
/** Settings that do not define a run (view, attack): a link's stay when its run is reopened. */
const VIEW_KEYS = SETTING_KEYS.filter((k) => !RESTART_KEYS.includes(k));

setPersistSender((c) => toyLab.send(c));

const panel = createRunsPanel(toyRuns, (m) => toyLab.showError(m));
/** The saved-runs list and autosave status, for the panel (src/common/page/persist/runsPanel.ts). */
export const { useRuns, refreshRuns, forget } = panel;

let currentSession: number | null = null;
let restoring: SavedRun | null = null;
let saving = false;
let started = false;

function runName(s: ToyLabSettings): string {
  return `${s.dataset} · ${s.pagMethod} · λ ${s.lambda} · seed ${s.seed}`;
}

/** Saves the run on screen now (no-op before the first step or while a save is in flight). */
export async function saveNow(): Promise<void> {
  const s = useToyLab.getState();
  const id = useRuns.getState().currentId;
  if (saving || !s.session || s.step === 0 || !id || restoring) return;
  saving = true;
  try {
    const reply = await askEngine({ type: 'saveRun' });
    const now = useToyLab.getState();
    if (reply.kind !== 'saved' || !now.session || reply.session !== now.session.id || useRuns.getState().currentId !== id) return;
    const results = resultsOf({ ...now, step: reply.step });
    const settings = now.applied ?? now.settings;
    await putRun({ meta: { version: 1, id, savedAt: Date.now(), name: runName(settings), results }, states: reply.states });
    setLastRunId(id);
    useRuns.setState({ lastSaved: Date.now() });
    await refreshRuns();
  } catch (e) {
    toyLab.showError(`The run could not be saved: ${messageOf(e)}.`);
  } finally {
    saving = false;
  }
}

/**
 * Rebuilds a saved run's models and restores their states; nothing else changes if it fails.
 * `keepView`: the settings on screen that do not define the run (a link's view) stay.
 */
export async function reopen(run: SavedRun, keepView = false): Promise<void> {
  // Checked when the record was read (runStore.ts); parsed again here for the typed values.
  const parsed = settingsFromRecord(run.meta.results.settings);
  if (!parsed.ok) return toyLab.showError(`The saved run "${run.meta.name}" cannot be reopened: ${parsed.error}.`);
  const now = useToyLab.getState().settings;
  const settings: ToyLabSettings = keepView ? { ...parsed.value, ...Object.fromEntries(VIEW_KEYS.map((k) => [k, now[k]])) } : parsed.value;
  restoring = run;
  toyLab.pause();
  useToyLab.setState({ settings });
  toyLab.reset();
  try {
    const reply = await askEngine({ type: 'restoreRun', states: run.states });
    if (reply.kind === 'restored') {
      useRuns.setState({ currentId: run.meta.id });
      setLastRunId(run.meta.id);
    }
  } catch (e) {
    toyLab.showError(`The saved run "${run.meta.name}" could not be restored: ${messageOf(e)}.`);
  } finally {
    restoring = null;
  }
}

function onChange(s: ToyLabData, prev: ToyLabData): void {
  const id = s.session?.id ?? null;
  if (id !== currentSession && s.session) {
    currentSession = id;
    if (restoring) {
      // The restored run's history; the restore's own snapshot brings the step and metrics.
      const h = restoring.meta.results.history;
      useToyLab.setState({ history: { vanilla: h.vanilla, pag: h.pag } });
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
  const unsub = useToyLab.subscribe(onChange);
  const unshown = rememberShownRun(SHOWN_KEY, () => useRuns.getState().currentId);
  // Not while the tab is hidden: the engine is paused then (src/common/page/faults/pageFaults.ts).
  const stopTimer = visibleInterval(() => {
    if (useToyLab.getState().running) void saveNow();
  }, AUTOSAVE_MS);
  void refreshRuns();
  if (toyRuns.lastRunId()) {
    const wait = useToyLab.subscribe((s) => {
      if (s.status !== 'ready' || !s.session) return;
      wait();
      void (async () => {
        const run = await panel.loadLastRun();
        if (!run) return;
        // Reproduce Figure 3 from the link (?preset=figure3) starts its own run instead.
        if (useToyLab.getState().step !== 0 || useToyLab.getState().figure3.phase !== 'off') return;
        // A link with other settings wins; the run stays in Saved runs (linkVsSaved.ts).
        const saved = settingsFromRecord(run.meta.results.settings);
        if (saved.ok && !reopenLastRun(TOY_LINK, SHOWN_KEY, { id: run.meta.id, name: run.meta.name, saved: saved.value }, RESTART_KEYS)) return;
        await reopen(run, linkCarriesSettings());
      })();
    });
  }
  return () => {
    unsub();
    unshown();
    stopTimer();
    started = false;
  };
}
