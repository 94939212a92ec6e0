import * as tf from '@tensorflow/tfjs';
import type { SplitDataset } from '../core/data/dataset';
import { generateToy, toyBounds } from '../core/data/toy';
import { gridPoints, type GridSpec } from '../core/eval/grid';
import { prepareLabPair, type LabPair, type PairOptions } from '../core/experiment/labPair';
import { toyCommonSettings } from '../core/experiment/toyExperiment';
import { streamSeed } from '../core/random';
import { modelSnapshot, type SnapshotInputs } from './modelSnapshot';
import type { ArrowField, ModelSnapshot, PerModel, RunSettings, ViewOptions } from './protocol';

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

  private constructor(
    readonly id: number,
    readonly settings: RunSettings,
    readonly data: SplitDataset,
    readonly pair: LabPair,
    view: ViewOptions,
  ) {
    this.totalSteps = pair.vanilla.stepsPerEpoch * settings.epochs;
    const test = data.test;
    this.gridSpec = this.gridFor(view);
    this.inputs = {
      grid: tf.tensor2d(gridPoints(this.gridSpec), [this.gridSpec.size ** 2, 2]),
      testX: tf.tensor2d(test.x, [test.n, 2]),
      testY: tf.tensor1d(test.y, 'int32'),
      arrows: null,
      numClasses: test.numClasses,
      output: settings.output,
    };
    this.setArrows(view.arrowGrid);
  }

  static async create(id: number, settings: RunSettings, view: ViewOptions, opts: PairOptions): Promise<Session> {
    const data = generateToy({
      kind: settings.dataset,
      seed: streamSeed(settings.seed, 'data'),
      trainPerClass: settings.trainPerClass,
      testPerClass: settings.testPerClass,
      noise: settings.noise,
    });
    const common = { ...toyCommonSettings(settings), measureEvery: settings.measureEvery };
    const pair = await prepareLabPair(settings.pagMethod, common, data.train, opts);
    return new Session(id, settings, data, pair, view);
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
    return toyBounds(this.settings.dataset, this.settings.noise);
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
  }

  /** The arrows' anchors and ground truth (computed once per session and lattice). */
  private async arrowField(): Promise<ArrowField | null> {
    if (!this.arrowPoints) return null;
    this.truth ??= await this.pair.groundTruthAt(this.arrowPoints);
    // Copies: the event's buffers are transferred to the UI, the cache stays here.
    return { points: this.arrowPoints.slice(), truth: this.truth.slice() };
  }

  async snapshot(): Promise<{ grid: GridSpec; models: PerModel<ModelSnapshot>; arrows: ArrowField | null }> {
    const [vanilla, pag, arrows] = await Promise.all([
      modelSnapshot(this.pair.vanilla, this.inputs),
      modelSnapshot(this.pair.pag, this.inputs),
      this.arrowField(),
    ]);
    return { grid: { ...this.gridSpec }, models: { vanilla, pag }, arrows };
  }

  dispose(): void {
    const { grid, testX, testY, arrows } = this.inputs;
    tf.dispose([grid, testX, testY, ...(arrows ? [arrows] : [])]);
    this.pair.dispose();
  }
}
