/**
 * The one run loop of both labs' engine workers: a serial queue of operations, the run's
 * generation, play/pause, the visibility gate, the backend watch with checkpoints and failover,
 * training slices and the persist answers. A lab's controller extends it and supplies what is its
 * own: how to build a run and its numerics, a training slice and a snapshot, its events, and its
 * other commands (src/toy/worker/controller.ts, src/cifar/worker/controller.ts).
 *
 * Every piece of engine work runs as one operation on the queue (engineQueue.ts), so no two ever
 * touch the models at once and a run is never disposed under a running job. Long operations yield
 * between pieces and check whether they have been superseded: `generation` counts runs asked for.
 */
import type { BackendChoice, BackendName } from '../../core/backend';
import { BackendWatch, Checkpoints, disposeQuietly, switchNotice, type SwitchHost } from './backendSwitch';
import type { DeviceInfo } from './backendInfo';
import { EngineQueue } from './engineQueue';
import { VisibilityGate } from './visibilityGate';

/** What a controller needs from its host: the worker in the browser, plain functions in tests. */
export interface LoopHost<E> extends SwitchHost {
  post(event: E): void;
  selectBackend(requested: BackendName | null): Promise<BackendChoice>;
  /** What the chosen backend runs on (GPU name; null for CPU backends or when unknown). */
  describeDevice?(backend: BackendName): Promise<DeviceInfo | null>;
  now(): number;
  /** A macrotask boundary: queued messages are handled before it resolves. */
  yieldControl(): Promise<void>;
  sleep(ms: number): Promise<void>;
}

/** What the loop needs of a lab's run. */
export interface LoopRun<S> {
  readonly id: number;
  readonly settings: S;
  readonly finished: boolean;
  dispose(): void;
}

/** The places an error can come from that the loop itself reports. */
type LoopWhere = 'init' | 'configure' | 'train' | 'message';

export abstract class RunLoop<R extends LoopRun<S>, S, State, E, W extends string> {
  /** Every operation, in order; dropped with a dead backend (engineQueue.ts). */
  protected readonly ops = new EngineQueue<W | LoopWhere>((where, message) => this.failed(where, message));
  protected session: R | null = null;
  protected generation = 0;
  protected running = false;
  /** Play was pressed while a run was being built: start it once ready. */
  protected playWhenReady = false;
  protected backendOk = false;
  /** Fault injection allowed (the page has ?faults=1). */
  protected faults = false;
  protected readonly visibility = new VisibilityGate();
  protected readonly watch: BackendWatch;
  /** The last state read back intact and finite: continued from after a backend switch or a divergence. */
  protected readonly checkpoints: Checkpoints<State>;
  /** A backend switch is queued or running: further failures are the same one. */
  private switching = false;

  constructor(protected readonly host: LoopHost<E>) {
    this.checkpoints = new Checkpoints(host.now);
    this.watch = new BackendWatch(host, (reason) => this.backendFailed(reason));
  }

  // ---- what each lab supplies ---------------------------------------------------------------

  /** Shape checks on a message (a worker must not trust its port): the command, or why not. */
  protected abstract parse(raw: unknown): { type: string } | string;
  /** The lab's commands; the loop's own (init, play, pause, visibility, injectFault) via the helpers below. */
  protected abstract dispatch(cmd: { type: string }): void;
  /** The run's numerics switches, process-wide while it is the worker's run (null: no run). */
  protected abstract applyNumerics(settings: S | null): void;
  /** Builds a run (throws to keep the one on screen). */
  protected abstract createRun(gen: number, settings: S): Promise<R>;
  /** The new run is in place: its 'ready' event and pacing. */
  protected abstract announceRun(run: R): void;
  /** Trains one time slice of the running run, with a snapshot when due. */
  protected abstract trainSlice(run: R): Promise<void>;
  /** Milliseconds to wait before the next slice (0: just yield). */
  protected abstract sliceDelay(): number;
  /** Reads a snapshot back and posts it (through snapshotUsable), then maybe a checkpoint. */
  protected abstract sendSnapshot(run: R, training: boolean): Promise<void>;
  protected abstract postStatus(run: R): void;
  /** The state to carry to the next backend: the run's own if it survives the device, else the checkpoint. */
  protected abstract stateForSwitch(old: R | null): Promise<State | null>;
  /** The run rebuilt on the new backend from `state`, or null when there is none to rebuild. */
  protected abstract rebuildAfterSwitch(old: R | null, state: State | null): Promise<R | null>;
  /** Where a rebuilt run continues from, for the switch notice ("step 120"). */
  protected abstract whereIs(run: R): string;

