import * as tf from '@tensorflow/tfjs';
import type { BackendChoice, BackendName } from '../../core/backend';
import { convImplForBackend, setDefaultConvImpl } from '../../core/models/conv';
import { checkGalleryRequest, checkRunSettings, checkTableRequest, type CifarRunSettings, type GalleryRequest, type TableRequest } from '../contract/settings';
import { loadFiles, loadServed, type FetchBytes } from './dataSource';
import { galleryJob, isCurrent, jobHooks, modelSetOf, predictJob, tableJob, type ModelSet } from './jobs';
import { DataLoader, PretrainedLoader } from './loaders';
import { parseCommand } from './parseCommand';
import { runCifarPersist, type CifarPersistContext } from './persist';
import type { CifarPersistCommand } from '../contract/persistProtocol';
import { SLICE_MS, TrainingPacer } from './pacer';
import type { CifarEvent, Command, DeviceInfo, ErrorSource, GallerySource, MethodId, ModelSetKind } from '../contract/protocol';
import { CifarSession } from './session';
import { BackendWatch, Checkpoints, disposeQuietly, switchNotice, type SwitchHost } from '../../common/worker/backendSwitch';
import { EngineQueue } from '../../common/worker/engineQueue';
import { VisibilityGate } from '../../common/worker/visibilityGate';
import { divergedMethod } from './divergence';
import type { CifarRunState } from '../contract/persistProtocol';
import { cifarMemoryProblem } from './runMemory';

/** What the controller needs from its host: the worker in the browser, plain functions in tests. */
export interface CifarHost extends SwitchHost {
  post(event: CifarEvent): void;
  selectBackend(requested: BackendName | null): Promise<BackendChoice>;
  describeDevice?(backend: BackendName): Promise<DeviceInfo | null>;
  /** Same-origin fetch (the served data). */
  fetch: FetchBytes;
  now(): number;
  /** A macrotask boundary: queued messages are handled before it resolves. */
  yieldControl(): Promise<void>;
  sleep(ms: number): Promise<void>;
}

/**
 * The engine side of the CIFAR Lab, free of `self`/`postMessage` so it can be tested in Node.
 *
 * Every piece of device work (backend start, building a run, a training slice, a step, a gallery,
 * a table) is one operation on a serial queue, so no two ever touch the models at once and a run
 * is never disposed under a running job. Long operations yield between pieces and check whether
 * they have been superseded: `generation` counts runs asked for, `jobSeq` jobs asked for (or
 * cancelled). Data loading touches no tensors and runs beside the queue; `loadSeq` drops the
 * result of a load that a newer one replaced. Loaded data is replaced only by a complete,
 * valid new load.
 */
export class CifarController {
  /** Every operation, in order; dropped with a dead backend (engineQueue.ts). */
  private readonly ops = new EngineQueue<ErrorSource>((where, message) => this.failed(where, message));
  private session: CifarSession | null = null;
  private generation = 0;
  private jobSeq = 0;
  private running = false;
  private playWhenReady = false;
  /** Training was running when a job paused it: resume when the job completes. */
  private resumeAfterJob = false;
  private backendOk = false;
  private readonly pacer: TrainingPacer;
  /** Fault injection allowed (the page has ?faults=1). */
  private faults = false;
  private readonly visibility = new VisibilityGate();
  private readonly watch: BackendWatch;
  /** The last state read back intact and finite: continued from after a backend switch or a divergence. */
  private readonly checkpoints: Checkpoints<CifarRunState>;
  private switching = false;
  private readonly data: DataLoader;
  /** The shipped pretrained models (loaders.ts). */
  private readonly pretrained: PretrainedLoader;

  constructor(private readonly host: CifarHost) {
    this.pacer = new TrainingPacer(host.now);
    this.checkpoints = new Checkpoints(host.now);
    this.watch = new BackendWatch(host, (reason) => this.backendFailed(reason));
    const loaderHost = { post: host.post, now: host.now, fetch: host.fetch, error: (where: ErrorSource, message: string) => this.error(where, message) };
    this.data = new DataLoader(loaderHost);
    this.pretrained = new PretrainedLoader(loaderHost, (op) => this.ops.run('pretrained', op), () => (this.backendOk ? this.watch.name : null));
  }

