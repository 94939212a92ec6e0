/**
 * npm run pretrained:sample [-- --dir public/pretrained]
 *
 * Table 1 of the shipped pretrained models on the shipped sample, computed by the CIFAR Lab's own
 * worker code (the controller's pretrained path, in Node on TF.js wasm): what a fresh build shows
 * with no data served, beside the manifest's full-test figures. Prints a Markdown table and
 * whether the L2 0.5 ordering of the models is the full test's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CifarController } from '../src/cifar/worker/controller';
import type { CifarEvent } from '../src/cifar/contract/protocol';
import { parsePretrainedManifest } from '../src/core/io/pretrained';
import { withConvImplAsync } from '../src/core/models/conv';
import { useNodeBackend } from './cliCommon';

const BASE = 'http://lab.local/pretrained/';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dir: { type: 'string', default: 'public/pretrained' } } });
  const dir = path.resolve(values.dir!);
  const manifest = parsePretrainedManifest(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  await useNodeBackend();
  const events: CifarEvent[] = [];
  const c = new CifarController({
    post: (e) => events.push(e),
    selectBackend: async () => ({ backend: 'wasm', fallbacks: [] }),
    fetch: async (url) => {
      const file = url.startsWith(BASE) ? path.join(dir, url.slice(BASE.length)) : '';
      if (!file.startsWith(dir) || !fs.existsSync(file)) return new Response('missing', { status: 404 });
      return new Response(new Uint8Array(fs.readFileSync(file)), { headers: { 'content-type': 'application/octet-stream' } });
    },
    now: () => performance.now(),
    yieldControl: () => new Promise((r) => setImmediate(r)),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  });
  const of = <T extends CifarEvent['type']>(type: T) => events.filter((e): e is Extract<CifarEvent, { type: T }> => e.type === type);
  const until = async (pred: () => boolean) => {
    while (!pred()) await new Promise((r) => setTimeout(r, 20));
  };
  c.handle({ type: 'init', backend: 'wasm' });
  await c.idle();
  c.handle({ type: 'loadPretrained', url: BASE });
  await until(() => of('pretrainedLoaded').length + of('pretrainedMissing').length + of('error').length > 0);
  if (!of('pretrainedLoaded').length) throw new Error(`not loaded: ${JSON.stringify(events.at(-1))}`);
  // The table's attacks use input-gradients only: tf.conv2d has them on wasm (as the CLI's evaluation).
  await withConvImplAsync('native', async () => {
    c.handle({ type: 'evaluate', id: 1, request: { linfEps: 8 / 255, l2Eps: 0.5, steps: 20 }, on: 'pretrained', methods: manifest.models.map((m) => m.method) });
    await until(() => of('tableEnd').length > 0 || of('error').length > 0);
    await c.idle();
  });
  const rows = of('tableRow');
  const pct = (v: number | undefined) => (v === undefined ? '–' : `${(100 * v).toFixed(1)} %`);
  let md = `| model | clean, sample | L∞ 8/255, sample | L2 0.5, sample | clean, full test | L2 0.5, full test |\n|---|---|---|---|---|---|\n`;
  for (const m of manifest.models) {
    const r = rows.find((x) => x.row.method === m.method)?.row;
    const full = m.fullTest.robust.find((x) => x.norm === 'l2' && Math.abs(x.eps - 0.5) < 1e-9)?.accuracy;
    md += `| ${m.label} | ${pct(r?.cleanAccuracy)} | ${pct(r?.robust.find((x) => x.norm === 'linf')?.accuracy)} | ${pct(r?.robust.find((x) => x.norm === 'l2')?.accuracy)} | ${pct(m.fullTest.clean)} | ${pct(full)} |\n`;
  }
  const order = (get: (method: string) => number) => [...manifest.models].sort((a, b) => get(b.method) - get(a.method)).map((m) => m.method);
  const sampleOrder = order((m) => rows.find((x) => x.row.method === m)?.row.robust.find((x) => x.norm === 'l2')?.accuracy ?? NaN);
  const fullOrder = order((m) => manifest.models.find((x) => x.method === m)!.fullTest.robust.find((x) => x.norm === 'l2')?.accuracy ?? NaN);
  process.stdout.write(`${md}\nn = ${rows[0]?.n} sample images. L2 0.5 ordering, sample: ${sampleOrder.join(' > ')}; full test: ${fullOrder.join(' > ')}\n`);
  c.dispose();
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
