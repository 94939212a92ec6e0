/**
 * What both labs' controllers share for surviving a backend that dies mid-run: a watch on the
 * running backend's device, the choice of the next backend (webgpu -> webgl -> wasm -> cpu), and
 * checkpoints of the last good training state to continue from on the new backend.
 *
 * Checkpoints are taken after a snapshot was read back intact, because once the device is lost
 * its tensors cannot be read any more: the state to continue from has to be on the JS side
 * already. Reading a state back costs a sync (and on a software GPU a fraction of a second), so
 * checkpoints are spaced so that they take at most a tenth of the time.
 */
import type { BackendChoice, BackendName } from '../../core/backend';

/** The host's part: in the browser, workerHost.ts and backendFault.ts; in tests, fakes. */
export interface SwitchHost {
  /** The next working backend after `failed` (throws when none is left). */
  selectBackendAfter?(failed: BackendName): Promise<BackendChoice>;
  /** Calls `onLost` when the backend's device goes away; returns a function that stops watching. */
  watchBackend?(name: BackendName, onLost: (reason: string) => void): () => void;
  /** Why the backend's device is gone right now, or null (before trusting a read-back). */
  backendLost?(name: BackendName): string | null;
  /** Kills the backend's device for real (?faults=1); returns what it did. */
  injectFault?(name: BackendName): string;
}

/** Checkpoints at most this often (ms) while training. */
export const CHECKPOINT_MS = 1000;

export class Checkpoints<S> {
  private last: { state: S; at: number } | null = null;
  private cost = 0;

  constructor(private readonly now: () => number) {}

  get state(): S | null {
    return this.last?.state ?? null;
  }

  clear(): void {
    this.last = null;
  }

  /** Takes a checkpoint if the last one is old enough (always when there is none). */
  async maybeTake(take: () => Promise<S>): Promise<void> {
    const t0 = this.now();
    if (this.last && t0 - this.last.at < Math.max(CHECKPOINT_MS, 10 * this.cost)) return;
    const state = await take();
    this.cost = this.now() - t0;
    this.last = { state, at: this.now() };
  }
}

/** The running backend and its watch; `onLost` hears once per backend that its device died. */
export class BackendWatch {
  name: BackendName | null = null;
  private unwatch: () => void = () => undefined;

  constructor(
    private readonly host: SwitchHost,
    private readonly onLost: (reason: string) => void,
  ) {}

  /** Starts watching a freshly chosen backend (the previous watch ends). */
  set(name: BackendName): void {
    this.unwatch();
    this.name = name;
    this.unwatch = this.host.watchBackend?.(name, this.onLost) ?? (() => undefined);
  }

  lostNow(): string | null {
    return this.name ? (this.host.backendLost?.(this.name) ?? null) : null;
  }

  /** Whether there is a backend to fall back to. */
  canSwitch(): boolean {
    return !!this.name && this.name !== 'cpu' && !!this.host.selectBackendAfter;
  }

  /** Moves to the next working backend; returns it with the one it replaced. */
  async switch(): Promise<BackendChoice & { from: BackendName }> {
    const from = this.name;
    if (!from || !this.host.selectBackendAfter) throw new Error('no backend to fall back to');
    this.unwatch();
    const choice = await this.host.selectBackendAfter(from);
    this.set(choice.backend);
    return { ...choice, from };
  }

  inject(): string {
    if (!this.name || !this.host.injectFault) throw new Error('fault injection is not available here');
    return this.host.injectFault(this.name);
  }
}

/** Frees a run of a dead backend: freeing buffers of a lost device may fail; they are gone anyway. */
export function disposeQuietly(run: { dispose(): void } | null): void {
  try {
    run?.dispose();
  } catch {
    // nothing to free any more
  }
}

/** The sentence both labs show after a switch. */
export function switchNotice(from: BackendName, to: BackendName, reason: string, step: string): string {
  return `The ${from} backend failed (${reason}); switched to ${to} and continued from ${step}.`;
}