  /**
   * A backend was chosen (at start or after a switch), for a run with `settings` (null: none):
   * the lab's own state for it, and extra fields of the 'backend' event. The run's numerics are
   * applied right after.
   */
  protected backendChosen(_backend: BackendName, _settings: S | null): Record<string, unknown> {
    return {};
  }
  /** Checks before a build beyond a running backend (throws with the reason). */
  protected canBuild(): void {}
  /** Play or a shown page starts the slices again: the pacer's clock. */
  protected resumed(_run: R): void {}
  /** A rebuilt run after a switch is in place. */
  protected rebuiltAfterSwitch(_run: R): void {}
  /** Whether training should carry on after a backend switch. */
  protected resumeAfterSwitch(): boolean {
    return this.running || this.playWhenReady;
  }
  /** Called as a backend switch begins (a lab stops its jobs). */
  protected switchBegins(): void {}

  // ---- the loop -----------------------------------------------------------------------------

  /** Entry point for every message from the page. Never throws: problems become 'error' events. */
  handle(raw: unknown): void {
    const parsed = this.parse(raw);
    if (typeof parsed === 'string') return this.error('message', parsed);
    this.dispatch(parsed);
  }

  /** Resolves when all queued work is done (tests). */
  idle(): Promise<void> {
    return this.ops.idle();
  }

  dispose(): void {
    this.generation++;
    this.running = false;
    this.session?.dispose();
    this.session = null;
  }

  protected error(where: W | LoopWhere, message: string): void {
    this.host.post({ type: 'error', where, message, session: this.session?.id } as E);
  }

  /** 'init': the backend, and whether fault injection is allowed. */
  protected start(requested: BackendName | null, faults: boolean | undefined, before?: () => void): void {
    this.faults = faults === true;
    this.ops.run('init', async () => {
      before?.();
      await this.init(requested);
    });
  }

  private async init(requested: BackendName | null): Promise<void> {
    const choice = await this.host.selectBackend(requested);
    const extra = this.backendChosen(choice.backend, this.session?.settings ?? null);
    this.applyNumerics(this.session?.settings ?? null);
    this.backendOk = true;
    this.watch.set(choice.backend);
    const device = (await this.host.describeDevice?.(choice.backend)) ?? null;
    this.host.post({ type: 'backend', backend: choice.backend, fallbacks: choice.fallbacks, requested, device, ...extra } as E);
  }

  /** 'injectFault': kills the backend's device for real (only with ?faults=1). */
  protected injectFault(): void {
    if (!this.faults) return this.error('message', 'Fault injection needs ?faults=1 in the address.');
    this.ops.run('message', async () => {
      this.watch.inject();
    });
  }

  /** 'visibility': a hidden page runs no slices; shown again, training carries on. */
  protected setHidden(hidden: boolean): void {
    this.visibility.set(hidden);
    if (!hidden && this.running && this.session) {
      this.resumed(this.session);
      this.scheduleSlice();
    }
  }

  /** A new run asked for: built behind what is queued, swapped in only once it exists. */
  protected queueBuild(gen: number, settings: S): void {
    this.ops.run('configure', () => this.build(gen, settings));
  }

  protected async build(gen: number, settings: S): Promise<void> {
    if (!this.backendOk) throw new Error('No TensorFlow.js backend is running, so the models cannot be built.');
    this.canBuild();
    if (gen !== this.generation) return; // a newer configure is queued behind this one
    this.applyNumerics(settings);
    let next: R;
    try {
      next = await this.createRun(gen, settings);
    } catch (e) {
      this.applyNumerics(this.session?.settings ?? null); // the run on screen keeps its numerics
      throw e;
    }
    if (gen !== this.generation) {
      next.dispose();
      this.applyNumerics(this.session?.settings ?? null);
      return;
    }
    // Swap only once the new run exists: a failure above leaves the old one in place.
    this.session?.dispose();
    this.session = next;
    this.checkpoints.clear();
    this.announceRun(next);
    await this.sendSnapshot(next, false);
    if (this.playWhenReady) {
      this.playWhenReady = false;
      this.play();
    }
  }

