/**
 * Speed of the hand-fused MLP step (src/core/fast) against the TF.js Trainer on the cpu and wasm
 * backends, paper toy setting (2-32-2 relu, log-softmax, Adam lr 0.01, batch 128, lambda 5,
 * Nearest Neighbor targets over all training points): ms per step for vanilla and PAG, then a
 * full 100-epoch run (6000 points, 47 steps per epoch) of vanilla + PAG (NN) with each, with the
 * trained models' clean and robust test accuracy as a sanity check.
 *
 *   npx tsx scripts/benchFused.ts [--epochs 100] [--steps 200] [--skip-runs]  | cut -c1-300
 *
 * One process, one thread: run it alone on a shared machine.
 */
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/core/backend';
import { generateToy } from '../src/core/data/toy';
import { accuracy, robustSweep } from '../src/core/eval/evaluate';
import { buildMethodReferences, objectiveOf, type MethodId } from '../src/core/experiment/methods';
import { initialWeights, prepareTrainer } from '../src/core/experiment/prepare';
import { toyCommonSettings } from '../src/core/experiment/toyExperiment';
import { PAPER_TOY } from '../src/core/experiment/toySettings';
import { FusedMlpTrainer, fusedReferenceProvider, type TrainerLike } from '../src/core/fast/fusedTrainer';
import { Rng, streamSeed } from '../src/core/random';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const EPOCHS = arg('epochs', PAPER_TOY.epochs);
const TIMED_STEPS = arg('steps', 200);
const SKIP_RUNS = process.argv.includes('--skip-runs');

const s = PAPER_TOY;
const common = toyCommonSettings(s);
const data = generateToy({ kind: s.dataset, seed: streamSeed(s.seed, 'data'), trainPerClass: s.trainPerClass, testPerClass: s.testPerClass, noise: s.noise });
const METHODS: MethodId[] = ['vanilla', 'nn'];

type Impl = 'tfjs-cpu' | 'tfjs-wasm' | 'fused';

async function makeTrainer(impl: Impl, method: MethodId): Promise<{ trainer: TrainerLike; dispose: () => void }> {
  if (impl !== 'fused') {
    const { trainer, dispose } = await prepareTrainer(method, common, data.train);
    return { trainer, dispose };
  }
  // The same construction as prepareTrainer: initial weights, batch seed, targets.
  const objective = objectiveOf(method, s.lambda, s.nnPoolSize);
  const refs = objective.kind === 'pag' ? buildMethodReferences(objective.source, data.train, streamSeed(s.seed, 'targets')) : null;
  const trainer = new FusedMlpTrainer(
    {
      spec: common.spec,
      objective,
      loss: common.loss,
      optimizer: common.optimizer,
      batchSize: common.batchSize,
      seed: streamSeed(common.seed, 'batches'),
      measureEvery: common.measureEvery,
    },
    data.train,
    initialWeights(common.spec, common.seed),
    refs ? fusedReferenceProvider(refs, data.train) : null,
  );
  return { trainer, dispose: () => trainer.dispose() };
}

/** ms per step after a warm-up; metrics are read every measureEvery steps as the app does. */
async function msPerStep(impl: Impl, method: MethodId): Promise<number> {
  const { trainer, dispose } = await makeTrainer(impl, method);
  const steps = impl === 'fused' ? TIMED_STEPS * 10 : TIMED_STEPS;
  for (let i = 0; i < 20; i++) trainer.trainStep();
  await trainer.metrics();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    trainer.trainStep();
    if (i % 50 === 49) await trainer.metrics();
  }
  await trainer.metrics();
  const ms = (performance.now() - t0) / steps;
  dispose();
  return ms;
}

interface RunResult {
  seconds: number;
  clean: number;
  robust: string;
  last: string;
}

async function fullRun(impl: Impl, method: MethodId): Promise<RunResult> {
  const t0 = performance.now();
  const { trainer, dispose } = await makeTrainer(impl, method);
  // trainFor's loop (prepare.ts) without progress callbacks; it is typed for Trainer only.
  for (let i = 0, total = trainer.stepsPerEpoch * EPOCHS; i < total; i++) trainer.trainStep();
  const seconds = (performance.now() - t0) / 1000;
  const clean = await accuracy(trainer.logitsOf, data.test);
  const robust = await robustSweep(trainer.logitsOf, data.test, { norm: 'l2', steps: 20, targeted: true }, [4, 8, 15], new Rng(streamSeed(s.seed, 'attack')));
  const m = await trainer.metrics();
  dispose();
  return {
    seconds,
    clean,
    robust: robust.map((r) => `eps ${r.eps}: ${(100 * r.accuracy).toFixed(1)}%`).join(', '),
    last: m ? `ce ${m.ce.toFixed(4)} pag ${m.pag.toFixed(4)}` : '',
  };
}

async function useBackend(impl: Impl): Promise<void> {
  if (impl === 'tfjs-wasm') {
    const wasmPath = path.resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/';
    const choice = await selectBackend({ order: ['wasm'], wasmPath });
    if (choice.backend !== 'wasm') throw new Error('wasm backend unavailable');
  } else {
    await tf.setBackend('cpu');
    await tf.ready();
  }
}

const IMPLS: Impl[] = ['tfjs-cpu', 'tfjs-wasm', 'fused'];
const step: Record<string, number> = {};
const runs: Record<string, RunResult> = {};
console.log(`paper toy: ${data.train.n} train points, MLP 2-${s.hidden[0]}-2 ${s.activation}, batch ${s.batchSize}, ${Math.ceil(data.train.n / s.batchSize)} steps/epoch, Adam lr ${s.learningRate}, lambda ${s.lambda}, NN targets (all)`);
for (const impl of IMPLS) {
  await useBackend(impl);
  for (const method of METHODS) {
    step[`${impl}/${method}`] = await msPerStep(impl, method);
    console.log(`${impl.padEnd(10)} ${method === 'nn' ? 'PAG (NN)' : 'vanilla '}  ${step[`${impl}/${method}`].toFixed(3)} ms/step  (backend ${tf.getBackend()})`);
  }
}
console.log('\nms/step ratios (TF.js / fused):');
for (const method of METHODS) {
  const f = step[`fused/${method}`];
  console.log(`  ${method === 'nn' ? 'PAG (NN)' : 'vanilla '}: cpu ${(step[`tfjs-cpu/${method}`] / f).toFixed(1)}x, wasm ${(step[`tfjs-wasm/${method}`] / f).toFixed(1)}x`);
}

if (!SKIP_RUNS) {
  console.log(`\nfull runs: ${EPOCHS} epochs each of vanilla + PAG (NN), training time only; then clean / targeted L2 PGD-20 test accuracy`);
  const totals: Record<string, number> = {};
  for (const impl of IMPLS) {
    await useBackend(impl);
    totals[impl] = 0;
    for (const method of METHODS) {
      const r = await fullRun(impl, method);
      runs[`${impl}/${method}`] = r;
      totals[impl] += r.seconds;
      console.log(`${impl.padEnd(10)} ${method === 'nn' ? 'PAG (NN)' : 'vanilla '}  ${r.seconds.toFixed(1)} s  clean ${(100 * r.clean).toFixed(1)}%  robust ${r.robust}  last metrics ${r.last}`);
    }
    console.log(`${impl.padEnd(10)} vanilla + PAG: ${totals[impl].toFixed(1)} s`);
  }
  console.log(`\nfull-run ratios (TF.js / fused): cpu ${(totals['tfjs-cpu'] / totals.fused).toFixed(1)}x, wasm ${(totals['tfjs-wasm'] / totals.fused).toFixed(1)}x`);
}
