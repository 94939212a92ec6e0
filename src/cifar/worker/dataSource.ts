import { CIFAR_CLASSES, CifarFormatError, parseCifarBinary, type CifarRaw } from '../../core/data/cifar';
import { readCifarArchive, readCifarFiles, type CifarSplits } from '../../core/data/cifarArchive';

/**
 * Reading CIFAR-10 in the worker from the two sources the lab offers: files the user gave, and
 * the subset `npm run data:cifar` serves under /data/cifar10/. Every failure is a
 * CifarFormatError whose message is meant for the user; nothing here touches loaded data, so a
 * bad file leaves the previous data in place.
 */
export interface LoadedCifar {
  train: CifarRaw;
  test: CifarRaw;
  classNames: string[];
  /** Where it came from, for people. */
  name: string;
}

/** Bytes read so far of the item `name` (`total` 0 when unknown). */
export type LoadProgress = (name: string, done: number, total: number) => void;

const ARCHIVE = /\.(tar\.gz|tgz|gz)$/i;

function complete(s: CifarSplits, name: string): LoadedCifar {
  if (!s.train) {
    throw new CifarFormatError(`${name}: no training batches (data_batch_1.bin … data_batch_5.bin, or train.bin); pick them together with test_batch.bin`);
  }
  if (!s.test) throw new CifarFormatError(`${name}: no test batch (test_batch.bin or test.bin); pick it together with the training batches`);
  return { train: s.train, test: s.test, classNames: s.classNames ?? CIFAR_CLASSES, name };
}

/** All of a stream, with progress. */
async function readAll(stream: ReadableStream<Uint8Array>, onBytes: (done: number) => void): Promise<Uint8Array> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let done = 0;
  for (;;) {
    const r = await reader.read();
    if (r.done) break;
    parts.push(r.value);
    done += r.value.length;
    onBytes(done);
  }
  const out = new Uint8Array(done);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export async function loadFiles(files: File[], progress: LoadProgress): Promise<LoadedCifar> {
  const archives = files.filter((f) => ARCHIVE.test(f.name));
  if (archives.length > 0) {
    if (files.length > 1) throw new CifarFormatError('pick the archive (cifar-10-binary.tar.gz) on its own, or only .bin batches');
    const f = archives[0];
    try {
      return complete(await readCifarArchive(f.stream(), (n) => progress(f.name, n, f.size)), f.name);
    } catch (e) {
      if (e instanceof CifarFormatError) throw new CifarFormatError(`${f.name}: ${e.message}`);
      throw e;
    }
  }
  const read: { name: string; bytes: Uint8Array }[] = [];
  for (const f of files) read.push({ name: f.name, bytes: await readAll(f.stream(), (n) => progress(f.name, n, f.size)) });
  const label = files.length === 1 ? files[0].name : `${files.length} files`;
  return complete(readCifarFiles(read), label);
}

export type FetchBytes = (url: string) => Promise<Response>;

/**
 * Whether a response is the file asked for. A dev or preview server answers a missing path with
 * the app's index.html (status 200, text/html), a static host with 404: both mean "absent".
 */
export function isFile(r: Response): boolean {
  return r.ok && !(r.headers.get('content-type') ?? '').includes('text/html');
}

/** A served file's bytes, or null when nothing is served at `url` (see isFile). */
export async function fetchBytes(fetchFn: FetchBytes, url: string, name: string, progress: LoadProgress): Promise<Uint8Array | null> {
  const r = await fetchFn(url);
  if (!isFile(r) || !r.body) {
    await r.body?.cancel();
    return null;
  }
  const total = Number(r.headers.get('content-length') ?? 0);
  return readAll(r.body, (n) => progress(name, n, total));
}

/** The served subset under `base` (ending in '/'), or null when nothing is served there. */
export async function loadServed(base: string, fetchFn: FetchBytes, progress: LoadProgress): Promise<LoadedCifar | null> {
  const train = await fetchBytes(fetchFn, `${base}train.bin`, 'train.bin', progress);
  if (!train) return null;
  const test = await fetchBytes(fetchFn, `${base}test.bin`, 'test.bin', progress);
  if (!test) throw new CifarFormatError(`${base}test.bin is missing next to train.bin: run npm run data:cifar again`);
  const meta = await fetchBytes(fetchFn, `${base}batches.meta.txt`, 'batches.meta.txt', progress);
  const names = meta ? new TextDecoder().decode(meta).split(/\r?\n/).map((s) => s.trim()).filter(Boolean) : [];
  return {
    train: parseCifarBinary(train, `${base}train.bin`),
    test: parseCifarBinary(test, `${base}test.bin`),
    classNames: names.length === 10 ? names : CIFAR_CLASSES,
    name: base,
  };
}
