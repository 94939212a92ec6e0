import * as tf from '@tensorflow/tfjs';
import type { SplitDataset } from '../../core/data/dataset';
import { generateToy, toyBounds } from '../../core/data/toy';
import { DRAW_BOUNDS, drawnDataset, trainable } from '../../core/data/drawn';
import { gridPoints, type GridSpec } from '../../core/eval/grid';
import { prepareToyPair, type ToyPair, type PairOptions } from './toyPair';
import { toyCommonSettings } from '../../core/experiment/toyExperiment';
import { streamSeed } from '../../core/random';
import { packedLength, packModel, unpackModel, type SnapshotInputs } from './modelSnapshot';
import type { ArrowField, ModelSnapshot, PerModel, RunSettings, TrainingEngine, ViewOptions } from '../contract/protocol';
import { FusedMlpTrainer } from '../../core/fast/fusedTrainer';
import type { EngineRequest } from '../../core/experiment/prepare';
import { FusedSnapshotter, type HostSnapshotInputs } from './fusedSnapshot';

/**
 * One run of the lab: the data, both models (same initial weights and batch order) and the
 * device tensors the snapshots evaluate on. Owns every tensor it makes; dispose() frees them all.
 */
export class Session {
  readonly totalSteps: number;
  private inputs: SnapshotInputs;
  private gridSpec: GridSpec;
  private arrowPoints: Float32Array | null = null;
  private truth: Float32Array | null = null;
  /** Set when the fused engine trains both models: their snapshots are computed on the CPU. */
  private readonly host: { snapshotter: FusedSnapshotter; inputs: HostSnapshotInputs } | null;

  private constructor(
    readonly id: number,
    readonly settings: RunSettings,
    readonly data: SplitDataset,
    readonly pair: ToyPair,
    view: ViewOptions,
    testTruth: Float32Array,
  ) {
    this.totalSteps = pair.vanilla.stepsPerEpoch * settings.epochs;
    const test = data.test;
    this.gridSpec = this.gridFor(view);
    this.inputs = {
      grid: tf.tensor2d(gridPoints(this.gridSpec), [this.gridSpec.size ** 2, 2]),
      testX: tf.tensor2d(test.x, [test.n, 2]),
      testY: tf.tensor1d(test.y, 'int32'),
      testTruth: tf.tensor(testTruth, [test.numClasses, test.n, 2]),
      arrows: null,
      numClasses: test.numClasses,
      output: settings.output,
      cosEps: settings.cosEps,
      cosine: settings.cosine,
    };
    const { vanilla, pag } = pair;
    this.host =
      vanilla instanceof FusedMlpTrainer && pag instanceof FusedMlpTrainer
        ? {
            snapshotter: new FusedSnapshotter(vanilla.dims),
            inputs: {
              grid: gridPoints(this.gridSpec),
              testX: test.x,
              testY: test.y,
              testTruth,
              arrows: null,
              output: settings.output,
              cosEps: settings.cosEps,
              cosine: settings.cosine,
            },
          }
        : null;
    this.setArrows(view.arrowGrid);
  }

  /**
   * engine 'auto' trains one-hidden-layer MLPs (not RIGD) with the fused CPU step: on a tiny model
   * per-kernel dispatch, not arithmetic, is TF.js's cost on every backend. 'tfjs' keeps training
   * on the TF.js backend (chosen when the user asks for a backend with ?backend=).
   */
  static async create(id: number, settings: RunSettings, view: ViewOptions, opts: PairOptions, engine: EngineRequest = 'tfjs'): Promise<Session> {
    const points = settings.points ?? [];
    if (settings.dataset === 'draw' && !trainable(points)) throw new Error('Draw at least one point of each class first.');
    const data = settings.dataset === 'draw' ? drawnDataset(points) : generateToy({
      kind: settings.dataset,
      seed: streamSeed(settings.seed, 'data'),
      trainPerClass: settings.trainPerClass,
      testPerClass: settings.testPerClass,
      noise: settings.noise,
    });
    const common = { ...toyCommonSettings(settings, engine), measureEvery: settings.measureEvery };
    const pair = await prepareToyPair(settings.pagMethod, common, data.train, opts);
    try {
      return new Session(id, settings, data, pair, view, await pair.groundTruthAt(data.test.x));
    } catch (e) {
      pair.dispose();
      throw e;
    }
  }

