/**
 * Reproduction CLI for reviewers: `npm run reproduce -- toy [--seed N | --seeds 1-10]
 * [--epochs N] [--methods vanilla,nn,...] [--eps 1,2,4] [--out DIR]`.
 * Runs the same engine as the app, in Node, on the wasm backend (installs from the npm
 * registry alone: no native downloads).
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { UsageError, parseToyArgs, type ToyArgs } from '../src/cli/args';
import { selectBackend } from '../src/core/backend';
import { boundaryGrid } from '../src/core/eval/grid';
import { toyBounds } from '../src/core/data/toy';
import { METHOD_LABELS } from '../src/core/experiment/methods';
import type { MultiSeedResult, RunResult } from '../src/core/experiment/results';
import { summarise } from '../src/core/experiment/summary';
import { runToy, TOY_SWEEPS, type TrainedToyModel } from '../src/core/experiment/toyExperiment';
import { PAPER_TOY } from '../src/core/experiment/toySettings';
import { figure3Svg, type Figure3Input } from '../src/report/figure3';
import { runTable, summaryTable } from '../src/report/markdown';
import type { ToyData } from './toyData';

const USAGE = 'usage: npm run reproduce -- toy [--seed N | --seeds A-B] [--epochs N] [--methods vanilla,nn,oi,cm,rigd-l2,rigd-linf] [--eps 1,2,4,8,15,30] [--out DIR]';

let lastReported = '';

function progressLine(seed: number, seedIdx: number, seedCount: number, method: string, done: number, total: number, phase: string): void {
  const pct = Math.floor((100 * done) / total);
  const line = `seed ${seed} (${seedIdx + 1}/${seedCount}) ${method}: ${phase} ${pct}% (${done}/${total} steps)`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line.padEnd(100)}`);
  else {
    // Without a terminal, one line per quarter of each phase.
    const key = `${seed} ${method} ${phase} ${Math.floor(pct / 25)}`;
    if (key !== lastReported) process.stderr.write(`${line}\n`);
    lastReported = key;
  }
}

const FIGURE_EPS = 15;

/** The two first models' boundaries of one seed, ready to draw. */
async function figureInput(models: TrainedToyModel[], data: ToyData, seed: number, eps: number): Promise<Figure3Input> {
  const b = toyBounds(PAPER_TOY.dataset);
  const grid = { ...b, size: 160 };
  const panels = [];
  for (const m of models.slice(0, 2)) {
    const probs = await boundaryGrid(m.trainer.logitsOf, grid);
    const l2 = m.result.robust.find((r) => r.norm === 'l2' && r.eps === eps) ?? m.result.robust[0];
    const attack = l2 ? `, PGD ${l2.norm.toUpperCase()} eps ${l2.eps}: ${(100 * l2.accuracy).toFixed(1)} %` : '';
    panels.push({ title: METHOD_LABELS[m.method], subtitle: `clean ${(100 * m.result.cleanAccuracy).toFixed(1)} %${attack}`, probs });
  }
  const title = `Figure 3 (toy manifold, seed ${seed}): decision boundaries and test points`;
  return { grid, panels, points: { x: data.test.x, y: data.test.y }, title };
}

/** With several seeds, draw the seed whose last model has the median robust accuracy at eps. */
function representative(runs: RunResult[], eps: number): number {
  const score = (r: RunResult) => r.models[r.models.length - 1].robust.find((a) => a.norm === 'l2' && a.eps === eps)?.accuracy ?? 0;
  const order = runs.map((r, i) => [score(r), i]).sort((a, b) => a[0] - b[0]);
  return order[Math.floor((order.length - 1) / 2)][1];
}

/** Writes every file to a scratch folder first, then moves them in: nothing half-written in DIR. */
function writeAll(out: string, files: Record<string, string | Uint8Array>): void {
  const tmp = fs.mkdtempSync(path.join(path.dirname(path.resolve(out)), '.reproduce-'));
  try {
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(tmp, name), content);
    fs.mkdirSync(out, { recursive: true });
    for (const name of Object.keys(files)) fs.renameSync(path.join(tmp, name), path.join(out, name));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function svgToPng(svg: string): Promise<Uint8Array | null> {
  try {
    const { Resvg } = await import('@resvg/resvg-js');
    return new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 } }).render().asPng();
  } catch {
    return null; // optional: the SVG is the figure
  }
}

async function runToyCli(args: ToyArgs): Promise<void> {
  const require = createRequire(import.meta.url);
  const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  const choice = await selectBackend({ order: ['wasm', 'cpu'], wasmPath: wasmDir + path.sep });
  process.stderr.write(`backend: ${choice.backend}${choice.fallbacks.map((f) => ` (${f.reason})`).join('')}\n`);
  const sweeps = args.eps ? TOY_SWEEPS.map((s) => (s.norm === 'l2' ? { ...s, epsList: args.eps! } : s)) : TOY_SWEEPS;
  const runs: RunResult[] = [];
  const figures: Figure3Input[] = [];
  for (const [i, seed] of args.seeds.entries()) {
    const settings = { ...PAPER_TOY, seed, epochs: args.epochs };
    const { run, models, data } = await runToy(settings, args.methods, sweeps, (m, d, t, ph) =>
      progressLine(seed, i, args.seeds.length, m, d, t, ph),
    );
    if (process.stderr.isTTY) process.stderr.write('\n');
    figures.push(await figureInput(models, data, seed, FIGURE_EPS));
    models.forEach((m) => m.dispose());
    runs.push(run);
    process.stderr.write(`seed ${seed} done\n`);
  }
  const settings = { ...PAPER_TOY, epochs: args.epochs, seed: undefined, sweeps };
  const result: RunResult | MultiSeedResult =
    args.seeds.length === 1
      ? { ...runs[0], settings: { ...runs[0].settings, sweeps } }
      : { experiment: 'toy', seeds: args.seeds, settings, runs, summary: summarise(runs) };
  const svg = figure3Svg(figures[representative(runs, FIGURE_EPS)]);
  const png = await svgToPng(svg);
  const files: Record<string, string | Uint8Array> = {
    'results.json': JSON.stringify(result, null, 2) + '\n',
    'figure3.svg': svg,
  };
  if (png) files['figure3.png'] = png;
  writeAll(args.out, files);
  const md = args.seeds.length === 1 ? runTable(runs[0]) : summaryTable((result as MultiSeedResult).summary);
  const heading = args.seeds.length === 1 ? `Toy experiment, seed ${args.seeds[0]}` : `Toy experiment, seeds ${args.seeds.join(',')}: median [min, max]`;
  process.stdout.write(`\n## ${heading}\n\n${md}\n\nWrote ${Object.keys(files).join(', ')} to ${args.out}\n`);
}

async function main(argv: string[]): Promise<void> {
  const [experiment, ...rest] = argv;
  if (experiment === 'toy') return runToyCli(parseToyArgs(rest));
  if (experiment === undefined || experiment === '--help' || experiment === '-h') throw new UsageError(USAGE);
  throw new UsageError(`unknown experiment "${experiment}" (available: toy)`);
}

main(process.argv.slice(2)).catch((e) => {
  const msg = e instanceof UsageError ? e.message : `failed: ${(e as Error).message}`;
  process.stderr.write(`reproduce: ${msg.split('\n')[0]}\n`);
  process.exit(e instanceof UsageError ? 2 : 1);
});
