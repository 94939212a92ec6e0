import { describe, expect, it } from 'vitest';
import { fusedCnnWorkspaceBytes } from '../../../src/core/fast/cnnFused';
import { estimateTrainingBytes, memoryProblem, runMemoryProblem } from '../../../src/core/train/memoryEstimate';

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

describe('memory estimate of the fused CPU steps', () => {
  it('a fused CNN holds one image at a time: neither the batch nor the classes multiply its workspace', () => {
    const q = { spec: { ...cnn, head: 'flatten' as const, centerInput: true }, batchSize: 32, trainSamples: 1000, pag: true };
    const tfjs = estimateTrainingBytes(q);
    const fused = estimateTrainingBytes({ ...q, engine: 'fused' });
    expect(fused).toBeLessThan(tfjs / 5);
    // Its workspace is what a FusedCnn allocates (a few MB for 8-16-32 at 32x32).
    expect(fusedCnnWorkspaceBytes(q.spec)).toBeGreaterThan(1e6);
    expect(fusedCnnWorkspaceBytes(q.spec)).toBeLessThan(8e6);
    // A large batch costs its images and targets (C per image), not C x B activations.
    const big = estimateTrainingBytes({ ...q, batchSize: 1000, engine: 'fused' });
    expect(big - fused).toBeLessThan(4 * (1000 - 32) * 3072 * (1 + 10) + 1);
    expect(memoryProblem({ ...q, batchSize: 1000, trainSamples: 10_000 })).not.toBeNull();
    expect(memoryProblem({ ...q, batchSize: 1000, trainSamples: 10_000, engine: 'fused' })).toBeNull();
  });
  it('the labs count fused models as fused, RIGD teachers and the TF.js engine as TF.js', () => {
    const spec = { ...cnn, head: 'flatten' as const };
    const run = { spec, batchSize: 512, trainSamples: 20_000, advice: '' };
    expect(runMemoryProblem({ ...run, models: [false, true, true, true] })).not.toBeNull();
    expect(runMemoryProblem({ ...run, models: [false, true, true, true].map((pag) => ({ pag, engine: 'fused' as const })) })).toBeNull();
  });
});
