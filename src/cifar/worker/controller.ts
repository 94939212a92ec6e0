import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../core/backend';
import { convImplForBackend, setDefaultConvImpl, type ConvImpl } from '../../core/models/conv';
import { RunLoop, type LoopHost } from '../../common/worker/runLoop';
import type { CifarPersistCommand, CifarRunState } from '../contract/persistProtocol';
import type { CifarEvent, Command, ErrorSource, GallerySource, MethodId, ModelSetKind } from '../contract/protocol';
import { checkGalleryRequest, checkRunSettings, checkTableRequest, convOf, type CifarRunSettings, type GalleryRequest, type TableRequest } from '../contract/settings';
import { loadFiles, loadServed, type FetchBytes } from './dataSource';
import { divergedMethod } from './divergence';
import { galleryJob, isCurrent, jobHooks, modelSetOf, predictJob, tableJob, type ModelSet } from './jobs';
import { DataLoader, PretrainedLoader } from './loaders';
import { SLICE_MS, TrainingPacer } from './pacer';
import { parseCommand } from './parseCommand';
import { runCifarPersist } from './persist';
import { cifarMemoryProblem } from './runMemory';
import { CifarSession } from './session';

/** What the controller needs from its host: the worker in the browser, plain functions in tests. */
export interface CifarHost extends LoopHost<CifarEvent> {
  /** Same-origin fetch (the served data). */
  fetch: FetchBytes;
}

/**
 * The engine side of the CIFAR Lab, free of `self`/`postMessage` so it can be tested in Node: the
 * shared run loop (common/worker/runLoop.ts) with the CIFAR Lab's run (session.ts: a CNN per
 * method), its data, pretrained models and jobs (gallery, table). `jobSeq` counts jobs asked for
 * (or cancelled). Data loading touches no tensors and runs beside the queue; `loadSeq` drops the
 * result of a load that a newer one replaced. Loaded data is replaced only by a complete, valid
 * new load.
 */
export class CifarController extends RunLoop<CifarSession, CifarRunSettings, CifarRunState, CifarEvent, ErrorSource> {
  private jobSeq = 0;
  /** Training was running when a job paused it: resume when the job completes. */
  private resumeAfterJob = false;
  /** The running backend's convolution form (a run's 'auto'): matmul on wasm and cpu. */
  private backendConv: ConvImpl = 'native';
  private readonly pacer: TrainingPacer;
  private readonly data: DataLoader;
  /** The shipped pretrained models (loaders.ts). */
  private readonly pretrained: PretrainedLoader;

  constructor(host: CifarHost) {
    super(host);
    this.pacer = new TrainingPacer(host.now);
    const loaderPort = { post: host.post, now: host.now, fetch: host.fetch, error: (where: ErrorSource, message: string) => this.error(where, message) };
    this.data = new DataLoader(loaderPort);
    this.pretrained = new PretrainedLoader(loaderPort, (op) => this.ops.run('pretrained', op), () => (this.backendOk ? this.watch.name : null));
  }

  dispose(): void {
    this.jobSeq++;
    super.dispose();
    this.pretrained.dispose();
  }

  protected parse(raw: unknown): Command | string {
    return parseCommand(raw);
  }