  /** Entry point for every message from the page. Never throws: problems become 'error' events. */
  handle(raw: unknown): void {
    const parsed = parseCommand(raw);
    if (typeof parsed === 'string') return this.error('message', parsed);
    this.dispatch(parsed);
  }

  /** Resolves when all queued work is done (tests). */
  idle(): Promise<void> {
    return this.ops.idle();
  }

  dispose(): void {
    this.generation++;
    this.jobSeq++;
    this.running = false;
    this.session?.dispose();
    this.session = null;
    this.pretrained.dispose();
  }

  private dispatch(cmd: Command): void {
    switch (cmd.type) {
      case 'init':
        this.faults = cmd.faults === true;
        return this.ops.run('init', () => this.init(cmd.backend));
      case 'visibility':
        this.visibility.set(cmd.hidden);
        if (!cmd.hidden && this.running) this.scheduleSlice();
        return;
      case 'injectFault':
        if (!this.faults) return this.error('message', 'Fault injection needs ?faults=1 in the address.');
        return this.ops.run('message', async () => {
          this.watch.inject();
        });
      case 'loadServed':
        return void this.data.load('served', cmd.url, (p) => loadServed(cmd.url, this.host.fetch, p));
      case 'loadPretrained':
        return void this.pretrained.load(cmd.url);
      case 'loadFiles': {
        const name = cmd.files.length === 1 ? cmd.files[0].name : `${cmd.files.length} files`;
        return void this.data.load('files', name, (p) => loadFiles(cmd.files, p));
      }
      case 'configure': {
        const problems = checkRunSettings(cmd.settings);
        if (problems.length) return this.error('configure', `Settings not applied: ${problems.join('; ')}.`);
        // Before anything is allocated; the run on screen stays.
        const memory = cifarMemoryProblem(cmd.settings);
        if (memory) return this.error('configure', memory);
        const gen = ++this.generation;
        this.stopJob();
        this.setRunning(false);
        return this.ops.run('configure', () => this.configure(gen, { ...cmd.settings }));
      }
      case 'play':
        this.stopJob();
        return this.play();
      case 'pause':
        this.playWhenReady = false;
        this.resumeAfterJob = false;
        return this.setRunning(false);
      case 'step':
        this.stopJob();
        this.setRunning(false);
        return this.ops.run('train', () => this.steps(cmd.count));
      case 'gallery':
      case 'evaluate': {
        const problems = cmd.type === 'gallery' ? checkGalleryRequest(cmd.request) : checkTableRequest(cmd.request);
        const where = cmd.type === 'gallery' ? 'gallery' : 'table';
        if (problems.length) return this.error(where, `Not run: ${problems.join('; ')}.`);
        const seq = ++this.jobSeq;
        this.resumeAfterJob ||= this.running;
        this.setRunning(false);
        if (cmd.type === 'gallery') return this.ops.run(where, () => this.gallery(cmd.id, seq, cmd.source, cmd.request, cmd.on));
        return this.ops.run(where, () => this.evaluate(cmd.id, seq, cmd.request, cmd.on, cmd.methods));
      }
      case 'cancelJob':
        return this.stopJob();
      case 'predict':
        return this.ops.run('message', () => this.predict(cmd.id, cmd.source, cmd.on));
      case 'exportWeights':
      case 'saveRun':
        return this.persist(cmd);
      case 'importWeights':
      case 'restoreRun':
        // The models change under any job or training: stop them first.
        this.stopJob();
        this.playWhenReady = false;
        this.setRunning(false);
        return this.persist(cmd);
    }
  }

  private persist(cmd: CifarPersistCommand): void {
    const epoch = this.ops.epoch;
    this.ops.run('message', () => runCifarPersist(cmd, this.persistContext(cmd, epoch)));
  }

