/**
 * npm run pretrained -- --data DIR [--seed N] [--methods vanilla,oi,cm,nn] [--out public/pretrained] [--quick]
 *
 * Trains the CIFAR Lab's shipped models with the CLI's default recipe (one seed), evaluates them
 * on the whole test subset (Table 1's attacks) and writes public/pretrained/ in the format of
 * src/core/io/pretrained.ts: manifest.json, <method>/model.json + weights.bin, and sample.bin (at
 * most 500 test images of the recipe's classes: the only CIFAR images the repository holds).
 * --quick makes a throwaway set for development (few images, 1 epoch): never commit it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePretrainedArgs, UsageError } from '../src/cli/args';
import { balancedIndices, encodeCifarBinary } from '../src/core/data/cifar';
import { runCifar, table1Attacks } from '../src/core/experiment/cifarExperiment';
import { CIFAR_DEFAULTS, cifarModelSpec, type CifarSettings } from '../src/core/experiment/cifarSettings';
import { lambdaOf, METHOD_LABELS } from '../src/core/experiment/methods';
import { PRETRAINED_FORMAT, PRETRAINED_MAX_SAMPLE, parsePretrainedManifest, type PretrainedManifest } from '../src/core/io/pretrained';
import { exportWeights } from '../src/core/io/weights';
import { readParamValues } from '../src/core/models';
import { cifarData } from './reproduceCifar';
import { readCifarDir } from './cifarFiles';
import { progressLine, useNodeBackend } from './cliCommon';

/** Writes every file into a fresh folder beside `out`, then swaps it in: never a half-written set. */
function writeFolder(out: string, files: Record<string, string | Uint8Array>): void {
  const parent = path.dirname(path.resolve(out));
  fs.mkdirSync(parent, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(parent, '.pretrained-'));
  fs.chmodSync(tmp, 0o755); // mkdtemp's 0700 would follow the folder into place
  try {
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(tmp, name)), { recursive: true });
      fs.writeFileSync(path.join(tmp, name), content);
    }
    fs.rmSync(out, { recursive: true, force: true });
    fs.renameSync(tmp, out);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<void> {
  const args = parsePretrainedArgs(argv);
  const settings: CifarSettings = {
    ...CIFAR_DEFAULTS,
    seed: args.seed,
    ...(args.quick && { trainPerClass: 40, testPerClass: 20, epochs: 1, warmupEpochs: 0 }),
  };
  const data = await cifarData(args.data, settings);
  await useNodeBackend();
  // Table 1's two columns on the full test subset (the shipped sample is attacked again in the page).
  const attacks = table1Attacks(8 / 255, [0.5]);
  const { run, models } = await runCifar(settings, data, args.methods, attacks, (m, d, t, ph) => progressLine('pretrained', m, d, t, ph));
  if (process.stderr.isTTY) process.stderr.write('\n');
  const files: Record<string, string | Uint8Array> = {};
  const spec = cifarModelSpec(settings);
  try {
    for (const m of models) {
      const w = await exportWeights(spec, await readParamValues(m.trainer.vars), { method: m.method, seed: settings.seed });
      files[`${m.method}/model.json`] = w.modelJson;
      files[`${m.method}/weights.bin`] = w.weightsBin;
    }
  } finally {
    models.forEach((m) => m.dispose());
  }
  // The sample: the first test images of each class in the test subset's own draw (seed + 1).
  const splits = await readCifarDir(args.data);
  const perClass = Math.min(Math.floor(PRETRAINED_MAX_SAMPLE / settings.classes.length), settings.testPerClass);
  const drawn = balancedIndices(splits.test!, settings.classes, settings.testPerClass, settings.seed + 1);
  const sample = settings.classes.flatMap((c) => drawn.filter((i) => splits.test!.labels[i] === c).slice(0, perClass));
  files['sample.bin'] = encodeCifarBinary(splits.test!, sample);
  const manifest: PretrainedManifest = {
    format: PRETRAINED_FORMAT,
    createdAt: new Date().toISOString(),
    command: `npm run pretrained -- ${argv.join(' ')}`.trim(),
    seed: settings.seed,
    // What trained them: the settings name the engine (fused by default).
    recipe: { ...settings },
    classNames: data.train.classNames,
    models: run.models.map((r) => ({
      method: r.method,
      label: METHOD_LABELS[r.method],
      lambda: r.method === 'vanilla' ? 0 : lambdaOf(r.method, settings),
      path: `${r.method}/model.json`,
      trainSeconds: r.trainSeconds,
      fullTest: { n: data.test.n, clean: r.cleanAccuracy, robust: r.robust.map(({ norm, eps, steps, alpha, accuracy }) => ({ norm, eps, steps, alpha, accuracy })) },
    })),
    sample: { path: 'sample.bin', count: sample.length, perClass, labels: 'original CIFAR class ids', source: 'CIFAR-10 test batch (official binary format records)' },
  };
  const text = JSON.stringify(manifest, null, 2) + '\n';
  parsePretrainedManifest(text); // what the page will read: refuse to write a set it would refuse
  files['manifest.json'] = text;
  writeFolder(args.out, files);
  const size = Object.values(files).reduce((s, f) => s + (typeof f === 'string' ? Buffer.byteLength(f) : f.length), 0);
  process.stdout.write(`Wrote ${Object.keys(files).length} files (${(size / 1e6).toFixed(2)} MB) to ${args.out}${args.quick ? ' (quick: a throwaway set, do not commit)' : ''}\n`);
}

main(process.argv.slice(2)).catch((e) => {
  const msg = e instanceof UsageError ? e.message : `failed: ${(e as Error).message}`;
  process.stderr.write(`pretrained: ${msg.split('\n')[0]}\n`);
  process.exit(e instanceof UsageError ? 2 : 1);
});
