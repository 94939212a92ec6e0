/**
 * A labelled dataset held as flat typed arrays, so it can cross the worker boundary
 * (transferable) and be turned into tensors without copies of nested JS arrays.
 */
export interface Dataset {
  /** Row-major samples: n * prod(sampleShape) values. Images are NHWC in [0, 1]. */
  x: Float32Array;
  /** Integer labels in [0, numClasses). */
  y: Int32Array;
  n: number;
  /** Shape of one sample: [2] for the toy data, [32, 32, 3] for CIFAR. */
  sampleShape: number[];
  numClasses: number;
  classNames: string[];
}

export interface SplitDataset {
  train: Dataset;
  test: Dataset;
}

export function sampleSize(d: Pick<Dataset, 'sampleShape'>): number {
  return d.sampleShape.reduce((a, b) => a * b, 1);
}

/** The samples at `indices`, in that order. */
export function subset(d: Dataset, indices: ArrayLike<number>): Dataset {
  const size = sampleSize(d);
  const x = new Float32Array(indices.length * size);
  const y = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i];
    x.set(d.x.subarray(j * size, (j + 1) * size), i * size);
    y[i] = d.y[j];
  }
  return { ...d, x, y, n: indices.length };
}

/** Indices of the samples of each class: result[c] lists the samples labelled c. */
export function indicesByClass(d: Pick<Dataset, 'y' | 'numClasses'>): number[][] {
  const out: number[][] = Array.from({ length: d.numClasses }, () => []);
  d.y.forEach((c, i) => out[c].push(i));
  return out;
}
