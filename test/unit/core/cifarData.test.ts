import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  CIFAR_PIXELS,
  CIFAR_RECORD,
  CifarFormatError,
  cifarSubset,
  countPerClass,
  encodeCifarBinary,
  parseCifarBinary,
} from '../../../src/core/data/cifar';
import { readCifarArchive, readCifarFiles } from '../../../src/core/data/cifarArchive';
import { syntheticCifarFiles } from '../../../src/core/data/syntheticCifar';
import { TarFormatError } from '../../../src/core/data/tar';

/** A generated set in the official format, written by other code than the loader's (src/core/data/syntheticCifar.ts). */
const GENERATED = syntheticCifarFiles({ trainPerClass: 30, testPerClass: 12, seed: 7 });

/** Records whose R, G, B planes hold distinct known values, to check the channel order. */
function synthetic(labels: number[]): Uint8Array {
  const out = new Uint8Array(labels.length * CIFAR_RECORD);
  labels.forEach((l, i) => {
    const o = i * CIFAR_RECORD;
    out[o] = l;
    for (let p = 0; p < CIFAR_PIXELS; p++) {
      out[o + 1 + p] = 10 + l; // red
      out[o + 1 + CIFAR_PIXELS + p] = 100 + (p % 32); // green: varies along x
      out[o + 1 + 2 * CIFAR_PIXELS + p] = 200 + Math.floor(p / 32) / 2; // blue: varies along y
    }
  });
  return out;
}

function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  // Small chunks, so the tar reader has to reassemble headers across chunk boundaries.
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += 7919) chunks.push(bytes.subarray(i, i + 7919));
  return Readable.toWeb(Readable.from(chunks)) as ReadableStream<Uint8Array>;
}

function makeArchive(files: Record<string, Uint8Array | string>): Uint8Array {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cifar-tar-'));
  const inner = path.join(dir, 'cifar-10-batches-bin');
  fs.mkdirSync(inner);
  for (const [n, c] of Object.entries(files)) fs.writeFileSync(path.join(inner, n), c);
  const out = path.join(dir, 'a.tar.gz');
  execFileSync('tar', ['czf', out, '-C', dir, 'cifar-10-batches-bin']);
  return new Uint8Array(fs.readFileSync(out));
}

describe('CIFAR-10 binary loader', () => {
  it('reads a generated set: sizes, balance and labels', () => {
    const train = parseCifarBinary(GENERATED['train.bin'], 'train.bin');
    const test = parseCifarBinary(GENERATED['test.bin'], 'test.bin');
    expect(train.n).toBe(300);
    expect(test.n).toBe(120);
    expect(countPerClass(train)).toEqual(new Array(10).fill(30));
    expect(countPerClass(test)).toEqual(new Array(10).fill(12));
  });

  it('turns channel planes into NHWC floats in [0, 1] and relabels the chosen classes', () => {
    const raw = parseCifarBinary(synthetic([3, 5, 3, 5, 1]));
    const d = cifarSubset(raw, { classes: [5, 3], perClass: 2, seed: 1 });
    expect(d.n).toBe(4);
    expect(d.sampleShape).toEqual([32, 32, 3]);
    expect(d.classNames).toEqual(['dog', 'cat']);
    for (let k = 0; k < d.n; k++) {
      const original = d.y[k] === 0 ? 5 : 3;
      const px = (row: number, col: number, ch: number) => d.x[k * 3072 + (row * 32 + col) * 3 + ch];
      expect(px(0, 0, 0)).toBeCloseTo((10 + original) / 255, 6);
      expect(px(4, 7, 1)).toBeCloseTo((100 + 7) / 255, 6);
      expect(px(6, 7, 2)).toBeCloseTo((200 + 3) / 255, 6);
    }
    expect(Array.from(d.y).sort()).toEqual([0, 0, 1, 1]);
  });

  it('a generated set: images keep their colour statistics per channel', () => {
    const raw = parseCifarBinary(GENERATED['test.bin']);
    const d = cifarSubset(raw, { classes: [0, 8], perClass: 12, seed: 3 }); // airplanes and ships: on sky and sea blue
    let r = 0;
    let b = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < d.x.length; i += 3) {
      r += d.x[i];
      b += d.x[i + 2];
    }
    for (const v of d.x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect(b).toBeGreaterThan(r); // sky and sea: blue above red, which a swapped order would invert
    expect(hi).toBeLessThanOrEqual(1);
    expect(lo).toBeGreaterThanOrEqual(0);
  });

  it('round-trips through the official format', () => {
    const bytes = synthetic([0, 9, 4]);
    expect(encodeCifarBinary(parseCifarBinary(bytes))).toEqual(bytes);
  });

  it.each([
    ['an empty file', new Uint8Array(0), /is empty/],
    ['a truncated file', synthetic([1, 2]).subarray(0, 5000), /not a whole number of 3073-byte records/],
    ['a label above 9', (() => { const s = synthetic([1]); s[0] = 42; return s; })(), /label 42/],
    ['a PNG', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), /not CIFAR-10 binary data/],
  ])('rejects %s with a clear message', (_what, bytes, msg) => {
    expect(() => parseCifarBinary(bytes, 'upload.bin')).toThrow(CifarFormatError);
    expect(() => parseCifarBinary(bytes, 'upload.bin')).toThrow(msg);
  });

  it('reads batches.meta.txt names and refuses a file without exactly 10 of them', () => {
    const meta = (names: string[]) => ({ name: 'batches.meta.txt', bytes: new TextEncoder().encode(names.join('\n') + '\n') });
    const ten = Array.from({ length: 10 }, (_, i) => `class${i}`);
    const ok = readCifarFiles([meta(ten), { name: 'data_batch_1.bin', bytes: synthetic([0, 1]) }]);
    expect(ok.classNames).toEqual(ten);
    expect(() => readCifarFiles([meta(ten.slice(0, 3)), { name: 'data_batch_1.bin', bytes: synthetic([0, 1]) }])).toThrow(
      /batches\.meta\.txt: expected the 10 CIFAR-10 class names, one a line, found 3/,
    );
  });

  it('refuses impossible subsets', () => {
    const raw = parseCifarBinary(synthetic([0, 1]));
    expect(() => cifarSubset(raw, { classes: [0], perClass: 1, seed: 1 })).toThrow(/2 to 10 classes/);
    expect(() => cifarSubset(raw, { classes: [0, 0], perClass: 1, seed: 1 })).toThrow(/distinct/);
    expect(() => cifarSubset(raw, { classes: [0, 1], perClass: 0, seed: 1 })).toThrow(/positive/);
  });
});

