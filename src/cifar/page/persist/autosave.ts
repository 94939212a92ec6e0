/**
 * Keeps the CIFAR Lab's work: while a run trains its whole state (every model, RIGD teachers) and
 * results are written to IndexedDB every few seconds, and on pause, after steps and after a Table 1
 * evaluation. After a reload the last run is reopened: its settings are built afresh on the loaded
 * data and the saved states restored into them, so training continues where it was.
 *
 * The CIFAR images are not stored (the archive is 160 MB; even a subset is megabytes per run):
 * a run remembers which data it was trained on. Served data comes back by itself on a reload;
 * for picked files the page says which file to pick again, keeps the run, and reopens it as soon
 * as that data is loaded.
 */
import { visibleInterval } from '../../../common/page/faults/pageFaults';
import { CIFAR_GALLERY_DEFAULTS, SHORT_LABELS, TABLE_DEFAULTS } from '../../contract/settings';
import { createRunsPanel, messageOf as message, newRunId as newId } from '../../../common/page/persist/runsPanel';
import { rememberShownRun, reopenLastRun } from '../../../common/page/persist/startupChoice';
import { CIFAR_LINK, linkValuesOf } from '../share/cifarLink';
import { cifarResultsOf } from '../export/results';
import { presetActive } from '../presets';
import { addFrame, emptySeries, type History } from '../state/history';
import { cifarLab, useCifarLab } from '../state/store';
import type { CifarLabData } from '../state/types';
import { cifarRpc } from './engineRpc';
import { cifarRuns, cifarSettingsFromRecord, RUN_KEYS, type CifarSavedRun } from './runStore';

export const AUTOSAVE_MS = 5000;
/** sessionStorage: which run this tab showed at which address as it went away (startupChoice.ts). */
const SHOWN_KEY = 'pag-lab-cifar:shown-run';

const panel = createRunsPanel(cifarRuns, (m) => cifarLab.showError(m), (id) => {
  // A deleted run no longer waits for its data.
  if (waitingForData?.meta.id !== id) return;
  waitingForData = null;
  useCifarRuns.setState({ notice: null });
});
/** The saved-runs list and autosave status, for the panel (src/common/page/persist/runsPanel.ts). */
export const { useRuns: useCifarRuns, refreshRuns, forget } = panel;

const trained = (s: CifarLabData) => !!s.progress && (s.progress.round > 0 || s.progress.teacherStep > 0);

let currentSession: number | null = null;
let restoring = false;
let saving = false;
let started = false;
/** A run waiting for its data to be loaded (picked files are not kept across reloads). */
let waitingForData: CifarSavedRun | null = null;

function runName(s: CifarLabData): string {
  const session = s.session!;
  const methods = session.settings.methods.map((m) => SHORT_LABELS[m]).join(', ');
  return `${session.classNames.join(' vs ')} · ${methods} · seed ${session.settings.seed}`;
}

/** Saves the run on screen now (no-op before any training or while a save or restore is in flight). */
export async function saveNow(): Promise<void> {
  const s = useCifarLab.getState();
  const id = useCifarRuns.getState().currentId;
  if (saving || restoring || !s.session || !trained(s) || !id) return;
  saving = true;
  try {
    const reply = await cifarRpc.ask({ type: 'saveRun' });
    const now = useCifarLab.getState();
    if (reply.kind !== 'saved' || !now.session || reply.session !== now.session.id || useCifarRuns.getState().currentId !== id) return;
    const results = cifarResultsOf(now);
    const table = now.table.result && now.table.result.session === now.session.id ? now.table.result.markdown : null;
    await cifarRuns.put({ meta: { version: 1, id, savedAt: Date.now(), name: runName(now), results, tableMarkdown: table }, states: reply.state });
    cifarRuns.setLastRunId(id);
    useCifarRuns.setState({ lastSaved: Date.now() });
    await refreshRuns();
  } catch (e) {
    cifarLab.showError(`The run could not be saved: ${message(e)}.`);
  } finally {
    saving = false;
  }
}

/** Resolves with the next run built (a new session on screen), or rejects if building fails. */
function nextBuild(before: number | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = useCifarLab.subscribe((s, prev) => {
      if (s.session && s.session.id !== before && !s.preparing) {
        stop();
        resolve();
      } else if (prev.preparing && !s.preparing && s.error) {
        stop();
        reject(new Error(s.error.message));
      }
    });
  });
}

/** The data a saved run needs, if it is not the data loaded now. */
function missingData(run: CifarSavedRun): string | null {
  const want = run.meta.results.data;
  const have = useCifarLab.getState().data.loaded;
  return want && (!have || have.name !== want.name) ? want.name : null;
}

