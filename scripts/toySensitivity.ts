/**
 * How much one toy seed's result depends on rounding (issue 17, docs/numerics.md): trains the
 * seed's PAG model (fused engine, the CLI's settings) from its initial weights and from copies
 * perturbed by a relative 1e-12, then reports the step where each run's loss first parts from the
 * unperturbed one by a relative 1e-3 and its L2 eps-15 robust accuracy (the CLI's attack).
 *
 *   npx tsx scripts/toySensitivity.ts SEED [copies=4] [torch|paper] [textbook|exact]
 */
import { generateToy } from '../src/core/data/toy';
import { robustSweep } from '../src/core/eval/evaluate';
import { buildMethodReferences, objectiveOf } from '../src/core/experiment/methods';
import { initialWeights } from '../src/core/experiment/prepare';
import { toyCommonSettings, TOY_SWEEPS } from '../src/core/experiment/toyExperiment';
import { PAPER_TOY } from '../src/core/experiment/toySettings';
import { FusedMlpTrainer, fusedReferenceProvider } from '../src/core/fast/fusedTrainer';
import type { CosineConvention } from '../src/core/fast/fusedCosine';
import { setLogSoftmaxGradient, type LogSoftmaxGradient } from '../src/core/pag/logSoftmax';
import { Rng, streamSeed } from '../src/core/random';
import { defaultAlpha } from '../src/core/train/objective';
import { useNodeBackend } from './cliCommon';

async function main(): Promise<void> {
  const [seedArg, copiesArg = '4', cosine = 'paper', gradient = 'textbook'] = process.argv.slice(2);
  await useNodeBackend();
  setLogSoftmaxGradient(gradient as LogSoftmaxGradient);
  const s = { ...PAPER_TOY, seed: Number(seedArg), cosine: cosine as CosineConvention };
  const data = generateToy({ kind: s.dataset, seed: streamSeed(s.seed, 'data'), trainPerClass: s.trainPerClass, testPerClass: s.testPerClass, noise: s.noise });
  const c = toyCommonSettings(s, 'auto');
  const objective = objectiveOf('nn', s.lambda, s.nnPoolSize);
  const refs = buildMethodReferences({ kind: 'nearestNeighbor', poolSize: s.nnPoolSize }, data.train, streamSeed(s.seed, 'targets'))!;
  const opts = { spec: c.spec, loss: c.loss, optimizer: c.optimizer, batchSize: s.batchSize, seed: streamSeed(s.seed, 'batches'), objective };
  const sweep = TOY_SWEEPS[0];
  let reference: number[] | null = null;
  for (let k = 0; k <= Number(copiesArg); k++) {
    const init = initialWeights(c.spec, s.seed);
    // Copy k > 0: every weight times (1 + 1e-12 sin(k + i)), far below float32's resolution.
    const values = Object.fromEntries(Object.entries(init).map(([n, v]) => [n, Float64Array.from(v, (w, i) => w * (1 + (k ? 1e-12 * Math.sin(k + i) : 0)))]));
    const trainer = new FusedMlpTrainer(opts, data.train, values, fusedReferenceProvider(refs, data.train));
    const losses: number[] = [];
    trainer.onStep = (info) => void losses.push(info.result.total);
    for (let i = 0; i < trainer.stepsPerEpoch * s.epochs; i++) trainer.trainStep();
    const [r] = await robustSweep(trainer.logitsOf, data.test, { norm: 'l2', steps: sweep.steps, targeted: true }, [15], new Rng(streamSeed(s.seed, 'attack')), (e) => defaultAlpha(e, sweep.steps));
    reference ??= losses;
    const parts = losses.findIndex((v, i) => Math.abs(v - reference![i]) > 1e-3 * Math.abs(reference![i]));
    process.stdout.write(`seed ${s.seed} ${cosine} ${gradient} copy ${k}: loss parts at step ${k ? parts : '-'}, L2 eps-15 robust ${(100 * r.accuracy).toFixed(1)} %\n`);
    trainer.dispose();
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
