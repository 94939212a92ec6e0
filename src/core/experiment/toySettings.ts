import type { ToyKind } from '../data/toy';
import type { Activation, MlpSpec } from '../models';
import type { OutputKind } from '../pag/logSoftmax';
import type { OptimizerKind } from '../train/optimizer';
import type { CosineConvention } from '../fast/fusedCosine';

/** Everything that defines a toy run. The defaults are the paper setting (docs/paper-notes.md). */
export interface ToySettings {
  dataset: ToyKind;
  noise: number;
  seed: number;
  trainPerClass: number;
  testPerClass: number;
  hidden: number[];
  activation: Activation;
  optimizer: OptimizerKind;
  learningRate: number;
  momentum: number;
  batchSize: number;
  epochs: number;
  lambda: number;
  output: OutputKind;
  cosEps: number;
  /** Where cosEps applies: 'paper' (Eq. 2, max(|v||u|, eps)) or 'torch' (each norm floored). */
  cosine: CosineConvention;
  /** |D_t| for Nearest Neighbor targets; 'all' = every training point of the class. */
  nnPoolSize: number | 'all';
  /** RIGD teacher: PGD adversarial training (Madry) at these radii. */
  teacherEpsL2: number;
  teacherEpsLinf: number;
  teacherSteps: number;
}

export const PAPER_TOY: ToySettings = {
  dataset: 'paper',
  noise: 0,
  seed: 2,
  trainPerClass: 3000,
  testPerClass: 300,
  hidden: [32],
  activation: 'relu',
  optimizer: 'adam',
  learningRate: 0.01,
  momentum: 0.9,
  batchSize: 128,
  epochs: 100,
  lambda: 5,
  output: 'logSoftmax',
  cosEps: 1e-8,
  cosine: 'paper',
  nnPoolSize: 'all',
  // Adjacent modes of the two classes are about 45 apart on the line: a teacher robust at these
  // radii still separates them.
  teacherEpsL2: 10,
  teacherEpsLinf: 5,
  teacherSteps: 10,
};

export function toyModelSpec(s: Pick<ToySettings, 'hidden' | 'activation'>): MlpSpec {
  return { kind: 'mlp', inputSize: 2, hidden: [...s.hidden], numClasses: 2, activation: s.activation };
}
