import * as tf from '@tensorflow/tfjs';
import type { BackendChoice, BackendName } from '../core/backend';
import { Cancelled } from '../core/experiment/labPair';
import { divergedModel } from './divergence';
import { runAttack, runSweep } from './attackJob';
import { parseCommand } from './parseCommand';
import { runPersist } from './persist';
import type { PersistCommand } from './persistProtocol';
import { Pacer, SLICE_MS } from './pacer';
import type { AttackRequest, Command, DeviceInfo, ErrorSource, RunSettings, TrainingEngine, ViewOptions, WorkerEvent } from './protocol';
import { checkAttack, checkRunSettings } from './runSettings';
import { Session } from './session';
import type { TrainerEngine } from '../core/experiment/prepare';
import { BackendWatch, Checkpoints, disposeQuietly, switchNotice, type SwitchHost } from './backendSwitch';
import { EngineQueue } from './engineQueue';
import { toyMemoryProblem } from './runMemory';
import { rebuildSession, savePair, survivesDevice, type PairStates } from './sessionRebuild';
import { VisibilityGate } from './visibilityGate';

/** What the controller needs from its host: the worker in the browser, plain functions in tests. */
export interface ControllerHost extends SwitchHost {
  post(event: WorkerEvent): void;
  selectBackend(requested: BackendName | null): Promise<BackendChoice>;
  /** What the chosen backend runs on (GPU name; null for CPU backends or when unknown). */
  describeDevice?(backend: BackendName): Promise<DeviceInfo | null>;
  now(): number;
  /** A macrotask boundary: queued messages are handled before it resolves. */
  yieldControl(): Promise<void>;
  sleep(ms: number): Promise<void>;
}

export const DEFAULT_VIEW: ViewOptions = { gridSize: 100, arrowGrid: 0 };
/** Test-set metrics at most this often while training (ms). */
export const METRICS_MS = 240;

/**
 * The engine side of the lab, free of `self`/`postMessage` so it can be tested in Node.
 *
 * Every piece of engine work (backend start, building a session, a training slice, a step, an
 * attack) runs as one operation on a serial queue, so no two ever touch the models at once and a
 * session is never disposed under a running attack. Long operations yield between pieces and
 * check whether they have been superseded: `generation` counts sessions asked for, `attackSeq`
 * attacks asked for. Pause, speed and view changes act at the next slice boundary.
 */
export class LabController {
  /** Every operation, in order; dropped with a dead backend (engineQueue.ts). */
  private readonly ops = new EngineQueue<ErrorSource>((where, message) => this.failed(where, message));
  private session: Session | null = null;
  private generation = 0;
  private attackSeq = 0;
  private running = false;
  /** Play was pressed while a session was being built: start it once ready. */
  private playWhenReady = false;
  private backendOk = false;
  private engine: TrainerEngine = 'tfjs';
  private view: ViewOptions = { ...DEFAULT_VIEW };
  private readonly pacer: Pacer;
  /** Milliseconds spent training and drawing since the last snapshot (reported with it). */
  private timing = { train: 0, snapshot: 0, since: 0 };
  private lastMetricsAt = -Infinity;
  /** Fault injection allowed (the page has ?faults=1). */
  private faults = false;
  private readonly visibility = new VisibilityGate();
  private readonly watch: BackendWatch;
  /** The last state read back intact, to continue from on another backend. */
  private readonly checkpoints: Checkpoints<PairStates>;
  /** A backend switch is queued or running: further failures are the same one. */
  private switching = false;
  /** The settings of the newest run asked for (rebuilt after a switch if it was still queued). */
  private asked: { gen: number; settings: RunSettings } | null = null;

  constructor(private readonly host: ControllerHost) {
    this.pacer = new Pacer(host.now);
    this.checkpoints = new Checkpoints(host.now);
    this.watch = new BackendWatch(host, (reason) => this.backendFailed(reason));
  }

  /** Entry point for every message from the UI. Never throws: problems become 'error' events. */
  handle(raw: unknown): void {
    const parsed = parseCommand(raw);
    if (typeof parsed === 'string') return this.error('message', parsed);
    this.dispatch(parsed);
  }