  get engines(): PerModel<TrainingEngine> {
    const of = (t: unknown): TrainingEngine => (t instanceof FusedMlpTrainer ? 'fused' : 'tfjs');
    return { vanilla: of(this.pair.vanilla), pag: of(this.pair.pag) };
  }

  get step(): number {
    return this.pair.vanilla.step;
  }

  get epoch(): number {
    return this.pair.vanilla.epoch;
  }

  get stepsPerEpoch(): number {
    return this.pair.vanilla.stepsPerEpoch;
  }

  get finished(): boolean {
    return this.step >= this.totalSteps;
  }

  get bounds() {
    return this.settings.dataset === 'draw' ? DRAW_BOUNDS : toyBounds(this.settings.dataset, this.settings.noise);
  }

  /** One training step of both models on the same batch indices. */
  trainStep(): void {
    this.pair.vanilla.trainStep();
    this.pair.pag.trainStep();
  }

  private gridFor(view: ViewOptions): GridSpec {
    return { ...this.bounds, size: view.gridSize };
  }

  setView(view: ViewOptions): void {
    if (view.gridSize !== this.gridSpec.size) {
      this.gridSpec = this.gridFor(view);
      this.inputs.grid.dispose();
      this.inputs.grid = tf.tensor2d(gridPoints(this.gridSpec), [view.gridSize ** 2, 2]);
      if (this.host) this.host.inputs.grid = gridPoints(this.gridSpec);
    }
    this.setArrows(view.arrowGrid);
  }

  private setArrows(n: number): void {
    const current = this.arrowPoints ? Math.round(Math.sqrt(this.arrowPoints.length / 2)) : 0;
    if (n === current) return;
    this.inputs.arrows?.dispose();
    this.inputs.arrows = null;
    this.arrowPoints = null;
    this.truth = null;
    if (n > 0) {
      // Cell centres of an n x n lattice over the plot, like the heatmap grid.
      this.arrowPoints = gridPoints({ ...this.bounds, size: n });
      this.inputs.arrows = tf.tensor2d(this.arrowPoints, [n * n, 2]);
    }
    if (this.host) this.host.inputs.arrows = this.arrowPoints;
  }

  /** The arrows' anchors and ground truth (computed once per session and lattice). */
  private async arrowField(): Promise<ArrowField | null> {
    if (!this.arrowPoints) return null;
    this.truth ??= await this.pair.groundTruthAt(this.arrowPoints);
    // Copies: the event's buffers are transferred to the UI, the cache stays here.
    return { points: this.arrowPoints.slice(), truth: this.truth.slice() };
  }

  /**
   * Both models' pictures and metrics with a single read-back: on WebGPU each read-back waits
   * for the GPU queue and costs a fixed ~0.1-0.3 s under SwiftShader, so one matters.
   */
  async snapshot(withMetrics: boolean): Promise<{ grid: GridSpec; models: PerModel<ModelSnapshot>; arrows: ArrowField | null }> {
    const arrows = await this.arrowField();
    if (this.host) return { grid: { ...this.gridSpec }, models: this.hostSnapshot(withMetrics), arrows };
    const packed = tf.tidy(() =>
      tf.concat([packModel(this.pair.vanilla, this.inputs, withMetrics), packModel(this.pair.pag, this.inputs, withMetrics)]),
    );
    let values: Float32Array;
    try {
      values = (await packed.data()) as Float32Array;
    } finally {
      packed.dispose();
    }
    const layout = {
      cells: this.gridSpec.size ** 2,
      numClasses: this.inputs.numClasses,
      arrows: this.arrowPoints ? this.arrowPoints.length / 2 : 0,
      metrics: withMetrics,
    };
    const len = packedLength(layout);
    return {
      grid: { ...this.gridSpec },
      models: {
        vanilla: unpackModel(values.subarray(0, len), layout),
        pag: unpackModel(values.subarray(len, 2 * len), layout),
      },
      arrows,
    };
  }

  private hostSnapshot(withMetrics: boolean): PerModel<ModelSnapshot> {
    const { snapshotter, inputs } = this.host!;
    const of = (t: unknown) => snapshotter.snapshot(t as FusedMlpTrainer, inputs, withMetrics);
    return { vanilla: of(this.pair.vanilla), pag: of(this.pair.pag) };
  }

  dispose(): void {
    const { grid, testX, testY, testTruth, arrows } = this.inputs;
    tf.dispose([grid, testX, testY, testTruth, ...(arrows ? [arrows] : [])]);
    this.pair.dispose();
  }
}
