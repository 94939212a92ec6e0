import type { ToyArgs } from '../src/cli/args';
import type { SplitDataset } from '../src/core/data/dataset';
import { toyBounds } from '../src/core/data/toy';
import { boundaryGrid } from '../src/core/eval/grid';
import { METHOD_LABELS } from '../src/core/experiment/methods';
import type { MultiSeedResult, RunResult, TrainedModel } from '../src/core/experiment/results';
import { summarise } from '../src/core/experiment/summary';
import { runToy, TOY_PAPER_SWEEPS, TOY_SWEEPS } from '../src/core/experiment/toyExperiment';
import { PAPER_TOY } from '../src/core/experiment/toySettings';
import { figure3Svg, type Figure3Input } from '../src/core/report/figure3';
import { runTable, summaryTable } from '../src/core/report/markdown';
import { controlNote, suiteLegend, suiteRunTables, suiteSummaryTables, warningsMarkdown } from '../src/cli/report/suiteMarkdown';
import { setLogSoftmaxGradient } from '../src/core/pag/logSoftmax';
import { buildTrace, TraceRecorder, type TraceModel } from '../src/core/experiment/toyTrace';
import { FusedMlpTrainer } from '../src/core/fast/fusedTrainer';
import type { MethodId } from '../src/core/experiment/methods';
import type { PreparedTrainer } from '../src/core/experiment/prepare';
import { progressLine, svgToPng, useNodeBackend, writeAll, writeFileAtomic } from './cliCommon';

const FIGURE_EPS = 15;

/** The two first models' boundaries of one seed, ready to draw. */
async function figureInput(models: TrainedModel[], data: SplitDataset, seed: number, eps: number): Promise<Figure3Input> {
  const grid = { ...toyBounds(PAPER_TOY.dataset), size: 160 };
  const panels = [];
  for (const m of models.slice(0, 2)) {
    const probs = await boundaryGrid(m.trainer.logitsOf, grid);
    // The suite's worst case where there is one: the honest figure.
    const atEps = m.result.robust.filter((r) => r.norm === 'l2' && r.eps === eps);
    const l2 = atEps.find((r) => r.attack === 'worst') ?? atEps[0] ?? m.result.robust[0];
    const attack = l2 ? `, PGD ${l2.norm.toUpperCase()} eps ${l2.eps}: ${(100 * l2.accuracy).toFixed(1)} %` : '';
    panels.push({ title: METHOD_LABELS[m.method], subtitle: `clean ${(100 * m.result.cleanAccuracy).toFixed(1)} %${attack}`, probs });
  }
  const title = `Figure 3 (toy manifold, seed ${seed}): decision boundaries and test points`;
  return { grid, panels, points: { x: data.test.x, y: data.test.y }, title };
}

/** With several seeds, draw the seed whose last model has the median robust accuracy at eps. */
function representative(runs: RunResult[], eps: number): number {
  const score = (r: RunResult) => {
    const atEps = r.models[r.models.length - 1].robust.filter((a) => a.norm === 'l2' && a.eps === eps);
    return (atEps.find((a) => a.attack === 'worst') ?? atEps[0])?.accuracy ?? 0;
  };
  const order = runs.map((r, i) => [score(r), i]).sort((a, b) => a[0] - b[0]);
  return order[Math.floor((order.length - 1) / 2)][1];
}

export async function reproduceToy(args: ToyArgs): Promise<void> {
  await useNodeBackend();
  setLogSoftmaxGradient(args.gradient);
  const preset = args.attackPreset === 'paper' ? TOY_PAPER_SWEEPS : TOY_SWEEPS;
  let sweeps = args.eps ? preset.map((s) => (s.norm === 'l2' ? { ...s, epsList: args.eps! } : s)) : preset;
  // A trace carries the L2 eps-15 figure the replay is compared with.
  if (args.trace) sweeps = sweeps.map((s) => (s.norm === 'l2' && !s.epsList.includes(15) ? { ...s, epsList: [...s.epsList, 15] } : s));
  const runs: RunResult[] = [];
  const figures: Figure3Input[] = [];
  for (const [i, seed] of args.seeds.entries()) {
    const settings = { ...PAPER_TOY, seed, epochs: args.epochs, cosine: args.cosine };
    const prefix = `seed ${seed} (${i + 1}/${args.seeds.length})`;
    const recorders = new Map<MethodId, TraceRecorder>();
    const observe = args.trace ? (m: MethodId, p: PreparedTrainer) => void recorders.set(m, new TraceRecorder(m, p, p.trainer.data)) : undefined;
    const { run, models, data } = await runToy(settings, args.methods, sweeps, (m, d, t, ph) => progressLine(prefix, m, d, t, ph), args.engine, args.attacks, observe);
    if (args.trace) {
      const traced: TraceModel[] = models.map((m) => recorders.get(m.method)!.finish(m.trainer as FusedMlpTrainer, m.result));
      writeFileAtomic(args.trace, JSON.stringify(buildTrace(settings, data, traced)) + '\n');
      process.stderr.write(`trace written to ${args.trace}\n`);
    }
    if (process.stderr.isTTY) process.stderr.write('\n');
    figures.push(await figureInput(models, data, seed, FIGURE_EPS));
    models.forEach((m) => m.dispose());
    runs.push(run);
    process.stderr.write(`seed ${seed} done\n`);
  }
  const settings = { ...runs[0].settings, seed: undefined, sweeps, gradient: args.gradient, cosine: args.cosine, attackPreset: args.attackPreset };
  const warnings = runs.flatMap((r) => (r.warnings ?? []).map((w) => ({ ...w, seed: r.seed })));
  const result: RunResult | MultiSeedResult =
    args.seeds.length === 1
      ? { ...runs[0], settings: { ...runs[0].settings, sweeps, gradient: args.gradient, attackPreset: args.attackPreset } }
      : { experiment: 'toy', seeds: args.seeds, settings, runs, summary: summarise(runs), warnings };
  const svg = figure3Svg(figures[representative(runs, FIGURE_EPS)]);
  const png = await svgToPng(svg);
  const files: Record<string, string | Uint8Array> = { 'results.json': JSON.stringify(result, null, 2) + '\n', 'figure3.svg': svg };
  if (png) files['figure3.png'] = png;
  writeAll(args.out, files);
  const suite = args.attacks === 'suite';
  const tables =
    args.seeds.length === 1
      ? suite
        ? suiteRunTables(runs[0])
        : runTable(runs[0])
      : suite
        ? suiteSummaryTables((result as MultiSeedResult).summary)
        : summaryTable((result as MultiSeedResult).summary);
  const notes = [suite ? suiteLegend(runs[0].settings) : '', controlNote(args.methods), warningsMarkdown(args.seeds.length === 1 ? (runs[0].warnings ?? []) : warnings)];
  for (const w of warnings) process.stderr.write(`Warning: seed ${w.seed}: ${w.message}\n`);
  const md = [tables, ...notes.filter(Boolean)].join('\n\n');
  const heading = args.seeds.length === 1 ? `Toy experiment, seed ${args.seeds[0]}` : `Toy experiment, seeds ${args.seeds.join(',')}: median [min, max]`;
  process.stdout.write(`\n## ${heading}\n\n${md}\n\nWrote ${Object.keys(files).join(', ')} to ${args.out}\n`);
}