  private persistContext(cmd: CifarPersistCommand, epoch: number): CifarPersistContext {
    return {
      session: this.session,
      // Failed because the backend died under it: not reported, done again on the next backend.
      post: (e) => (epoch !== this.ops.epoch && !e.ok ? this.persist(cmd) : this.host.post(e)),
      refresh: async (s) => {
        await this.sendSnapshot(s, false);
        this.postStatus(s);
      },
      rebuild: (s) => {
        const gen = ++this.generation;
        this.ops.run('configure', () => this.configure(gen, s.settings));
      },
    };
  }

  private stopJob(): void {
    this.jobSeq++;
    this.resumeAfterJob = false;
  }

  /** A queued operation failed (engineQueue.ts). */
  private failed(where: ErrorSource, message: string): void {
    // A step or snapshot that throws: the backend failed under the run (or its device is gone).
    if ((where === 'train' || this.watch.lostNow()) && this.session && this.watch.canSwitch()) return this.backendFailed(message);
    if (where === 'train') this.setRunning(false);
    this.error(where, message);
  }

  private error(where: ErrorSource, message: string): void {
    this.host.post({ type: 'error', where, message, session: this.session?.id });
  }

  // ---- backend and data ---------------------------------------------------------------------

  private async init(requested: BackendName | null): Promise<void> {
    const choice = await this.host.selectBackend(requested);
    // wasm has no Conv2DBackpropFilter kernel, and the cpu backend's conv2d is ~25x slower than
    // the matMul form: both train the CNN with convolutions written as one matMul.
    const conv = convImplForBackend(choice.backend);
    setDefaultConvImpl(conv);
    this.backendOk = true;
    this.watch.set(choice.backend);
    const device = (await this.host.describeDevice?.(choice.backend)) ?? null;
    this.host.post({ type: 'backend', backend: choice.backend, fallbacks: choice.fallbacks, requested, device, conv });
  }

  // ---- runs and training --------------------------------------------------------------------

  private async configure(gen: number, settings: CifarRunSettings): Promise<void> {
    if (!this.backendOk) throw new Error('No TensorFlow.js backend is running, so the models cannot be built.');
    if (!this.data.loaded) throw new Error('Load CIFAR-10 first: run npm run data:cifar, or pick the official archive (cifar-10-binary.tar.gz).');
    if (gen !== this.generation) return; // a newer configure is queued behind this one
    this.host.post({ type: 'preparing', session: gen, phase: 'choosing the subset and building the models', done: 0, total: 1 });
    await this.host.yieldControl();
    const next = await CifarSession.create(gen, settings, this.data.loaded, (phase, done, total) =>
      this.host.post({ type: 'preparing', session: gen, phase, done, total }),
    );
    if (gen !== this.generation) {
      next.dispose();
      return;
    }
    // Swap only once the new run exists: a failure above leaves the old one in place.
    this.session?.dispose();
    this.session = next;
    this.checkpoints.clear();
    this.pacer.reset();
    const test = next.data.test;
    this.host.post({
      type: 'ready',
      session: next.id,
      settings,
      classNames: test.classNames,
      models: next.models,
      teachers: next.teacherInfo,
      trainCount: next.data.train.n,
      test: { images: Uint8Array.from(test.x, (v) => Math.round(v * 255)), labels: test.y.slice() },
      saliencyIndices: next.saliencyIndices,
      progress: next.progress(this.pacer.msPer),
    });
    await this.sendSnapshot(next, false);
    if (this.playWhenReady) {
      this.playWhenReady = false;
      this.play();
    }
  }

  private play(): void {
    const s = this.session;
    if (!s || s.id !== this.generation) {
      this.playWhenReady = true; // applies to the run being built
      return;
    }
    if (s.finished || this.running) {
      this.postStatus(s);
      return;
    }
    this.setRunning(true);
    this.scheduleSlice();
  }

  private setRunning(on: boolean): void {
    if (this.running === on) return;
    this.running = on;
    if (this.session) this.postStatus(this.session);
  }

  private postStatus(s: CifarSession): void {
    this.host.post({ type: 'status', session: s.id, running: this.running, finished: s.finished });
  }

  private scheduleSlice(): void {
    this.ops.scheduleSlice('train', () => this.slice());
  }

