import { UsageError, type CifarArgs } from '../src/cli/args';
import { cifarSubset, CIFAR_CLASSES } from '../src/core/data/cifar';
import type { SplitDataset } from '../src/core/data/dataset';
import { FIGURE4_DEFAULTS, type Figure4Settings } from '../src/core/eval/figure4';
import { runCifar, table1Attacks } from '../src/core/experiment/cifarExperiment';
import { CIFAR_DEFAULTS, CLI_L2_EPS, type CifarSettings } from '../src/core/experiment/cifarSettings';
import { METHOD_LABELS } from '../src/core/experiment/methods';
import { teacherCollapsed, type MultiSeedResult, type RunResult } from '../src/core/experiment/results';
import { summarise, summariseFigure4 } from '../src/core/experiment/summary';
import { figure4SummaryTable, figure4Table, summaryTable, table1Markdown } from '../src/core/report/markdown';
import { figure4Number, figure4Png, trainJudge } from './cifarFigure4';
import { readCifarDir } from './cifarFiles';
import { withConvImplAsync } from '../src/core/models/conv';
import { controlNote, suiteLegend, suiteRunTables } from '../src/cli/report/suiteMarkdown';
import { cifarPaperAttacks } from '../src/core/experiment/attackPresets';
import { progressLine, useNodeBackend, writeAll } from './cliCommon';

/** The run's settings: the default recipe with the command line's overrides. */
export function cifarSettingsOf(args: Omit<CifarArgs, 'seeds'>, seed: number): CifarSettings {
  return {
    ...CIFAR_DEFAULTS,
    classes: args.classes,
    trainPerClass: args.perClass,
    testPerClass: args.testPerClass,
    epochs: args.epochs,
    seed,
    // --lambda is one lambda for every method: it replaces Table 3's per-method values.
    ...(args.lambda !== undefined && { lambda: args.lambda, lambdaByMethod: {} }),
    ...(args.k !== undefined && { targetsPerImage: args.k }),
    ...(args.warmup !== undefined && { warmupEpochs: args.warmup }),
    ...(args.learningRate !== undefined && { learningRate: args.learningRate }),
    ...(args.teacherLearningRate !== undefined && { teacherLearningRate: args.teacherLearningRate }),
    ...(args.head !== undefined && { head: args.head }),
    ...(args.centerInput !== undefined && { centerInput: args.centerInput }),
    engine: args.engine,
  };
}

/** Training and test subsets as the CIFAR Lab draws them (test with seed + 1). */
export async function cifarData(dir: string, s: Pick<CifarSettings, 'classes' | 'trainPerClass' | 'testPerClass' | 'seed'>): Promise<SplitDataset> {
  let splits;
  try {
    splits = await readCifarDir(dir);
  } catch (e) {
    throw new UsageError(`--data: ${(e as Error).message}`);
  }
  if (!splits.train || !splits.test) throw new UsageError(`--data: ${dir} needs both training and test batches`);
  const names = splits.classNames ?? CIFAR_CLASSES;
  return {
    train: cifarSubset(splits.train, { classes: s.classes, perClass: s.trainPerClass, seed: s.seed, classNames: names }),
    test: cifarSubset(splits.test, { classes: s.classes, perClass: s.testPerClass, seed: s.seed + 1, classNames: names }),
  };
}

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

/** One seed: train, evaluate Table 1, Figure 4's number, and (when asked) the Figure 4 picture. */
async function oneSeed(args: CifarArgs, seed: number, prefix: string, fig4: Figure4Settings, picture: boolean) {
  const t0 = performance.now();
  const settings = cifarSettingsOf(args, seed);
  const data = await cifarData(args.data, settings);
  const attacks = args.attackPreset === 'paper' ? cifarPaperAttacks(8 / 255, args.l2Eps ?? CLI_L2_EPS) : table1Attacks(8 / 255, args.l2Eps ?? CLI_L2_EPS);
  const progress = (m: string, d: number, t: number, ph: string) => progressLine(prefix, m, d, t, ph);
  const { run, models } = await runCifar(settings, data, args.methods, attacks, progress, args.attacks);
  const judge = await trainJudge(settings, data.train, args.judge, (d, t, ph) => progress('judge', d, t, ph));
  let png: Awaited<ReturnType<typeof figure4Png>> | null = null;
  try {
    if (process.stderr.isTTY) process.stderr.write('\n');
    run.figure4 = await withConvImplAsync('native', () => figure4Number(models, judge, args.judge, data.test, seed, fig4, (m) => process.stderr.write(`${prefix} ${m}: Figure 4 number\n`)));
    if (picture) {
      process.stderr.write(`${prefix}: Figure 4 picture\n`);
      png = await withConvImplAsync('native', () => figure4Png(models, data.test, Math.max(...fig4.eps), fig4.steps));
    }
  } finally {
    judge.dispose();
    models.forEach((m) => m.dispose());
  }
  run.wallSeconds = (performance.now() - t0) / 1000;
  return { run, png, classNames: data.train.classNames };
}

