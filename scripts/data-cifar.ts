/**
 * `npm run data:cifar [-- --from DIR] [--train-per-class N] [--test-per-class N] [--out DIR]`
 *
 * Puts a class-balanced CIFAR-10 subset, in the official binary format, under
 * public/data/cifar10/ for the app (the repository itself never holds CIFAR data).
 * Without --from it downloads the official cifar-10-binary.tar.gz and checks its published MD5;
 * with --from it reads local .bin batches (data_batch_*.bin / test_batch.bin, or train.bin /
 * test.bin) or the archive itself.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { balancedIndices, CIFAR_CLASSES, countPerClass, encodeCifarBinary, type CifarRaw } from '../src/core/data/cifar';
import { readCifarArchive, type CifarSplits } from '../src/core/data/cifarArchive';
import { readCifarDir } from './cifarFiles';

const ARCHIVE_URL = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';
const ARCHIVE_MD5 = 'c32a1d4ab5d03f1284b67883e8d87530';

function fail(msg: string): never {
  process.stderr.write(`data:cifar: ${msg}\n`);
  process.exit(2);
}

function positiveInt(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v) || Number(v) < 1) fail(`--${name} must be a positive whole number, got "${v}"`);
  return Number(v);
}

async function fromArchiveBytes(bytes: Uint8Array): Promise<CifarSplits> {
  const md5 = createHash('md5').update(bytes).digest('hex');
  if (md5 !== ARCHIVE_MD5) fail(`archive MD5 is ${md5}, expected ${ARCHIVE_MD5}: corrupt or not the official file`);
  return readCifarArchive(Readable.toWeb(Readable.from([bytes])) as ReadableStream<Uint8Array>);
}

async function download(): Promise<CifarSplits> {
  process.stderr.write(`downloading ${ARCHIVE_URL} ...\n`);
  let res: Response;
  try {
    res = await fetch(ARCHIVE_URL);
  } catch (e) {
    fail(`download failed (${(e as Error).message}); download the archive yourself and use --from DIR`);
  }
  if (!res.ok || !res.body) fail(`download failed: HTTP ${res.status}`);
  const total = Number(res.headers.get('content-length') ?? 0);
  const parts: Uint8Array[] = [];
  let got = 0;
  for await (const c of res.body as unknown as AsyncIterable<Uint8Array>) {
    parts.push(c);
    got += c.length;
    if (total) process.stderr.write(`\r${((100 * got) / total).toFixed(0)}% of ${(total / 1e6).toFixed(0)} MB`);
  }
  process.stderr.write('\n');
  return fromArchiveBytes(Buffer.concat(parts));
}

async function fromDir(dir: string): Promise<CifarSplits> {
  const archive = fs.existsSync(dir) && fs.statSync(dir).isDirectory() ? fs.readdirSync(dir).find((n) => n.endsWith('.tar.gz')) : undefined;
  // The official archive is checked against its published MD5 wherever it comes from.
  if (archive) return fromArchiveBytes(fs.readFileSync(path.join(dir, archive)));
  try {
    return await readCifarDir(dir);
  } catch (e) {
    fail(`--from: ${(e as Error).message}`);
  }
}

function subset(raw: CifarRaw, perClass: number, seed: number): Uint8Array {
  const have = countPerClass(raw);
  const take = Math.min(perClass, ...have);
  if (take < perClass) process.stderr.write(`note: only ${take} images per class available (asked ${perClass})\n`);
  return encodeCifarBinary(raw, balancedIndices(raw, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], take, seed));
}

async function main(): Promise<void> {
  let v;
  try {
    v = parseArgs({
      options: {
        from: { type: 'string' },
        out: { type: 'string' },
        'train-per-class': { type: 'string' },
        'test-per-class': { type: 'string' },
      },
    }).values;
  } catch (e) {
    fail((e as Error).message.split('\n')[0]);
  }
  const trainPer = positiveInt('train-per-class', v['train-per-class'], 1000);
  const testPer = positiveInt('test-per-class', v['test-per-class'], 200);
  const out = v.out ?? path.join('public', 'data', 'cifar10');
  const splits = v.from ? await fromDir(v.from) : await download();
  if (!splits.train || !splits.test) fail('need both training and test batches');
  const files: Record<string, Uint8Array | string> = {
    'train.bin': subset(splits.train, trainPer, 1),
    'test.bin': subset(splits.test, testPer, 2),
    'batches.meta.txt': (splits.classNames ?? CIFAR_CLASSES).join('\n') + '\n',
  };
  fs.mkdirSync(out, { recursive: true });
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(out, name), content);
  process.stdout.write(`wrote ${Object.keys(files).join(', ')} to ${out} (${trainPer}/${testPer} images per class)\n`);
}

main().catch((e) => fail((e as Error).message.split('\n')[0]));