  private dispatch(cmd: Command): void {
    switch (cmd.type) {
      case 'init':
        this.faults = cmd.faults === true;
        return this.ops.run('init', () => this.init(cmd.backend, cmd.engine));
      case 'configure': {
        const problems = checkRunSettings(cmd.settings);
        if (problems.length) return this.error('configure', `Settings not applied: ${problems.join('; ')}.`);
        // Before anything is allocated; the run on screen stays.
        const memory = toyMemoryProblem(cmd.settings, this.engine);
        if (memory) return this.error('configure', memory);
        const gen = ++this.generation;
        this.asked = { gen, settings: cmd.settings };
        this.setRunning(false);
        return this.ops.run('configure', () => this.configure(gen, cmd.settings));
      }
      case 'play':
        return this.play();
      case 'pause':
        this.playWhenReady = false;
        return this.stop();
      case 'step':
        this.setRunning(false);
        return this.ops.run('train', () => this.steps(cmd.count));
      case 'setSpeed':
        this.pacer.setLimit(cmd.stepsPerSecond, this.session?.step ?? 0);
        return;
      case 'setView':
        this.view = { ...cmd.view };
        return this.ops.run('train', async () => {
          if (!this.session) return;
          this.session.setView(this.view);
          if (!this.running) await this.sendSnapshot(this.session);
        });
      case 'attack': {
        const problems = checkAttack(cmd.request);
        if (problems.length) return this.error('attack', `Attack not run: ${problems.join('; ')}.`);
        const seq = ++this.attackSeq;
        this.stop();
        return this.ops.run('attack', () => this.attack(cmd.id, seq, cmd.request));
      }
      case 'visibility':
        this.visibility.set(cmd.hidden);
        if (!cmd.hidden && this.running && this.session) {
          this.pacer.restart(this.session.step);
          this.scheduleSlice();
        }
        return;
      case 'injectFault':
        if (!this.faults) return this.error('message', 'Fault injection needs ?faults=1 in the address.');
        return this.ops.run('message', async () => {
          this.watch.inject();
        });
      case 'exportWeights':
      case 'importWeights':
      case 'saveRun':
      case 'restoreRun':
        return this.persist(cmd);
    }
  }