export async function reproduceCifar(args: CifarArgs): Promise<void> {
  await useNodeBackend();
  const fig4: Figure4Settings = { ...FIGURE4_DEFAULTS, ...(args.fig4Eps && { eps: args.fig4Eps }) };
  const runs: RunResult[] = [];
  let picture: Awaited<ReturnType<typeof oneSeed>>['png'] = null;
  let classNames: string[] = [];
  for (const [i, seed] of args.seeds.entries()) {
    const prefix = args.seeds.length > 1 ? `seed ${seed} (${i + 1}/${args.seeds.length})` : `seed ${seed}`;
    // The picture of the first seed (never a chosen one).
    const r = await oneSeed(args, seed, prefix, fig4, i === 0);
    picture ??= r.png;
    classNames = r.classNames;
    runs.push(r.run);
    process.stderr.write(`${prefix} done in ${(r.run.wallSeconds! / 60).toFixed(1)} min\n`);
  }
  const s = runs[0].settings as unknown as CifarSettings;
  const recipe =
    `CNN ${s.channels.join('-')} (${s.head} head${s.centerInput ? ', centred pixels' : ''}), ${s.optimizer} lr ${s.learningRate}, batch ${s.batchSize}, ` +
    `${s.epochs} epochs (${s.warmupEpochs} of cross-entropy only), k = ${s.targetsPerImage || 'all'} target classes per image, ` +
    `lambda ${Object.entries(s.lambdaByMethod).map(([m, l]) => `${m} ${l}`).join(', ') || s.lambda}${Object.keys(s.lambdaByMethod).length ? ` (others ${s.lambda})` : ''}`;
  const heading = `Small Table 1: CIFAR-10 classes ${classNames.join(', ')}, ${args.perClass} train / ${args.testPerClass} test images per class, seed${args.seeds.length > 1 ? 's' : ''} ${args.seeds.join(', ')}`;
  const warnings = runs.flatMap((run) =>
    run.models
      .filter((r) => teacherCollapsed(r, args.classes.length))
      .map((r) => `Warning: seed ${run.seed}: the robust teacher of ${METHOD_LABELS[r.method]} reached only ${pct(r.teacherTrainAccuracy!)} on its training data (chance level): its gradients carry no class information; try --teacher-lr smaller.`),
  );
  for (const run of runs) for (const w of run.warnings ?? []) warnings.push(`Warning: seed ${run.seed}: ${w.message}.`);
  for (const w of warnings) process.stderr.write(`${w}\n`);
  const attacksLine = 'PGD-20 from a random start, step 2 eps / 20, untargeted, inputs in [0, 1].';
  const f = runs[0].figure4!;
  const judgeLine =
    `Figure 4's number: targeted L2 PGD (${fig4.steps} steps, step 2.5 eps / ${fig4.steps}) from the first ${Math.min(fig4.n, args.testPerClass * args.classes.length)} test images towards a random other class; ` +
    `the share an independently trained ${f.judge.kind === 'vanilla' ? 'vanilla' : 'PGD adversarially trained'} model (seed + 1000; clean ${runs.map((r) => pct(r.figure4!.judge.cleanAccuracy)).join(' / ')}) labels as the target.`;
  const wall = `Wall time: ${runs.map((r) => `seed ${r.seed} ${(r.wallSeconds! / 60).toFixed(1)} min`).join(', ')} (training alone: ${runs.map((r) => (r.models.reduce((a, m) => a + m.trainSeconds, 0) / 60).toFixed(1)).join(' / ')} min).`;
  let md: string;
  let result: RunResult | MultiSeedResult;
  if (runs.length === 1) {
    result = runs[0];
    md = `## ${heading}\n\n${recipe}. ${attacksLine} Paper columns: ResNet-18 on all of CIFAR-10 (10 classes).\n\n${table1Markdown(runs[0])}\n\n${judgeLine}\n\n${figure4Table(f)}\n\n${wall}\n\n`;
  } else {
    const settings = { ...runs[0].settings, seed: undefined };
    result = { experiment: 'cifar', seeds: args.seeds, settings, runs, summary: summarise(runs), figure4Summary: summariseFigure4(runs) };
    md =
      `## ${heading}: median [min, max]\n\n${recipe}. ${attacksLine}\n\n${summaryTable(result.summary)}\n\n${judgeLine}\n\n${figure4SummaryTable(result.figure4Summary!)}\n\n${wall}\n\n` +
      runs.map((r) => `### Seed ${r.seed}\n\n${table1Markdown(r)}\n\n${figure4Table(r.figure4!)}\n`).join('\n') +
      '\n';
  }
  const control = controlNote(args.methods);
  if (args.attacks === 'suite') md += runs.map((r) => `${suiteRunTables(r)}\n\n`).join('') + `${suiteLegend(runs[0].settings)}\n\n`;
  if (control) md += `${control}\n\n`;
  md += `${warnings.map((w) => `${w}\n\n`).join('')}${picture ? `${picture.legend}\n` : ''}`;
  const files: Record<string, string | Uint8Array> = { 'results.json': JSON.stringify(result, null, 2) + '\n', 'table.md': md };
  if (picture) files['figure4.png'] = picture.png;
  writeAll(args.out, files);
  process.stdout.write(`\n${md}\nWrote ${Object.keys(files).join(', ')} to ${args.out}\n`);
}