describe('the official .tar.gz, streamed', () => {
  it('decompresses, untars and splits train/test batches with progress', async () => {
    const gz = makeArchive({
      'data_batch_1.bin': synthetic([0, 1, 2]),
      'data_batch_2.bin': synthetic([3, 4]),
      'test_batch.bin': synthetic([5]),
      'batches.meta.txt': 'airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n',
      'readme.html': '<p>hi</p>',
    });
    const seen: number[] = [];
    const s = await readCifarArchive(streamOf(gz), (n) => seen.push(n));
    expect(s.train!.n).toBe(5);
    expect(Array.from(s.train!.labels).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(s.test!.n).toBe(1);
    expect(s.classNames![3]).toBe('cat');
    expect(seen[seen.length - 1]).toBe(gz.length);
  });

  it('rejects a file that is not gzip, a tar without batches, and a truncated archive', async () => {
    await expect(readCifarArchive(streamOf(synthetic([1])))).rejects.toThrow(CifarFormatError);
    await expect(readCifarArchive(streamOf(makeArchive({ 'notes.txt': 'x' })))).rejects.toThrow(/no CIFAR-10 binary batches/);
    const gz = makeArchive({ 'data_batch_1.bin': synthetic([1, 2, 3, 4, 5, 6]) });
    const cut = gz.subarray(0, Math.floor(gz.length * 0.6));
    await expect(readCifarArchive(streamOf(cut))).rejects.toThrow(/truncated|not a readable|corrupt/);
  });

  it('loose files: sorts train and test by name; refuses other files', () => {
    const s = readCifarFiles([
      { name: 'data_batch_3.bin', bytes: synthetic([1]) },
      { name: 'test_batch.bin', bytes: synthetic([2, 2]) },
    ]);
    expect(s.train!.n).toBe(1);
    expect(s.test!.n).toBe(2);
    expect(() => readCifarFiles([{ name: 'cat.jpg', bytes: new Uint8Array(3) }])).toThrow(/expected CIFAR-10/);
  });

  it('a tar header with a bad checksum is reported, not parsed', async () => {
    const block = new Uint8Array(1024);
    block.set(new TextEncoder().encode('garbage'), 0);
    const { untar } = await import('../../../src/core/data/tar');
    const gen = untar((async function* () { yield block; })());
    await expect(gen.next()).rejects.toThrow(TarFormatError);
  });

  it('a member claiming more bytes than any CIFAR batch is refused at its header, before reading it', async () => {
    // A valid ustar header for a 1 GB file, followed by nothing: the reader must not wait for (or hold) the gigabyte.
    const header = new Uint8Array(512);
    const put = (at: number, text: string) => header.set(new TextEncoder().encode(text), at);
    put(0, 'data_batch_1.bin');
    put(124, (2 ** 30).toString(8).padStart(11, '0'));
    put(156, '0');
    put(257, 'ustar');
    header.fill(32, 148, 156);
    const sum = header.reduce((a, b) => a + b, 0);
    put(148, `${sum.toString(8).padStart(6, '0')}\0 `);
    const { untar } = await import('../../../src/core/data/tar');
    let pulled = 0;
    const source = (async function* () {
      pulled++;
      yield header;
      pulled++;
      yield new Uint8Array(512);
    })();
    await expect(untar(source).next()).rejects.toThrow(/"data_batch_1.bin" in the archive is 1073741824 bytes/);
    expect(pulled).toBe(1);
  });
});
