import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../core/backend';
import { Cancelled } from '../../common/worker/cancelled';
import type { EngineRequest } from '../../core/experiment/prepare';
import { setLogSoftmaxGradient } from '../../core/pag/logSoftmax';
import { disposeQuietly } from '../../common/worker/backendSwitch';
import { RunLoop, type LoopHost } from '../../common/worker/runLoop';
import type { PersistCommand } from '../contract/persistProtocol';
import type { AttackRequest, Command, ErrorSource, RunSettings, TrainingEngine, ViewOptions, WorkerEvent } from '../contract/protocol';
import { checkAttack, checkRunSettings } from '../contract/runSettings';
import { runAttack, runSweep } from './attackJob';
import { divergedModel } from './divergence';
import { Pacer, SLICE_MS } from './pacer';
import { parseCommand } from './parseCommand';
import { runPersist } from './persist';
import { toyMemoryProblem } from './runMemory';
import { Session } from './session';
import { rebuildSession, savePair, survivesDevice, type PairStates } from './sessionRebuild';

/** What the controller needs from its host: the worker in the browser, plain functions in tests. */
export type ControllerHost = LoopHost<WorkerEvent>;

export const DEFAULT_VIEW: ViewOptions = { gridSize: 100, arrowGrid: 0 };
/** Test-set metrics at most this often while training (ms). */
export const METRICS_MS = 240;

/** A run's numerics switches (absent: the Toy Lab's 'textbook' log-softmax gradient). */
export function applyNumerics(s: Pick<RunSettings, 'logSoftmaxGradient'>): void {
  setLogSoftmaxGradient(s.logSoftmaxGradient ?? 'textbook');
}

/**
 * The engine side of the Toy Lab, free of `self`/`postMessage` so it can be tested in Node: the
 * shared run loop (common/worker/runLoop.ts) with the Toy Lab's run (session.ts: two MLPs), its
 * pacing, snapshots, attacks and commands. `attackSeq` counts attacks asked for; pause, speed
 * and view changes act at the next slice boundary.
 */
export class ToyController extends RunLoop<Session, RunSettings, PairStates, WorkerEvent, ErrorSource> {
  private attackSeq = 0;
  private engine: EngineRequest = 'tfjs';
  private view: ViewOptions = { ...DEFAULT_VIEW };
  private readonly pacer: Pacer;
  /** Milliseconds spent training and drawing since the last snapshot (reported with it). */
  private timing = { train: 0, snapshot: 0, since: 0 };
  private lastMetricsAt = -Infinity;
  /** The settings of the newest run asked for (rebuilt after a switch if it was still queued). */
  private asked: { gen: number; settings: RunSettings } | null = null;

  constructor(host: ControllerHost) {
    super(host);
    this.pacer = new Pacer(host.now);
  }

  protected parse(raw: unknown): Command | string {
    return parseCommand(raw);
  }

