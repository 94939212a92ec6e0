/**
 * The fused CNN step's timing, free of Node and of the trainer's TF.js parts, so that the same
 * code times it in Node (scripts/bench/cnnStep.ts) and in Chromium (e2e/bench/cnnStep.bench.ts):
 * one step = drawing the k target classes, FusedCnn.lossAndGrads (forward, input-gradients,
 * cosine term, exact gradient) and Adam, on a fixed random batch and fixed random targets, as the
 * PyTorch script times its step.
 */
import { drawTargetClasses, effectiveK } from '../../src/core/fast/cnnClasses';
import { FusedCnn } from '../../src/core/fast/cnnFused';
import { toCnnParams } from '../../src/core/fast/cnnShapes';
import { makeFastOptimizer } from '../../src/core/fast/optimizers';
import { initParamValues, type CnnSpec } from '../../src/core/models';
import { Rng } from '../../src/core/random';

export interface CnnStepConfig {
  channels: number[];
  head: 'gap' | 'flatten';
  batch: number;
  classes: number;
  /** 0 = all classes. */
  targetsPerImage: number;
}

/** The backend name of a fused row: which loops ran its convolutions. */
export function fusedBackend(kernels: 'js' | 'wasm'): string {
  return kernels === 'wasm' ? 'cpu (wasm SIMD)' : 'cpu (JS)';
}

export interface CnnStepRow extends CnnStepConfig {
  where: 'node' | 'browser';
  engine: 'fused' | 'tfjs' | 'pytorch';
  backend: string;
  vanillaMs: number;
  pagMs: number;
}

/** Issue 13's configurations: the CIFAR Lab's default model, then 10 classes at k = 2 and k = C. */
export const CNN_STEP_CONFIGS: CnnStepConfig[] = [
  { channels: [8, 16, 32], head: 'flatten', batch: 32, classes: 2, targetsPerImage: 0 },
  { channels: [8, 16, 32], head: 'flatten', batch: 32, classes: 10, targetsPerImage: 2 },
  { channels: [8, 16, 32], head: 'flatten', batch: 32, classes: 10, targetsPerImage: 0 },
];

export function cnnSpecOf(cfg: CnnStepConfig): CnnSpec {
  return { kind: 'cnn', inputShape: [32, 32, 3], channels: cfg.channels, numClasses: cfg.classes, activation: 'relu', head: cfg.head, centerInput: true };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Median ms of a vanilla and of a PAG step (lambda 0.4, as the PyTorch script) of this
 * configuration, with the fused step's WebAssembly SIMD kernels (loadCnnWasm first) or JS loops.
 */
export function timeFusedCnnStep(cfg: CnnStepConfig, reps: number, now: () => number, kernels: 'js' | 'wasm' = 'js'): { vanillaMs: number; pagMs: number } {
  const spec = cnnSpecOf(cfg);
  const rng = new Rng(1);
  const d = 32 * 32 * 3;
  const B = cfg.batch;
  const C = cfg.classes;
  const x = Float32Array.from({ length: B * d }, () => rng.next());
  const y = Int32Array.from({ length: B }, (_, i) => i % C);
  const u = Float32Array.from({ length: C * B * d }, () => rng.normal());
  const k = effectiveK(C, cfg.targetsPerImage);
  const classes = new Int32Array(B * k);
  const scratch = new Int32Array(C);
  const kernel = new FusedCnn(spec, kernels);
  const params = toCnnParams(spec, initParamValues(spec, rng));
  const adam = makeFastOptimizer({ kind: 'adam', learningRate: 1e-3 }, params.list.map((p) => p.length));
  const step = (pag: boolean) => {
    if (pag && k < C) drawTargetClasses(rng, B, C, k, classes, scratch);
    kernel.lossAndGrads(params, x, y, pag ? u : null, { output: 'logSoftmax', cosEps: 1e-8, lambda: pag ? 0.4 : 0, targetClasses: pag && k < C ? classes : null });
    adam.step(params.list, kernel.grads.list);
  };
  const time = (pag: boolean, n: number) => {
    for (let i = 0; i < 2; i++) step(pag);
    const ts: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = now();
      step(pag);
      ts.push(now() - t0);
    }
    return median(ts);
  };
  return { vanillaMs: time(false, 2 * reps), pagMs: time(true, reps) };
}
