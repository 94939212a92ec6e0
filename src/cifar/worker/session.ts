import * as tf from '@tensorflow/tfjs';
import { cifarSubset } from '../../core/data/cifar';
import { indicesByClass, type Dataset } from '../../core/data/dataset';
import { accuracy } from '../../core/eval/evaluate';
import { trueClassInputGradients } from '../../core/eval/saliency';
import { cifarCommonSettings } from '../../core/experiment/cifarExperiment';
import { METHOD_LABELS, rigdNorm, type MethodId } from '../../core/experiment/methods';
import { prepareTrainer, rigdStudent, rigdTeacher, type CommonSettings, type StagedTeacher } from '../../core/experiment/prepare';
import type { TrainerLike } from '../../core/train/trainerLike';
import { FusedCnnTrainer } from '../../core/fast/cnnTrainer';
import { loadCnnWasm } from '../../core/fast/cnnWasm';
import { SHORT_LABELS, type CifarRunSettings } from '../contract/settings';
import type { LoadedCifar } from './dataSource';
import type { CifarRunState } from '../contract/persistProtocol';
import type { ModelFrame, ModelInfo, TeacherInfo, TrainingProgress } from '../contract/protocol';

/** A model of the run. RIGD students appear (trainer set) only once their teacher is trained. */
interface Slot {
  method: MethodId;
  trainer: TrainerLike | null;
  dispose: (() => void) | null;
  /** Training time attributed to this model (ms), its teacher's included. */
  trainMs: number;
  /** Dispatch time since the last attribution, the weight for sharing out measured wall time. */
  pendingMs: number;
}

interface TeacherSlot {
  method: MethodId;
  staged: StagedTeacher;
  done: number;
  slot: Slot;
}

export type WorkUnit = 'teacher' | 'round';

/** How many test images per class get saliency maps: a dozen pictures per model at most. */
function saliencyPerClass(numClasses: number): number {
  return Math.max(1, Math.min(3, Math.floor(12 / numClasses)));
}

function firstOfEachClass(d: Dataset, k: number): number[] {
  return indicesByClass(d).flatMap((idx) => idx.slice(0, k));
}

/**
 * One run of the CIFAR Lab: the chosen subset, RIGD teachers (adversarially trained first, a step
 * at a time) and every method's model, all from the same initial weights and batch order
 * (prepareTrainer / rigdTeacher + rigdStudent). A "round" is one step of every model on the same batch. Owns
 * every tensor it makes; dispose() frees them all.
 */
export class CifarSession {
  round = 0;
  readonly roundsPerEpoch: number;
  readonly totalRounds: number;
  readonly slots: Slot[];
  readonly saliencyIndices: number[];
  private readonly teachers: TeacherSlot[];
  private readonly saliencyX: tf.Tensor;
  private readonly saliencyY: tf.Tensor1D;
  /** The same images as plain arrays, for models trained by the fused CPU step. */
  private readonly saliencyXs: Float32Array;
  private readonly saliencyYs: Int32Array;

  private constructor(
    readonly id: number,
    readonly settings: CifarRunSettings,
    readonly data: { train: Dataset; test: Dataset },
    private readonly common: CommonSettings,
    slots: Slot[],
    teachers: TeacherSlot[],
  ) {
    this.slots = slots;
    this.teachers = teachers;
    this.roundsPerEpoch = Math.ceil(data.train.n / settings.batchSize);
    this.totalRounds = this.roundsPerEpoch * settings.epochs;
    const test = data.test;
    this.saliencyIndices = firstOfEachClass(test, saliencyPerClass(test.numClasses));
    const dim = 32 * 32 * 3;
    const xs = new Float32Array(this.saliencyIndices.length * dim);
    this.saliencyIndices.forEach((i, k) => xs.set(test.x.subarray(i * dim, (i + 1) * dim), k * dim));
    this.saliencyXs = xs;
    this.saliencyYs = Int32Array.from(this.saliencyIndices, (i) => test.y[i]);
    this.saliencyX = tf.tensor(xs, [this.saliencyIndices.length, 32, 32, 3]);
    this.saliencyY = tf.tensor1d(this.saliencyYs, 'int32');
  }