  protected play(): void {
    const s = this.session;
    if (!s || s.id !== this.generation) {
      this.playWhenReady = true; // applies to the run being built
      return;
    }
    if (s.finished || this.running) {
      this.postStatus(s);
      return;
    }
    this.resumed(s);
    this.setRunning(true);
    this.scheduleSlice();
  }

  protected setRunning(on: boolean): void {
    if (this.running === on) return;
    this.running = on;
    if (this.session) this.postStatus(this.session);
  }

  protected scheduleSlice(): void {
    this.ops.scheduleSlice('train', () => this.slice());
  }

  /** One time slice of training; the next follows a yield (or the pacer's wait). */
  private async slice(): Promise<void> {
    const s = this.session;
    // While the page is hidden nothing is scheduled; 'visibility' restarts the slices.
    if (!s || !this.running || this.visibility.hidden) return;
    await this.trainSlice(s);
    if (!this.running || s !== this.session) return;
    const wait = this.sliceDelay();
    void (wait > 0 ? this.host.sleep(wait) : this.host.yieldControl()).then(() => {
      if (this.running && s === this.session && !this.visibility.hidden) this.scheduleSlice();
    });
  }

  /**
   * After a snapshot was read back: false when the run was replaced meanwhile (a backend switch
   * rebuilt it); throws when the backend was lost (a lost WebGL context reads back zeros rather
   * than failing: they must not be shown).
   */
  protected snapshotUsable(s: R): boolean {
    if (s !== this.session) return false;
    const lost = this.watch.lostNow();
    if (lost) throw new Error(lost);
    return true;
  }

  /**
   * A persist command, answered once (common/worker/persistAnswer.ts). One that failed because
   * the backend died under it is not reported but done again on the next backend.
   */
  protected queuePersist(answer: (post: (e: { ok: boolean }) => void) => Promise<void>): void {
    const epoch = this.ops.epoch;
    this.ops.run('message', () => answer((e) => (epoch !== this.ops.epoch && !e.ok ? this.queuePersist(answer) : this.host.post(e as E))));
  }

  // ---- failures and backend switches --------------------------------------------------------

  /** A queued operation failed (engineQueue.ts). */
  private failed(where: W | LoopWhere, message: string): void {
    // A step or snapshot that throws: the backend failed under the run (or its device is gone).
    if ((where === 'train' || this.watch.lostNow()) && this.session && this.watch.canSwitch()) return this.backendFailed(message);
    if (where === 'train') this.setRunning(false);
    this.error(where, message);
  }

  /** The backend died (device lost, or a step threw): carry on on the next one. */
  private backendFailed(reason: string): void {
    if (this.switching || !this.watch.canSwitch()) return;
    this.switching = true;
    const resume = this.resumeAfterSwitch();
    this.switchBegins();
    this.setRunning(false);
    // Not behind the queue: what was queued is dropped with the dead backend (an operation
    // waiting on the dead device may never finish).
    this.ops.abandon();
    this.ops.run('init', () => this.switchBackend(reason, resume).finally(() => (this.switching = false)));
  }

  /**
   * Rebuilds the run on the next backend from its last good state. Same run id: the page keeps
   * its charts, and only sees the progress go back to the checkpoint.
   */
  private async switchBackend(reason: string, resume: boolean): Promise<void> {
    const old = this.session;
    const state = await this.stateForSwitch(old);
    this.session = null;
    disposeQuietly(old);
    const choice = await this.watch.switch();
    const extra = this.backendChosen(choice.backend, old?.settings ?? null);
    this.applyNumerics(old?.settings ?? null);
    const device = (await this.host.describeDevice?.(choice.backend)) ?? null;
    this.host.post({ type: 'backend', backend: choice.backend, fallbacks: choice.fallbacks, requested: null, device, ...extra, switched: { from: choice.from, reason } } as E);
    const next = await this.rebuildAfterSwitch(old, state);
    if (!next) return;
    this.session = next;
    this.checkpoints.clear();
    this.rebuiltAfterSwitch(next);
    await this.sendSnapshot(next, false);
    this.postStatus(next);
    this.host.post({ type: 'notice', message: switchNotice(choice.from, choice.backend, reason, this.whereIs(next)) } as E);
    if (resume) this.play();
  }
}