/** The saved curves, then what the restore's own snapshot measured (same steps are not repeated). */
function restoredHistory(saved: History, s: CifarLabData): History {
  const out: History = { ...saved };
  for (const f of s.models) out[f.method] = addFrame(out[f.method] ?? emptySeries(), f, s.progress?.round ?? 0);
  return out;
}

/** Rebuilds a saved run's models on the loaded data and restores their states. */
export async function reopen(run: CifarSavedRun): Promise<void> {
  const data = missingData(run);
  if (data) {
    waitingForData = run;
    useCifarRuns.setState({ notice: `"${run.meta.name}" was trained on ${data}: load that data again (pick the file) to reopen it. The run is kept.` });
    return;
  }
  if (restoring) return;
  restoring = true;
  waitingForData = null;
  useCifarRuns.setState({ notice: null });
  try {
    // Checked when the record was read (runStore.ts); parsed again here for the typed values.
    const parsed = cifarSettingsFromRecord(run.meta.results.settings);
    if (!parsed.ok) return cifarLab.showError(`The saved run "${run.meta.name}" cannot be reopened: ${parsed.error}.`);
    cifarLab.pause();
    const before = useCifarLab.getState().session?.id ?? null;
    cifarLab.setSettings(parsed.value);
    const built = nextBuild(before);
    cifarLab.build();
    // build() refuses settings or missing data at once, with its own message.
    if (!useCifarLab.getState().preparing) throw new Error(useCifarLab.getState().error?.message ?? 'its models could not be built');
    await built;
    const reply = await cifarRpc.ask({ type: 'restoreRun', state: run.states });
    if (reply.kind !== 'restored') return;
    const s = useCifarLab.getState();
    const t = run.meta.results.table;
    useCifarLab.setState({
      history: restoredHistory(run.meta.results.history as History, s),
      ...(t && s.session
        ? { tableRequest: { ...t.request }, table: { ...s.table, status: 'done', result: { run: t.results, markdown: run.meta.tableMarkdown ?? '', round: t.round, totalRounds: t.totalRounds, session: s.session.id } } }
        : {}),
    });
    useCifarRuns.setState({ currentId: run.meta.id });
    cifarRuns.setLastRunId(run.meta.id);
  } catch (e) {
    cifarLab.showError(`The saved run "${run.meta.name}" could not be reopened: ${message(e)}. It is kept in Saved runs.`);
  } finally {
    restoring = false;
  }
}

function onChange(s: CifarLabData, prev: CifarLabData): void {
  if (s.session && s.session.id !== currentSession) {
    currentSession = s.session.id;
    if (!restoring) useCifarRuns.setState({ currentId: newId() });
  }
  // Data a waiting run needs has arrived (and nothing new has been trained meanwhile).
  if (waitingForData && s.session && !s.preparing && !trained(s) && !missingData(waitingForData)) void reopen(waitingForData);
  const paused = prev.running && !s.running;
  const stepped = !s.running && (s.progress?.round !== prev.progress?.round || s.progress?.teacherStep !== prev.progress?.teacherStep);
  const evaluated = s.table.result !== prev.table.result && s.table.result !== null;
  if ((paused || stepped || evaluated) && trained(s)) void saveNow();
}

/** Reopens the last run once the first models are built on loaded data. */
async function reopenLast(): Promise<void> {
  const run = await panel.loadLastRun();
  if (!run) return;
  // A preset from the link (ui/presets.ts) starts its own run instead.
  if (trained(useCifarLab.getState()) || presetActive()) return;
  // A link with other settings wins; the run stays in Saved runs (linkVsSaved.ts).
  const saved = cifarSettingsFromRecord(run.meta.results.settings);
  const values = saved.ok ? linkValuesOf(saved.value, TABLE_DEFAULTS, CIFAR_GALLERY_DEFAULTS, 0) : null;
  if (values && !reopenLastRun(CIFAR_LINK, SHOWN_KEY, { id: run.meta.id, name: run.meta.name, saved: values }, RUN_KEYS)) return;
  await reopen(run);
}

/** Starts autosave and the reopening of the last run; returns a stop function. */
export function startCifarAutosave(): () => void {
  if (started) return () => {};
  started = true;
  const unsub = useCifarLab.subscribe(onChange);
  const unshown = rememberShownRun(SHOWN_KEY, () => useCifarRuns.getState().currentId);
  // Not while the tab is hidden: the engine is paused then (src/common/page/faults/pageFaults.ts).
  const stopTimer = visibleInterval(() => {
    if (useCifarLab.getState().running) void saveNow();
  }, AUTOSAVE_MS);
  void refreshRuns();
  // The first run on loaded data, or no data at all: either way the last run can be looked at.
  const wait = useCifarLab.subscribe((s) => {
    const settled = (s.session && !s.preparing) || s.data.status === 'missing';
    if (!settled) return;
    wait();
    void reopenLast();
  });
  return () => {
    unsub();
    unshown();
    wait();
    stopTimer();
    started = false;
  };
}