  protected dispatch(cmd: Command): void {
    switch (cmd.type) {
      case 'init':
        return this.start(cmd.backend, cmd.faults);
      case 'visibility':
        return this.setHidden(cmd.hidden);
      case 'injectFault':
        return this.injectFault();
      case 'loadServed':
        return void this.data.load('served', cmd.url, (p) => loadServed(cmd.url, (this.host as CifarHost).fetch, p));
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
        if (cmd.settings.engine === 'tfjs' && cmd.settings.conv === 'native' && this.backendOk && this.watch.name === 'wasm') {
          return this.error('configure', 'Settings not applied: the native convolution cannot train on wasm (no Conv2DBackpropFilter kernel); choose matmul or auto.');
        }
        const gen = ++this.generation;
        this.stopJob();
        this.setRunning(false);
        return this.queueBuild(gen, { ...cmd.settings });
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
    this.queuePersist((post) =>
      runCifarPersist(cmd, {
        session: this.session,
        post,
        refresh: async (s) => {
          await this.sendSnapshot(s, false);
          this.postStatus(s);
        },
        rebuild: (s) => this.queueBuild(++this.generation, s.settings),
      }),
    );
  }

  private stopJob(): void {
    this.jobSeq++;
    this.resumeAfterJob = false;
  }

  // ---- backend, numerics and data -----------------------------------------------------------

  protected backendChosen(backend: BackendName, settings: CifarRunSettings | null): Record<string, unknown> {
    this.backendConv = convImplForBackend(backend);
    return { conv: settings ? convOf(settings, this.backendConv) : this.backendConv };
  }

  /**
   * The run's numerics: its convolution form. wasm has no Conv2DBackpropFilter kernel, and the
   * cpu backend's conv2d is ~25x slower than the matMul form: 'auto' trains the CNN there with
   * convolutions written as one matMul.
   */
  protected applyNumerics(settings: CifarRunSettings | null): void {
    setDefaultConvImpl(settings ? convOf(settings, this.backendConv) : this.backendConv);
  }

  protected canBuild(): void {
    if (!this.data.loaded) throw new Error('Load CIFAR-10 first: run npm run data:cifar, or pick the official archive (cifar-10-binary.tar.gz).');
  }

  // ---- runs and training --------------------------------------------------------------------

  protected async createRun(gen: number, settings: CifarRunSettings): Promise<CifarSession> {
    this.host.post({ type: 'preparing', session: gen, phase: 'choosing the subset and building the models', done: 0, total: 1 });
    await this.host.yieldControl();
    return CifarSession.create(gen, settings, this.data.loaded!, (phase, done, total) => this.host.post({ type: 'preparing', session: gen, phase, done, total }));
  }

  protected announceRun(next: CifarSession): void {
    this.pacer.reset();
    const test = next.data.test;
    this.host.post({
      type: 'ready',
      session: next.id,
      settings: next.settings,
      classNames: test.classNames,
      models: next.models,
      teachers: next.teacherInfo,
      trainCount: next.data.train.n,
      test: { images: Uint8Array.from(test.x, (v) => Math.round(v * 255)), labels: test.y.slice() },
      saliencyIndices: next.saliencyIndices,
      progress: next.progress(this.pacer.msPer),
    });
  }

  protected postStatus(s: CifarSession): void {
    this.host.post({ type: 'status', session: s.id, running: this.running, finished: s.finished });
  }

  /** Rounds (or teacher steps) within the slice's time and the pacer's allowance, then maybe a snapshot. */
  protected async trainSlice(s: CifarSession): Promise<void> {
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
  }

  protected sliceDelay(): number {
    return 0;
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
  protected async sendSnapshot(s: CifarSession, training: boolean): Promise<void> {
    const full = !training || this.pacer.fullDue();
    const t0 = this.host.now();
    const { fullMs, ...snap } = await s.snapshot(full, this.host.now);
    if (!this.snapshotUsable(s)) return;
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

  // ---- backend switch -----------------------------------------------------------------------

  protected resumeAfterSwitch(): boolean {
    return this.running || this.playWhenReady || this.resumeAfterJob;
  }

  protected switchBegins(): void {
    this.stopJob();
  }

  protected async stateForSwitch(): Promise<CifarRunState | null> {
    return this.checkpoints.state;
  }

  /** The run rebuilt on the next backend from its last checkpoint (same id: the page keeps its curves). */
  protected async rebuildAfterSwitch(old: CifarSession | null, state: CifarRunState | null): Promise<CifarSession | null> {
    // The pretrained models' variables died with the old backend: the same models on the new one.
    this.pretrained.rebuild();
    if (!old || !this.data.loaded) return null;
    return this.rebuilt(old, state);
  }

  protected rebuiltAfterSwitch(): void {
    this.pacer.reset();
  }

  protected whereIs(s: CifarSession): string {
    return s.phase === 'teacher' ? `teacher step ${s.teacherStep}` : `round ${s.round}`;
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