  /**
   * Throws (with a message for the user) when the data or memory cannot support the settings.
   * `progress` hears which model is being built (Nearest Neighbor targets of a large subset take
   * seconds; the worker's messages still reach the page meanwhile).
   */
  static async create(
    id: number,
    settings: CifarRunSettings,
    loaded: LoadedCifar,
    progress: (phase: string, done: number, total: number) => void = () => undefined,
  ): Promise<CifarSession> {
    const opts = { classes: settings.classes, seed: settings.seed, classNames: loaded.classNames };
    // The CLI's subsets exactly (scripts/reproduceCifar.ts): test drawn with seed + 1.
    const train = cifarSubset(loaded.train, { ...opts, perClass: settings.trainPerClass });
    const test = cifarSubset(loaded.test, { ...opts, perClass: settings.testPerClass, seed: settings.seed + 1 });
    settings.classes.forEach((c, k) => {
      const name = loaded.classNames[c];
      if (!train.y.includes(k)) throw new Error(`The loaded training data has no images of class ${name}.`);
      if (!test.y.includes(k)) throw new Error(`The loaded test data has no images of class ${name}.`);
    });
    // Memory was checked before anything was built (cifarMemoryProblem, in the controller).
    const common: CommonSettings = { ...cifarCommonSettings(settings), measureEvery: settings.measureEvery };
    // The vanilla model's alignment is measured against the first data-only PAG method's targets.
    const alignWith = settings.methods.find((m) => m === 'nn' || m === 'oi' || m === 'cm') ?? 'nn';
    const slots: Slot[] = [];
    const teachers: TeacherSlot[] = [];
    await loadCnnWasm(); // the fused step's WebAssembly SIMD kernels (JS loops where missing)
    try {
      for (const [i, method] of settings.methods.entries()) {
        progress(`building ${SHORT_LABELS[method]}${method === 'nn' ? ` (nearest neighbours among ${settings.nnPoolSize} images per class)` : ''}`, i, settings.methods.length);
        const slot: Slot = { method, trainer: null, dispose: null, trainMs: 0, pendingMs: 0 };
        slots.push(slot);
        if (rigdNorm(method)) {
          teachers.push({ method, staged: rigdTeacher(method, common, train), done: 0, slot });
        } else {
          const p = await prepareTrainer(method, method === 'vanilla' ? { ...common, alignWith } : common, train);
          slot.trainer = p.trainer;
          slot.dispose = p.dispose;
        }
      }
      return new CifarSession(id, settings, { train, test }, common, slots, teachers);
    } catch (e) {
      slots.forEach((s) => s.dispose?.());
      teachers.forEach((t) => t.staged.trainer.dispose());
      throw e;
    }
  }

  /** Each model with what trains it: the fused CPU step, or TF.js (RIGD always, the rest with engine 'tfjs'). */
  get models(): ModelInfo[] {
    return this.slots.map((s) => ({ method: s.method, label: METHOD_LABELS[s.method], engine: s.trainer instanceof FusedCnnTrainer ? 'fused' : 'tfjs', ...(s.trainer instanceof FusedCnnTrainer ? { kernels: s.trainer.kernelKind } : {}) }));
  }

  get teacherInfo(): TeacherInfo[] {
    return this.teachers.map((t) => ({ method: t.method, label: `${SHORT_LABELS[t.method]} ${t.staged.phase}`, totalSteps: t.staged.totalSteps }));
  }

  get teacherStep(): number {
    return this.teachers.reduce((s, t) => s + t.done, 0);
  }

  get teacherTotal(): number {
    return this.teachers.reduce((s, t) => s + t.staged.totalSteps, 0);
  }

  private get currentTeacher(): TeacherSlot | undefined {
    return this.teachers.find((t) => t.done < t.staged.totalSteps);
  }

  get phase(): 'teacher' | 'students' {
    return this.currentTeacher ? 'teacher' : 'students';
  }

  get phaseLabel(): string {
    const t = this.currentTeacher;
    return t ? `${SHORT_LABELS[t.method]} ${t.staged.phase}` : 'all models, same batches';
  }

  get finished(): boolean {
    return !this.currentTeacher && this.round >= this.totalRounds;
  }