  /** One time slice of training, then maybe a snapshot; the next slice follows a yield. */
  private async slice(): Promise<void> {
    const s = this.session;
    // While the page is hidden nothing is scheduled; 'visibility' restarts the slices.
    if (!s || !this.running || this.visibility.hidden) return;
    const now = this.host.now;
    const t0 = now();
    const kind = s.phase === 'teacher' ? 'teacher' : 'round';
    const allowed = this.pacer.allowance(kind);
    let n = 0;
    while (n < allowed && !s.finished && (s.phase === 'teacher') === (kind === 'teacher') && now() - t0 < SLICE_MS) {
      s.work(now);
      n++;
    }
    this.pacer.ran(kind, n, now() - t0);
    if (s.finished) this.setRunning(false);
    const phaseChanged = (s.phase === 'teacher') !== (kind === 'teacher');
    if (!this.running || phaseChanged || this.pacer.snapshotDue()) await this.sendSnapshot(s, this.running);
    if (!this.running || s !== this.session) return;
    void this.host.yieldControl().then(() => {
      if (this.running && s === this.session && !this.visibility.hidden) this.scheduleSlice();
    });
  }

  private async steps(count: number): Promise<void> {
    const s = this.session;
    if (!s) return;
    const t0 = this.host.now();
    let n = 0;
    for (; n < count && !s.finished; n++) {
      s.work(this.host.now);
      if (count > 1) await this.host.yieldControl();
    }
    this.pacer.ran(s.phase === 'teacher' ? 'teacher' : 'round', n, this.host.now() - t0);
    await this.sendSnapshot(s, false);
    this.postStatus(s);
  }

  /** Metrics read back (the sync point), time shared out, and the event. Full while not training. */
  private async sendSnapshot(s: CifarSession, training: boolean): Promise<void> {
    const full = !training || this.pacer.fullDue();
    const t0 = this.host.now();
    const { fullMs, ...snap } = await s.snapshot(full, this.host.now);
    if (s !== this.session) return; // replaced meanwhile (a backend switch rebuilt it)
    // A lost WebGL context reads back zeros rather than failing: do not show them.
    const lost = this.watch.lostNow();
    if (lost) throw new Error(lost);
    const diverged = divergedMethod(snap.models);
    if (diverged) return this.diverged(s, diverged);
    const snapshotMs = this.host.now() - t0;
    s.attribute(this.pacer.synced(snapshotMs, full ? fullMs : null, training));
    this.host.post({ type: 'snapshot', session: s.id, running: this.running, progress: s.progress(this.pacer.msPer), ...snap, timing: { snapshotMs, fullMs, full } });
    // A copy: a backend may hand out its own cached arrays, which a later transfer would empty.
    await this.checkpoints.maybeTake(async () => structuredClone(await s.saveState()));
  }

  /** NaN or Infinity in a model: pause, and go back to the last good state (the picture on screen). */
  private async diverged(s: CifarSession, method: string): Promise<void> {
    this.setRunning(false);
    const good = this.checkpoints.state;
    let back = ' Paused.';
    if (good && this.data.loaded) {
      const next = await this.rebuilt(s, good);
      s.dispose();
      this.session = next;
      back = ` Paused, back at round ${good.round} with the last good weights.`;
      await this.sendSnapshot(next, false);
    }
    this.error('train', `The ${method} model diverged (NaN or Infinity) by round ${s.round}: lower the learning rate or λ.${back}`);
    this.postStatus(this.session ?? s);
  }

  /** A fresh build of the same run (same id), set to `state`: restores go into fresh builds only. */
  private async rebuilt(old: CifarSession, state: CifarRunState | null): Promise<CifarSession> {
    const next = await CifarSession.create(old.id, old.settings, this.data.loaded!);
    try {
      if (state) await next.restoreState(structuredClone(state));
    } catch (e) {
      next.dispose();
      throw e;
    }
    return next;
  }

  /** The backend died (device lost, or a step threw): carry on on the next one. */
  private backendFailed(reason: string): void {
    if (this.switching || !this.watch.canSwitch()) return;
    this.switching = true;
    const resume = this.running || this.playWhenReady || this.resumeAfterJob;
    this.stopJob();
    this.setRunning(false);
    // As in the Toy Lab's controller: the switch does not wait behind an operation on the dead
    // device; what was queued is dropped, with its slice.
    this.ops.abandon();
    this.ops.run('init', () => this.switchBackend(reason, resume).finally(() => (this.switching = false)));
  }

