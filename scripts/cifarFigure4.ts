import type { Dataset } from '../src/core/data/dataset';
import { accuracy } from '../src/core/eval/evaluate';
import { figure4Rows, figure4Targets, type Figure4Settings } from '../src/core/eval/figure4';
import { galleryFinal } from '../src/core/eval/gallery';
import { cifarCommonSettings } from '../src/core/experiment/cifarExperiment';
import type { CifarSettings } from '../src/core/experiment/cifarSettings';
import { METHOD_LABELS, teacherAttack } from '../src/core/experiment/methods';
import { initialWeights, prepareTrainer, trainerBase, trainFor, type Progress } from '../src/core/experiment/prepare';
import type { Figure4Result, TrainedModel } from '../src/core/experiment/results';
import { Trainer } from '../src/core/train/trainer';
import type { TrainerLike } from '../src/core/train/trainerLike';
import { imageGrid } from '../src/cli/report/imageGrid';
import { rgbaToPng } from './cliCommon';

/** The judge's seed: apart from every seed a run uses (--seeds 1-3 included). */
export const judgeSeed = (seed: number) => seed + 1000;

/**
 * The independent model that judges Figure 4's images: the recipe's vanilla model of another seed
 * (other initial weights and batch order), or with `at` a PGD adversarially trained one (the
 * RIGD teacher's training: L2, the teacher's eps and steps), the judge of the lead's GPU sweep.
 */
export async function trainJudge(s: CifarSettings, train: Dataset, kind: 'vanilla' | 'at', progress?: Progress): Promise<{ trainer: TrainerLike; dispose: () => void; seconds: number }> {
  const t0 = performance.now();
  const common = cifarCommonSettings({ ...s, seed: judgeSeed(s.seed) });
  let trainer: TrainerLike;
  let dispose: () => void;
  if (kind === 'vanilla') {
    ({ trainer, dispose } = await prepareTrainer('vanilla', common, train));
  } else {
    const attack = teacherAttack('l2', s.teacherEpsL2, s.teacherSteps, true);
    const t = new Trainer({ ...trainerBase(common), objective: { kind: 'adversarial', attack } }, train, initialWeights(common.spec, common.seed), null);
    trainer = t;
    dispose = () => t.dispose();
  }
  await trainFor(trainer, s.epochs, progress, `judge (${kind === 'vanilla' ? 'vanilla' : 'PGD-AT'}, seed ${common.seed})`);
  return { trainer, dispose, seconds: (performance.now() - t0) / 1000 };
}

/** Figure 4's number for every model of a run. */
export async function figure4Number(
  models: TrainedModel[],
  judge: { trainer: TrainerLike; seconds: number },
  kind: 'vanilla' | 'at',
  test: Dataset,
  seed: number,
  settings: Figure4Settings,
  progress?: (method: string) => void,
): Promise<Figure4Result> {
  const targets = figure4Targets(test, settings.n, seed);
  const out: Figure4Result = {
    judge: { kind: kind === 'vanilla' ? 'vanilla' : 'adversarial', seed: judgeSeed(seed), cleanAccuracy: await accuracy(judge.trainer.logitsOf, test, 200), trainSeconds: judge.seconds },
    models: [],
  };
  for (const m of models) {
    progress?.(m.method);
    out.models.push({ method: m.method, rows: await figure4Rows(m.trainer.logitsOf, judge.trainer.logitsOf, test, targets, settings, 100, m.trainer.attackOracle?.()) });
  }
  return out;
}

/** The first test image of each of the first `count` classes: the picture's start images. */
function sourceImages(test: Dataset, count: number): number[] {
  return Array.from({ length: Math.min(count, test.numClasses) }, (_, c) => test.y.indexOf(c)).filter((i) => i >= 0);
}

/**
 * Figure 4 as one PNG: for each start image a block of rows, one per model, each [start image,
 * targeted L2 PGD towards class 0 .. C-1]; blocks apart by a blank band. The legend (Markdown)
 * names every row and the model's confidence in each target.
 */
export async function figure4Png(models: TrainedModel[], test: Dataset, eps: number, steps: number, images = 3): Promise<{ png: Uint8Array; legend: string }> {
  const opts = { eps, steps, alpha: (2.5 * eps) / steps };
  const rows: Float32Array[][] = [];
  const legend: string[] = [];
  const dim = 32 * 32 * 3;
  let row = 0;
  for (const i of sourceImages(test, images)) {
    if (rows.length) rows.push([]);
    const img = test.x.slice(i * dim, (i + 1) * dim);
    for (const m of models) {
      const frame = await galleryFinal(m.trainer.logitsOf, img, [32, 32, 3], test.numClasses, opts);
      rows.push([img, ...Array.from({ length: test.numClasses }, (_, t) => frame.images.slice(t * dim, (t + 1) * dim))]);
      const conf = Array.from(frame.confidence, (c, t) => `${test.classNames[t]} ${(100 * c).toFixed(0)}%`).join(', ');
      legend.push(`| ${++row} | ${METHOD_LABELS[m.method]} | ${test.classNames[test.y[i]]} | ${conf} |`);
    }
  }
  const g = imageGrid(rows, 32, 3, 4);
  const text = [
    `figure4.png: for each start image (test images, one per class of the first ${images}) a block of rows, one per model; column 1 is`,
    `the test image, column k+1 the result of targeted L2 PGD (eps ${eps}, ${steps} steps, step ${opts.alpha.toFixed(3)}, no random start) towards`,
    `class k (${test.classNames.join(', ')}). Rows, top to bottom, and each model's confidence in the target:`,
    '',
    '| row | model | start class | confidence in target |',
    '| --- | --- | --- | --- |',
    ...legend,
  ].join('\n');
  return { png: await rgbaToPng(g.width, g.height, g.rgba), legend: text };
}