  /** One unit of training: a teacher step while a teacher is unfinished, else a round. */
  work(now: () => number): WorkUnit | null {
    const t = this.currentTeacher;
    if (t) {
      const t0 = now();
      t.staged.trainer.trainStep();
      t.done++;
      t.slot.pendingMs += now() - t0;
      if (t.done === t.staged.totalSteps) this.graduate(t);
      return 'teacher';
    }
    if (this.round >= this.totalRounds) return null;
    for (const s of this.slots) {
      const t0 = now();
      s.trainer!.trainStep();
      s.pendingMs += now() - t0;
    }
    this.round++;
    return 'round';
  }

  /** The teacher is trained: its student joins the run (it starts at round 0 of the same batch order). */
  private graduate(t: TeacherSlot): void {
    const student = rigdStudent(t.method, this.common, this.data.train, t.staged.trainer);
    t.slot.trainer = student;
    t.slot.dispose = () => student.dispose();
  }

  /**
   * Shares `wallMs` of measured (synchronised) time among the models in proportion to their
   * dispatch time since the last call: on a GPU, dispatch returns before the work is done, so
   * only the wall time between two read-backs is honest.
   */
  attribute(wallMs: number): void {
    const sum = this.slots.reduce((a, s) => a + s.pendingMs, 0);
    if (sum <= 0) return;
    for (const s of this.slots) {
      s.trainMs += (wallMs * s.pendingMs) / sum;
      s.pendingMs = 0;
    }
  }

  /** The models that exist, with their logits. */
  get trained(): { method: MethodId; trainer: TrainerLike; trainSeconds: number }[] {
    return this.slots.filter((s) => s.trainer).map((s) => ({ method: s.method, trainer: s.trainer!, trainSeconds: s.trainMs / 1000 }));
  }

  /**
   * Metrics of every model; with `full`, test accuracy and saliency maps too (more device work).
   * The metrics' read-back waits for all dispatched training; `fullMs` is what the full part
   * itself cost after that (`now` is the host's clock).
   */
  async snapshot(full: boolean, now: () => number): Promise<{ models: ModelFrame[]; saliency: Float32Array[] | null; fullMs: number }> {
    const metrics = await Promise.all(this.slots.map((s) => (s.trainer ? s.trainer.metrics() : Promise.resolve(null))));
    const t0 = now();
    const testAccuracy: (number | null)[] = [];
    for (const s of this.slots) {
      // The fused models are evaluated on the CPU too: no backend work or read-back (on a software
      // GPU both cost more than the forward pass itself).
      const t = s.trainer;
      testAccuracy.push(!full || !t ? null : t instanceof FusedCnnTrainer ? t.accuracyOn(this.data.test) : await accuracy(t.logitsOf, this.data.test, 256));
    }
    const saliency = full ? await this.saliency() : null;
    const models = this.slots.map((s, i) => ({
      method: s.method,
      exists: s.trainer !== null,
      metrics: metrics[i],
      testAccuracy: testAccuracy[i],
      trainSeconds: s.trainMs / 1000,
    }));
    return { models, saliency, fullMs: now() - t0 };
  }

  /**
   * Input-gradients of the saliency images (empty for absent models): the fused models' on the
   * CPU, the TF.js models' with one read-back for all of them.
   */
  private async saliency(): Promise<Float32Array[]> {
    const onBackend = this.slots.filter((s) => s.trainer && !(s.trainer instanceof FusedCnnTrainer));
    const size = this.saliencyX.size;
    let values: Float32Array = new Float32Array(0);
    if (onBackend.length > 0) {
      const C = this.data.test.numClasses;
      const packed = tf.tidy(() =>
        tf.concat(onBackend.map((s) => trueClassInputGradients(s.trainer!.logitsOf, this.saliencyX, this.saliencyY, C, this.settings.output).reshape([-1]))),
      );
      values = (await packed.data()) as Float32Array;
      packed.dispose();
    }
    let k = 0;
    return this.slots.map((s) => {
      const t = s.trainer;
      if (!t) return new Float32Array(0);
      if (t instanceof FusedCnnTrainer) return t.saliency(this.saliencyXs, this.saliencyYs);
      return values.slice(size * k, size * ++k);
    });
  }

