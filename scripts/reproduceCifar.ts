import { UsageError, type CifarArgs } from '../src/cli/args';
import { cifarSubset, CIFAR_CLASSES } from '../src/core/data/cifar';
import type { Dataset } from '../src/core/data/dataset';
import { galleryFinal, GALLERY_DEFAULTS } from '../src/core/eval/gallery';
import { runCifar, table1Attacks } from '../src/core/experiment/cifarExperiment';
import { CIFAR_DEFAULTS, CLI_L2_EPS } from '../src/core/experiment/cifarSettings';
import { METHOD_LABELS } from '../src/core/experiment/methods';
import { teacherCollapsed, type TrainedModel } from '../src/core/experiment/results';
import { imageGrid } from '../src/report/imageGrid';
import { table1Markdown } from '../src/report/markdown';
import { controlNote, suiteLegend, suiteRunTables } from '../src/report/suiteMarkdown';
import { cifarPaperAttacks } from '../src/core/experiment/attackPresets';
import { progressLine, rgbaToPng, useNodeBackend, writeAll } from './cliCommon';
import { readCifarDir } from './cifarFiles';

/** The first test image of each class: the gallery's sources. */
function sourceImages(test: Dataset): number[] {
  return Array.from({ length: test.numClasses }, (_, c) => test.y.indexOf(c)).filter((i) => i >= 0);
}

/** Figure 4 as one image: per model and source image, a row [source, PGD towards class 0..C-1]. */
async function galleryPng(models: TrainedModel[], test: Dataset): Promise<{ png: Uint8Array; legend: string }> {
  const rows: Float32Array[][] = [];
  const legend: string[] = [];
  const dim = 32 * 32 * 3;
  for (const m of models) {
    for (const i of sourceImages(test)) {
      const img = test.x.slice(i * dim, (i + 1) * dim);
      const frame = await galleryFinal(m.trainer.logitsOf, img, [32, 32, 3], test.numClasses, GALLERY_DEFAULTS);
      rows.push([img, ...Array.from({ length: test.numClasses }, (_, t) => frame.images.slice(t * dim, (t + 1) * dim))]);
      const conf = Array.from(frame.confidence, (c, t) => `${test.classNames[t]} ${(100 * c).toFixed(0)}%`).join(', ');
      legend.push(`| ${rows.length} | ${METHOD_LABELS[m.method]} | ${test.classNames[test.y[i]]} | ${conf} |`);
    }
  }
  const g = imageGrid(rows, 32, 3, 4);
  const text = [
    `Rows of gallery.png, top to bottom: column 1 is the test image, column k+1 the result of targeted L2 PGD`,
    `(eps ${GALLERY_DEFAULTS.eps}, ${GALLERY_DEFAULTS.steps} steps, alpha ${GALLERY_DEFAULTS.alpha}) towards class k; the model's confidence in each target:`,
    '',
    '| row | model | source class | confidence in target |',
    '| --- | --- | --- | --- |',
    ...legend,
  ].join('\n');
  return { png: await rgbaToPng(g.width, g.height, g.rgba), legend: text };
}

export async function reproduceCifar(args: CifarArgs): Promise<void> {
  let splits;
  try {
    splits = await readCifarDir(args.data);
  } catch (e) {
    throw new UsageError(`--data: ${(e as Error).message}`);
  }
  if (!splits.train || !splits.test) throw new UsageError(`--data: ${args.data} needs both training and test batches`);
  await useNodeBackend();
  const names = splits.classNames ?? CIFAR_CLASSES;
  const train = cifarSubset(splits.train, { classes: args.classes, perClass: args.perClass, seed: args.seed, classNames: names });
  const test = cifarSubset(splits.test, { classes: args.classes, perClass: args.testPerClass, seed: args.seed + 1, classNames: names });
  const settings = {
    ...CIFAR_DEFAULTS,
    classes: args.classes,
    trainPerClass: args.perClass,
    testPerClass: args.testPerClass,
    epochs: args.epochs,
    seed: args.seed,
    ...(args.lambda !== undefined && { lambda: args.lambda }),
    ...(args.learningRate !== undefined && { learningRate: args.learningRate }),
    ...(args.teacherLearningRate !== undefined && { teacherLearningRate: args.teacherLearningRate }),
    ...(args.head !== undefined && { head: args.head }),
    ...(args.centerInput !== undefined && { centerInput: args.centerInput }),
    engine: args.engine,
  };
  const attacks = args.attackPreset === 'paper' ? cifarPaperAttacks(8 / 255, args.l2Eps ?? CLI_L2_EPS) : table1Attacks(8 / 255, args.l2Eps ?? CLI_L2_EPS);
  const { run, models } = await runCifar(settings, { train, test }, args.methods, attacks, (m, d, t, ph) => progressLine('cifar', m, d, t, ph), args.attacks);
  if (process.stderr.isTTY) process.stderr.write('\n');
  process.stderr.write('gallery: large-eps targeted PGD ...\n');
  const gallery = await galleryPng(models, test);
  models.forEach((m) => m.dispose());
  const heading = `Small Table 1: CIFAR-10 classes ${train.classNames.join(' vs ')}, ${args.perClass} train / ${args.testPerClass} test images per class, CNN ${settings.channels.join('-')}, ${args.epochs} epochs, seed ${args.seed}`;
  const warnings = run.models
    .filter((r) => teacherCollapsed(r, args.classes.length))
    .map((r) => `Warning: the robust teacher of ${METHOD_LABELS[r.method]} reached only ${(100 * r.teacherTrainAccuracy!).toFixed(1)} % on its training data (chance level): its gradients carry no class information; try --teacher-lr smaller.`);
  for (const w of run.warnings ?? []) warnings.push(`Warning: ${w.message}.`);
  for (const w of warnings) process.stderr.write(`${w}\n`);
  const recipe = `lambda ${settings.lambda}, ${settings.optimizer} lr ${settings.learningRate}${settings.teacherLearningRate !== undefined ? `, teacher lr ${settings.teacherLearningRate}` : ''}`;
  const attackText = args.attackPreset === 'paper' ? 'PGD-20, untargeted, random start, alpha = 2 eps / 20 (the paper appendix)' : 'PGD-20, untargeted, alpha = 2.5 eps / 20';
  const suiteText = args.attacks === 'suite' ? `${suiteRunTables(run)}\n\n${suiteLegend(run.settings)}\n\n` : '';
  const control = controlNote(args.methods);
  const md = `## ${heading}\n\n${recipe}. ${attackText}, inputs in [0, 1]. Paper columns: ResNet-18 on all of CIFAR-10 (10 classes).\n\n${table1Markdown(run)}\n\n${suiteText}${control ? `${control}\n\n` : ''}${warnings.map((w) => `${w}\n\n`).join('')}${gallery.legend}\n`;
  writeAll(args.out, { 'results.json': JSON.stringify(run, null, 2) + '\n', 'table.md': md, 'gallery.png': gallery.png });
  process.stdout.write(`\n${md}\nWrote results.json, table.md, gallery.png to ${args.out}\n`);
}
