/**
 * The lab-independent part of autosave (both labs' persist/autosave.ts): the saved-runs list and
 * status the panel shows, reading and deleting runs with a sentence on failure, a new run's id, and
 * loading the run to reopen at start-up. Saving and reopening stay with each lab (they know its
 * engine and its state).
 */
import { create } from 'zustand';
import type { LoadedRunOf, RunMetaBase, RunStore, SavedRunOf } from './runStore';

export interface RunsPanelState<L> {
  runs: L[];
  /** The id the run on screen is saved under. */
  currentId: string | null;
  lastSaved: number | null;
  /** A sentence about a run that waits (e.g. for its data), or null. */
  notice: string | null;
}

export const newRunId = () => `run-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;

export const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function createRunsPanel<M extends RunMetaBase, S>(store: RunStore<M, S>, showError: (message: string) => void, onForget: (id: string) => void = () => {}) {
  const useRuns = create<RunsPanelState<LoadedRunOf<M, S>>>()(() => ({ runs: [], currentId: null, lastSaved: null, notice: null }));

  async function refreshRuns(): Promise<void> {
    try {
      useRuns.setState({ runs: await store.list() });
    } catch (e) {
      showError(`Saved runs cannot be read: ${messageOf(e)}.`);
    }
  }

  /** Deletes a saved run; the run on screen, if it was that one, is saved under a new id from now on. */
  async function forget(id: string): Promise<void> {
    try {
      await store.remove(id);
    } catch (e) {
      return showError(`The saved run could not be deleted: ${messageOf(e)}.`);
    }
    if (store.lastRunId() === id) store.setLastRunId(null);
    onForget(id);
    if (useRuns.getState().currentId === id) useRuns.setState({ currentId: newRunId() });
    await refreshRuns();
  }

  /** The run to reopen after a reload, or null (none, or damaged: said, and no longer the last). */
  async function loadLastRun(): Promise<SavedRunOf<M, S> | null> {
    const last = store.lastRunId();
    if (!last) return null;
    let loaded: LoadedRunOf<M, S> | null = null;
    try {
      loaded = await store.load(last);
    } catch (e) {
      showError(`Saved runs cannot be read: ${messageOf(e)}.`);
      return null;
    }
    if (!loaded) {
      store.setLastRunId(null);
      return null;
    }
    if (!loaded.ok) {
      store.setLastRunId(null);
      showError(`The last saved run could not be reopened: ${loaded.error}. Your other saved runs are kept.`);
      return null;
    }
    return loaded.run;
  }

  return { useRuns, refreshRuns, forget, loadLastRun };
}