  /** The model of `method`; throws (for the user) if the run has none or it does not exist yet. */
  trainerOf(method: MethodId): TrainerLike {
    const slot = this.slots.find((s) => s.method === method);
    if (!slot) throw new Error(`This run has no ${SHORT_LABELS[method] ?? method} model.`);
    if (!slot.trainer) throw new Error(`The ${SHORT_LABELS[method]} model exists only once its teacher is trained.`);
    return slot.trainer;
  }

  /** Everything needed to continue exactly here (persistProtocol.ts). */
  async saveState(): Promise<CifarRunState> {
    const models = [];
    for (const s of this.slots) models.push({ method: s.method, trainMs: s.trainMs, state: s.trainer ? await s.trainer.saveState() : null });
    const teachers = [];
    for (const t of this.teachers) teachers.push({ method: t.method, done: t.done, state: await t.staged.trainer.saveState() });
    return { round: this.round, models, teachers };
  }

  /** Throws (saying why) unless `state` can be restored into this run; changes nothing. */
  checkRestorable(state: CifarRunState): void {
    if (this.round > 0 || this.teacherStep > 0) throw new Error('a saved run can only be restored into a run that has not trained yet');
    const same = (a: { method: MethodId }[], b: { method: MethodId }[]) => a.length === b.length && a.every((x, i) => x.method === b[i].method);
    if (!same(state.models, this.slots) || !same(state.teachers, this.teachers)) throw new Error('the saved run has other models than these settings give');
    if (!Number.isInteger(state.round) || state.round < 0 || state.round > this.totalRounds) throw new Error(`the saved run is at step ${state.round}, beyond this run's ${this.totalRounds}`);
    state.teachers.forEach((t, i) => {
      if (!Number.isInteger(t.done) || t.done < 0 || t.done > this.teachers[i].staged.totalSteps) throw new Error(`the saved ${SHORT_LABELS[t.method]} teacher is beyond its training`);
    });
    state.models.forEach((m, i) => {
      const teacher = this.teachers.find((t) => t.slot === this.slots[i]);
      const exists = !teacher || state.teachers[this.teachers.indexOf(teacher)].done === teacher.staged.totalSteps;
      if (!m.state !== !exists) throw new Error(`the saved ${SHORT_LABELS[m.method]} model does not match its teacher's progress`);
    });
  }

  /**
   * Continues from a saved state of a run with the same settings (checkRestorable first). A
   * failure inside a trainer's restore can leave the run half restored: the caller then builds a
   * fresh one.
   */
  async restoreState(state: CifarRunState): Promise<void> {
    this.checkRestorable(state);
    for (const [i, t] of state.teachers.entries()) {
      const slot = this.teachers[i];
      await slot.staged.trainer.restoreState(t.state);
      slot.done = t.done;
      if (slot.done === slot.staged.totalSteps) this.graduate(slot);
    }
    for (const [i, m] of state.models.entries()) {
      const slot = this.slots[i];
      if (m.state && slot.trainer) await slot.trainer.restoreState(m.state);
      slot.trainMs = m.trainMs;
    }
    this.round = state.round;
  }

  /** Where training stands, with the time left at the measured rates (ms per unit; null: not measured yet). */
  progress(msPer: { teacher: number | null; round: number | null }): TrainingProgress {
    const { teacher, round } = msPer;
    const teacherLeft = this.teacherTotal - this.teacherStep;
    const roundsLeft = this.totalRounds - this.round;
    const known = (teacherLeft === 0 || teacher !== null) && (roundsLeft === 0 || round !== null);
    return {
      phase: this.phase,
      label: this.phaseLabel,
      teacherStep: this.teacherStep,
      teacherTotal: this.teacherTotal,
      round: this.round,
      totalRounds: this.totalRounds,
      epoch: this.round / this.roundsPerEpoch,
      finished: this.finished,
      msPerTeacherStep: teacher,
      msPerRound: round,
      remainingSeconds: known ? (teacherLeft * (teacher ?? 0) + roundsLeft * (round ?? 0)) / 1000 : null,
    };
  }

  dispose(): void {
    tf.dispose([this.saliencyX, this.saliencyY]);
    this.slots.forEach((s) => s.dispose?.());
    this.teachers.forEach((t) => t.staged.trainer.dispose());
  }
}
