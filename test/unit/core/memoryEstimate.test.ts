import { describe, expect, it } from 'vitest';
import { estimateTrainingBytes, memoryProblem } from '../../../src/core/train/memoryEstimate';

const toy = { kind: 'mlp' as const, inputSize: 2, hidden: [32], numClasses: 2, activation: 'relu' as const };
const cnn = { kind: 'cnn' as const, inputShape: [32, 32, 3] as [number, number, number], channels: [8, 16, 32], numClasses: 10, activation: 'relu' as const };

describe('memory estimate', () => {
  it('the paper toy setting and a small CIFAR run fit', () => {
    expect(memoryProblem({ spec: toy, batchSize: 128, trainSamples: 6000, pag: true })).toBeNull();
    expect(memoryProblem({ spec: cnn, batchSize: 32, trainSamples: 10_000, pag: true })).toBeNull();
  });
  it('grows with batch, classes (PAG tiles the batch C times) and width', () => {
    const base = estimateTrainingBytes({ spec: cnn, batchSize: 32, trainSamples: 1000, pag: false });
    expect(estimateTrainingBytes({ spec: cnn, batchSize: 64, trainSamples: 1000, pag: false })).toBeGreaterThan(base);
    expect(estimateTrainingBytes({ spec: cnn, batchSize: 32, trainSamples: 1000, pag: true })).toBeGreaterThan(5 * base);
    expect(estimateTrainingBytes({ spec: { ...cnn, channels: [64, 128, 256] }, batchSize: 32, trainSamples: 1000, pag: false })).toBeGreaterThan(base);
  });
  it('refuses what cannot fit, with a message that says what to change', () => {
    const msg = memoryProblem({ spec: { ...cnn, channels: [256, 512, 1024] }, batchSize: 4096, trainSamples: 50_000, pag: true });
    expect(msg).toMatch(/need about [\d.]+ GB/);
    expect(msg).toMatch(/smaller batch/);
    expect(memoryProblem({ spec: { ...toy, hidden: [100_000_000] }, batchSize: 128, trainSamples: 6000, pag: false })).not.toBeNull();
  });
});
