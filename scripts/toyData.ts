import type { SplitDataset } from '../src/core/data/dataset';
export type ToyData = SplitDataset;