  /** The run rebuilt on the next backend from its last checkpoint (same id: the page keeps its curves). */
  private async switchBackend(reason: string, resume: boolean): Promise<void> {
    const old = this.session;
    const state = this.checkpoints.state;
    this.session = null;
    disposeQuietly(old);
    const choice = await this.watch.switch();
    const conv = convImplForBackend(choice.backend);
    setDefaultConvImpl(conv);
    const device = (await this.host.describeDevice?.(choice.backend)) ?? null;
    this.host.post({ type: 'backend', backend: choice.backend, fallbacks: choice.fallbacks, requested: null, device, conv, switched: { from: choice.from, reason } });
    // The pretrained models' variables died with the old backend: the same models on the new one.
    this.pretrained.rebuild();
    if (!old || !this.data.loaded) return;
    const next = await this.rebuilt(old, state);
    this.session = next;
    this.checkpoints.clear();
    this.pacer.reset();
    await this.sendSnapshot(next, false);
    this.postStatus(next);
    const where = next.phase === 'teacher' ? `teacher step ${next.teacherStep}` : `round ${next.round}`;
    this.host.post({ type: 'notice', message: switchNotice(choice.from, choice.backend, reason, where) });
    if (resume) this.play();
  }

  // ---- jobs ---------------------------------------------------------------------------------

  private jobHooks(seq: number, set: ModelSet) {
    return jobHooks(() => seq !== this.jobSeq || !isCurrent(set, this.session, this.pretrained.set), this.visibility, this.host);
  }

  /**
   * A gallery or table job. Its end is always reported; afterwards training resumes if the job
   * paused it, also after a failure, but not when the job was stopped (Cancel, Play, a new run:
   * they change `jobSeq`).
   */
  private async job(seq: number, on: ModelSetKind | undefined, end: (cancelled: boolean) => void, body: (set: ModelSet) => Promise<void>): Promise<void> {
    if (seq !== this.jobSeq) return end(true);
    let done = false;
    try {
      await body(modelSetOf(on, this.session, this.pretrained.set));
      done = true;
    } finally {
      end(!done);
      if (seq === this.jobSeq && this.resumeAfterJob) {
        this.resumeAfterJob = false;
        this.play();
      }
    }
  }

  private gallery(id: number, seq: number, source: GallerySource, req: GalleryRequest, on?: ModelSetKind): Promise<void> {
    const end = (cancelled: boolean) => this.host.post({ type: 'galleryEnd', id, cancelled, ...(on === 'pretrained' ? { on } : {}) });
    return this.job(seq, on, end, (set) => galleryJob(set, id, source, req, this.host.post, this.jobHooks(seq, set)));
  }

  /** Each model's softmax for one image; no models before a run exists. Training is not paused. */
  private async predict(id: number, source: GallerySource, on?: ModelSetKind): Promise<void> {
    const none = on === 'pretrained' ? !this.pretrained.set : !this.session;
    if (none) return this.host.post({ type: 'prediction', id, session: -1, ...(on === 'pretrained' ? { on } : {}), models: [] });
    // No model yet (RIGD teachers still training): an empty answer, not an error.
    if (on !== 'pretrained' && this.session!.trained.length === 0) return this.host.post({ type: 'prediction', id, session: this.session!.id, models: [] });
    await predictJob(modelSetOf(on, this.session, this.pretrained.set), id, source, this.host.post);
  }

  private evaluate(id: number, seq: number, req: TableRequest, on?: ModelSetKind, methods?: MethodId[]): Promise<void> {
    const end = (cancelled: boolean) => this.host.post({ type: 'tableEnd', id, cancelled, ...(on === 'pretrained' ? { on } : {}) });
    return this.job(seq, on, end, (set) => tableJob(set, id, req, methods, this.host.post, this.jobHooks(seq, set)));
  }

  /** Live tensors, for leak checks in tests. */
  static liveTensors(): number {
    return tf.memory().numTensors;
  }
}
