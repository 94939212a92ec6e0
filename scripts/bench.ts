/**
 * `npm run bench [-- --quick] [-- --only node|browser|cnn]`: prints figures and writes
 * bench-results/bench.json (`rows`, and `cnnStep`: the CNN step per engine beside single-thread
 * PyTorch, scripts/bench/cnnStep.ts; `--only cnn` runs just those). Never a pass/fail timing
 * test: the machines are noisy, so figures are medians and ratios against a baseline measured in
 * the same run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { cnnStepBenchmarks, cnnStepBenchRows, type CnnStepRow } from './bench/cnnStep';
import { nodeBenchmarks } from './bench/node';
import { printRows, type BenchRow } from './bench/stats';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string' } } });
  const quick = Boolean(values.quick);
  const rows: BenchRow[] = [];
  const cnnStep: CnnStepRow[] = [];
  const only = values.only;
  if (only !== undefined && !['node', 'browser', 'cnn'].includes(only)) throw new Error(`--only takes node, browser or cnn, got "${only}"`);
  if (only === undefined || only === 'node') rows.push(...(await nodeBenchmarks({ quick })));
  if (only === undefined || only === 'node' || only === 'cnn') {
    const r = await cnnStepBenchmarks({ quick });
    cnnStep.push(...r.rows);
    for (const n of r.notes) process.stderr.write(`bench: ${n}\n`);
  }
  if (only === undefined || only === 'browser') {
    const { browserBenchmarks, browserCnnStepRows } = await import('./bench/browser');
    rows.push(...(await browserBenchmarks({ quick })));
    cnnStep.push(...browserCnnStepRows());
  }
  rows.push(...cnnStepBenchRows(cnnStep));
  // The load average says how busy the machine was: absolute times on a shared machine mean little without it.
  const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGB: Math.round(os.totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString(), loadAverage: os.loadavg().map((v) => Math.round(v * 100) / 100) };
  fs.mkdirSync('bench-results', { recursive: true });
  fs.writeFileSync('bench-results/bench.json', JSON.stringify({ machine, rows, cnnStep }, null, 2) + '\n');
  process.stdout.write(`\n${printRows(rows)}\n\nmachine: ${JSON.stringify(machine)}\nwrote bench-results/bench.json\n`);
}

main().catch((e) => {
  process.stderr.write(`bench: ${(e as Error).message.split('\n')[0]}\n`);
  process.exit(1);
});