  private persist(cmd: PersistCommand): void {
    const epoch = this.ops.epoch;
    this.ops.run('message', () =>
      runPersist(cmd, {
        session: this.session,
        // Failed because the backend died under it: not reported, done again on the next backend.
        post: (e) => (epoch !== this.ops.epoch && !e.ok ? this.persist(cmd) : this.host.post(e)),
        refresh: async (s) => {
          if (this.running) return; // the next slice sends one
          await this.sendSnapshot(s);
          this.postStatus(s);
        },
      }),
    );
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

  // ---- operations ---------------------------------------------------------------------------

  /** A queued operation failed (engineQueue.ts). */
  private failed(where: ErrorSource, message: string): void {
    // A step or snapshot that throws: the backend failed under the run (or its device is gone).
    if ((where === 'train' || this.watch.lostNow()) && this.session && this.watch.canSwitch()) return this.backendFailed(message);
    if (where === 'train') this.setRunning(false);
    this.error(where, message);
  }

  /** The backend died (device lost, or a step threw): carry on on the next one. */
  private backendFailed(reason: string): void {
    if (this.switching || !this.watch.canSwitch()) return;
    this.switching = true;
    const resume = this.running || this.playWhenReady;
    this.setRunning(false);
    // Not behind the queue: what was queued is dropped with the dead backend.
    this.ops.abandon();
    this.ops.run('init', () => this.switchBackend(reason, resume).finally(() => (this.switching = false)));
  }

  /**
   * Rebuilds the run on the next backend from its last good state: the fused step's own arrays
   * (untouched by the device), else the last checkpoint. Same session id: the page keeps its
   * charts and points, and only sees the step go back to the checkpoint.
   */
  private async switchBackend(reason: string, resume: boolean): Promise<void> {
    const old = this.session;
    const states = old && survivesDevice(old) ? await savePair(old) : this.checkpoints.state;
    this.session = null;
    disposeQuietly(old);
    const choice = await this.watch.switch();
    const device = (await this.host.describeDevice?.(choice.backend)) ?? null;
    this.host.post({ type: 'backend', backend: choice.backend, fallbacks: choice.fallbacks, requested: null, device, switched: { from: choice.from, reason } });
    // A newer run was asked for (its building was dropped with the dead backend's queue): build it here.
    if (this.asked && this.asked.gen === this.generation && this.asked.gen !== old?.id) return this.configure(this.asked.gen, this.asked.settings);
    if (!old) return;
    const next = await rebuildSession(old, this.view, this.engine, states, { cancelled: () => old.id !== this.generation, yieldControl: () => this.host.yieldControl() });
    this.session = next;
    this.checkpoints.clear();
    await this.sendSnapshot(next);
    this.postStatus(next);
    this.host.post({ type: 'notice', message: switchNotice(choice.from, choice.backend, reason, `step ${next.step}`) });
    if (resume) this.play();
  }

  private async init(requested: BackendName | null, engine?: TrainingEngine): Promise<void> {
    const choice = await this.host.selectBackend(requested);
    this.backendOk = true;
    this.watch.set(choice.backend);
    // A backend asked for by name is where training should run; otherwise the fastest engine.
    this.engine = engine === 'fused' ? 'auto' : engine === 'tfjs' || requested ? 'tfjs' : 'auto';
    const device = (await this.host.describeDevice?.(choice.backend)) ?? null;
    this.host.post({ type: 'backend', backend: choice.backend, fallbacks: choice.fallbacks, requested, device });
  }

  private async configure(gen: number, settings: RunSettings): Promise<void> {
    if (!this.backendOk) throw new Error('No TensorFlow.js backend is running, so the models cannot be built.');
    if (gen !== this.generation) return; // a newer configure is queued behind this one
    let lastReport = -Infinity;
    const next = await Session.create(gen, settings, this.view, {
      cancelled: () => gen !== this.generation,
      yieldControl: () => this.host.yieldControl(),
      progress: (done, total, phase) => {
        if (this.host.now() - lastReport < 100 && done < total) return;
        lastReport = this.host.now();
        this.host.post({ type: 'preparing', session: gen, phase, done, total });
      },
    }, this.engine);
    if (gen !== this.generation) {
      next.dispose();
      return;
    }
    // Swap only once the new session exists: a failure above leaves the old one running.
    this.session?.dispose();
    this.session = next;
    this.checkpoints.clear();
    const { train, test } = next.data;
    this.host.post({
      type: 'ready',
      session: next.id,
      settings,
      // Copies: the session keeps its data, the event's buffers are transferred.
      train: { x: train.x.slice(), y: train.y.slice() },
      test: { x: test.x.slice(), y: test.y.slice() },
      bounds: next.bounds,
      stepsPerEpoch: next.stepsPerEpoch,
      totalSteps: next.totalSteps,
      engines: next.engines,
    });
    this.pacer.restart(0);
    await this.sendSnapshot(next);
    if (this.playWhenReady) {
      this.playWhenReady = false;
      this.play();
    }
  }

  private play(): void {
    const s = this.session;
    if (!s || s.id !== this.generation) {
      this.playWhenReady = true; // applies to the session being built
      return;
    }
    if (!s || s.finished || this.running) {
      if (s) this.postStatus(s);
      return;
    }
    this.pacer.restart(s.step);
    this.setRunning(true);
    this.scheduleSlice();
  }

  /**
   * Pauses training, and then sends a snapshot with metrics: the slice running when the pause
   * arrived may have trained past the last snapshot, and what is on screen must be the model
   * that is now paused (and about to be attacked).
   */
  private stop(): void {
    if (!this.running) return;
    this.setRunning(false);
    const s = this.session;
    this.ops.run('train', async () => {
      if (s && s === this.session && !this.running) await this.sendSnapshot(s);
    });
  }

  private setRunning(on: boolean): void {
    if (this.running === on) return;
    this.running = on;
    if (this.session) this.postStatus(this.session);
  }

  private postStatus(s: Session): void {
    this.host.post({ type: 'status', session: s.id, running: this.running, step: s.step, finished: s.finished });
  }

  private scheduleSlice(): void {
    this.ops.scheduleSlice('train', () => this.slice());
  }

  /** One time slice of training, then maybe a snapshot; schedules the next slice after a yield. */
  private async slice(): Promise<void> {
    const s = this.session;
    // While the page is hidden nothing is scheduled; 'visibility' restarts the slices.
    if (!s || !this.running || this.visibility.hidden) return;
    const t0 = this.host.now();
    const allowed = this.pacer.allowance();
    let n = 0;
    while (n < allowed && !s.finished && this.host.now() - t0 < SLICE_MS) {
      s.trainStep();
      n++;
    }
    this.pacer.ran(n);
    this.timing.train += this.host.now() - t0;
    if (s.finished) this.setRunning(false);
    // The last snapshot of a run (paused or finished) always carries the metrics.
    if (!this.running || (n > 0 && this.pacer.snapshotDue())) await this.sendSnapshot(s, this.running);
    if (!this.running || s !== this.session) return;
    const wait = this.pacer.delayUntilNextStep();
    void (wait > 0 ? this.host.sleep(wait) : this.host.yieldControl()).then(() => {
      if (this.running && s === this.session && !this.visibility.hidden) this.scheduleSlice();
    });
  }

  private async steps(count: number): Promise<void> {
    const s = this.session;
    if (!s) return;
    for (let i = 0; i < count && !s.finished; i++) s.trainStep();
    await this.sendSnapshot(s);
    this.postStatus(s);
  }

  private async sendSnapshot(s: Session, training = false): Promise<void> {
    const t0 = this.host.now();
    // Test-set metrics cost more than the heatmap: a few times a second is plenty for the charts.
    const withMetrics = !training || t0 - this.lastMetricsAt >= METRICS_MS;
    if (withMetrics) this.lastMetricsAt = t0;
    const snap = await s.snapshot(withMetrics);
    if (s !== this.session) return; // replaced meanwhile (a backend switch rebuilt it)
    // A lost WebGL context reads back zeros rather than failing: do not show them.
    const lost = this.watch.lostNow();
    if (lost) throw new Error(lost);
    const t1 = this.host.now();
    this.pacer.snapshotTaken(s.step, training, t1 - t0);
    const timing = { train: this.timing.train, snapshot: this.timing.snapshot + (t1 - t0), wall: t1 - this.timing.since };
    this.timing = { train: 0, snapshot: 0, since: t1 };
    const diverged = divergedModel(snap.models);
    if (diverged) return this.rollBack(s, diverged === 'pag' ? 'PAG' : 'vanilla');
    this.host.post({
      type: 'snapshot',
      session: s.id,
      step: s.step,
      epoch: s.epoch,
      totalSteps: s.totalSteps,
      running: this.running,
      stepsPerSecond: this.pacer.rate,
      timing,
      ...snap,
    });
    // A copy: a backend may hand out its own cached arrays, which a later transfer would empty.
    // Taken after a finite snapshot only, so a checkpoint always holds good weights (the fused
    // step's are a few hundred numbers: cheap to copy).
    if (withMetrics) await this.checkpoints.maybeTake(async () => structuredClone(await savePair(s)));
  }

  /**
   * A model diverged: pause, and put both models back to the last checkpoint (a fresh build of
   * the same run, as after a device loss), so the weights on screen are the last good ones. The
   * last finite picture stays until the restored snapshot replaces it.
   */
  private async rollBack(s: Session, name: string): Promise<void> {
    this.setRunning(false);
    const good = this.checkpoints.state;
    const advice = 'Lower the learning rate or λ before training on, or press Reset.';
    if (!good) {
      this.error('train', `The ${name} model diverged (NaN or Infinity) by step ${s.step}. ${advice}`);
      return;
    }
    const next = await rebuildSession(s, this.view, this.engine, good, { cancelled: () => s.id !== this.generation, yieldControl: () => this.host.yieldControl() });
    if (s !== this.session) return next.dispose();
    this.session = next;
    disposeQuietly(s);
    this.checkpoints.clear();
    this.error('train', `The ${name} model diverged (NaN or Infinity) by step ${s.step}. Paused: both models are back at step ${next.step} with their last good weights. ${advice}`);
    await this.sendSnapshot(next);
    this.postStatus(next);
  }

  private async attack(id: number, seq: number, request: AttackRequest): Promise<void> {
    const s = this.session;
    if (!s) throw new Error('Nothing to attack yet: the models are still being built.');
    const hooks = {
      progress: (phase: string, done: number, total: number) => this.host.post({ type: 'attackProgress', id, phase, done, total }),
      cancelled: () => seq !== this.attackSeq || s !== this.session || this.generation !== s.id,
      // A hidden page holds the attack at its next yield.
      yieldControl: () => this.visibility.wait().then(() => this.host.yieldControl()),
    };
    try {
      const step = s.step;
      const models = await runAttack(s, request, hooks);
      this.host.post({ type: 'attackResult', id, session: s.id, step, request, models });
      if (!request.sweep) return;
      const sweep = await runSweep(s, request, hooks);
      this.host.post({ type: 'sweepResult', id, session: s.id, ...sweep });
    } catch (e) {
      if (e instanceof Cancelled) this.host.post({ type: 'attackCancelled', id });
      throw e;
    }
  }

  private error(where: ErrorSource, message: string): void {
    this.host.post({ type: 'error', where, message, session: this.session?.id });
  }

  /** Live tensors, for leak checks in tests. */
  static liveTensors(): number {
    return tf.memory().numTensors;
  }
}