  protected dispatch(cmd: Command): void {
    switch (cmd.type) {
      case 'init':
        // A backend asked for by name is where training should run; otherwise the fastest engine.
        return this.start(cmd.backend, cmd.faults, () => (this.engine = engineRequestOf(cmd.engine, cmd.backend)));
      case 'configure': {
        const problems = checkRunSettings(cmd.settings);
        if (problems.length) return this.error('configure', `Settings not applied: ${problems.join('; ')}.`);
        // Before anything is allocated; the run on screen stays.
        const memory = toyMemoryProblem(cmd.settings, this.engine);
        if (memory) return this.error('configure', memory);
        const gen = ++this.generation;
        this.asked = { gen, settings: cmd.settings };
        this.setRunning(false);
        return this.queueBuild(gen, cmd.settings);
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
        return this.setHidden(cmd.hidden);
      case 'injectFault':
        return this.injectFault();
      case 'exportWeights':
      case 'importWeights':
      case 'saveRun':
      case 'restoreRun':
        return this.persist(cmd);
    }
  }

  private persist(cmd: PersistCommand): void {
    this.queuePersist((post) =>
      runPersist(cmd, {
        session: this.session,
        post,
        refresh: async (s) => {
          if (this.running) return; // the next slice sends one
          await this.sendSnapshot(s);
          this.postStatus(s);
        },
      }),
    );
  }

  // ---- the run ------------------------------------------------------------------------------

  protected applyNumerics(settings: RunSettings | null): void {
    applyNumerics(settings ?? {});
  }

  protected createRun(gen: number, settings: RunSettings): Promise<Session> {
    let lastReport = -Infinity;
    return Session.create(gen, settings, this.view, {
      cancelled: () => gen !== this.generation,
      yieldControl: () => this.host.yieldControl(),
      progress: (done, total, phase) => {
        if (this.host.now() - lastReport < 100 && done < total) return;
        lastReport = this.host.now();
        this.host.post({ type: 'preparing', session: gen, phase, done, total });
      },
    }, this.engine);
  }

  protected announceRun(next: Session): void {
    const { train, test } = next.data;
    this.host.post({
      type: 'ready',
      session: next.id,
      settings: next.settings,
      // Copies: the session keeps its data, the event's buffers are transferred.
      train: { x: train.x.slice(), y: train.y.slice() },
      test: { x: test.x.slice(), y: test.y.slice() },
      bounds: next.bounds,
      stepsPerEpoch: next.stepsPerEpoch,
      totalSteps: next.totalSteps,
      engines: next.engines,
    });
    this.pacer.restart(0);
  }

  protected resumed(s: Session): void {
    this.pacer.restart(s.step);
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

  protected postStatus(s: Session): void {
    this.host.post({ type: 'status', session: s.id, running: this.running, step: s.step, finished: s.finished });
  }

  /** Training steps within the slice's time and the pacer's allowance, then maybe a snapshot. */
  protected async trainSlice(s: Session): Promise<void> {
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
  }

  protected sliceDelay(): number {
    return this.pacer.delayUntilNextStep();
  }

  private async steps(count: number): Promise<void> {
    const s = this.session;
    if (!s) return;
    for (let i = 0; i < count && !s.finished; i++) s.trainStep();
    await this.sendSnapshot(s);
    this.postStatus(s);
  }

  protected async sendSnapshot(s: Session, training = false): Promise<void> {
    const t0 = this.host.now();
    // Test-set metrics cost more than the heatmap: a few times a second is plenty for the charts.
    const withMetrics = !training || t0 - this.lastMetricsAt >= METRICS_MS;
    if (withMetrics) this.lastMetricsAt = t0;
    const snap = await s.snapshot(withMetrics);
    if (!this.snapshotUsable(s)) return;
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

  // ---- backend switch -----------------------------------------------------------------------

  /** The fused step's own arrays (untouched by the device), else the last checkpoint. */
  protected async stateForSwitch(old: Session | null): Promise<PairStates | null> {
    return old && survivesDevice(old) ? savePair(old) : this.checkpoints.state;
  }

  protected async rebuildAfterSwitch(old: Session | null, states: PairStates | null): Promise<Session | null> {
    // A newer run was asked for (its building was dropped with the dead backend's queue): build it here.
    if (this.asked && this.asked.gen === this.generation && this.asked.gen !== old?.id) {
      await this.build(this.asked.gen, this.asked.settings);
      return null;
    }
    if (!old) return null;
    return rebuildSession(old, this.view, this.engine, states, { cancelled: () => old.id !== this.generation, yieldControl: () => this.host.yieldControl() });
  }

  protected whereIs(s: Session): string {
    return `step ${s.step}`;
  }

  // ---- attacks ------------------------------------------------------------------------------

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

  /** Live tensors, for leak checks in tests. */
  static liveTensors(): number {
    return tf.memory().numTensors;
  }
}

/** The init command's engine: 'fused' asked for, else TF.js when asked for or a backend is named, else the fastest. */
function engineRequestOf(engine: TrainingEngine | undefined, requested: BackendName | null): EngineRequest {
  return engine === 'fused' ? 'auto' : engine === 'tfjs' || requested ? 'tfjs' : 'auto';
}
