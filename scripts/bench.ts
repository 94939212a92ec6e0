/**
 * `npm run bench [-- --quick] [-- --only node|browser]`: prints figures and writes
 * bench-results/bench.json. Never a pass/fail timing test: the machines are noisy, so figures
 * are medians and ratios against a baseline measured in the same run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { nodeBenchmarks } from './bench/node';
import { printRows, type BenchRow } from './bench/stats';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string' } } });
  const quick = Boolean(values.quick);
  const rows: BenchRow[] = [];
  if (values.only !== 'browser') rows.push(...(await nodeBenchmarks({ quick })));
  if (values.only !== 'node') {
    const { browserBenchmarks } = await import('./bench/browser');
    rows.push(...(await browserBenchmarks({ quick })));
  }
  const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGB: Math.round(os.totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString() };
  fs.mkdirSync('bench-results', { recursive: true });
  fs.writeFileSync('bench-results/bench.json', JSON.stringify({ machine, rows }, null, 2) + '\n');
  process.stdout.write(`\n${printRows(rows)}\n\nmachine: ${JSON.stringify(machine)}\nwrote bench-results/bench.json\n`);
}

main().catch((e) => {
  process.stderr.write(`bench: ${(e as Error).message.split('\n')[0]}\n`);
  process.exit(1);
});
