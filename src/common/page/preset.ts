/**
 * Presets from the link, for either lab: `?preset=NAME` runs a named, fixed-seed experiment once
 * the page has its first models (e.g. the Toy Lab's `figure3`, the CIFAR Lab's `table1`). The key
 * is taken out of the address as it is read: the address then holds the preset's settings like
 * any other state, and a reload keeps (and reopens) the run instead of starting it again.
 */
export const PRESET_KEY = 'preset';

export function takePreset<N extends string>(known: readonly N[]): { name: N | null; error: string | null } {
  const url = new URL(window.location.href);
  const asked = url.searchParams.get(PRESET_KEY);
  if (asked === null) return { name: null, error: null };
  url.searchParams.delete(PRESET_KEY);
  try {
    window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  } catch {
    // Some embedders forbid replaceState: the preset then runs again on a reload.
  }
  if ((known as readonly string[]).includes(asked)) return { name: asked as N, error: null };
  return { name: null, error: `Unknown preset "${asked}" in the address (this page has: ${known.join(', ')}); nothing was started.` };
}

/** Calls `run` once, the first time `ready` holds for the store's state. */
export function once<S>(store: { getState(): S; subscribe(fn: (s: S) => void): () => void }, ready: (s: S) => boolean, run: () => void): void {
  if (ready(store.getState())) return run();
  const stop = store.subscribe((s) => {
    if (!ready(s)) return;
    stop();
    run();
  });
}
