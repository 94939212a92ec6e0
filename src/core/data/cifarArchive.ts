import { CifarFormatError, concatCifar, parseCifarBinary, type CifarRaw } from './cifar';
import { TarFormatError, untar } from './tar';

/**
 * Reading CIFAR-10 from what users have: the official cifar-10-binary.tar.gz (decompressed
 * and untarred as a stream, with progress), or loose .bin files. Works in browsers, workers
 * and Node >= 18 (DecompressionStream).
 */
export interface CifarSplits {
  train: CifarRaw | null;
  test: CifarRaw | null;
  classNames: string[] | null;
}

export type ByteProgress = (bytesRead: number) => void;

async function* chunksOf(stream: ReadableStream<Uint8Array>, onProgress?: ByteProgress): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let read = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      read += value.length;
      onProgress?.(read);
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

function isTrainMember(name: string): boolean {
  return /(^|\/)(data_batch_\d+|train)\.bin$/.test(name);
}
function isTestMember(name: string): boolean {
  return /(^|\/)(test_batch|test)\.bin$/.test(name);
}

/** The 10 names of batches.meta.txt; anything else is refused (not silently replaced by defaults). */
function classNamesFrom(text: string, file: string): string[] {
  const names = text.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
  if (names.length !== 10) throw new CifarFormatError(`${file}: expected the 10 CIFAR-10 class names, one a line, found ${names.length}`);
  return names;
}

/**
 * The official archive as a byte stream (compressed). `onProgress` gets compressed bytes read,
 * so a caller that knows the file size can show a percentage.
 */
export async function readCifarArchive(gz: ReadableStream<Uint8Array>, onProgress?: ByteProgress): Promise<CifarSplits> {
  const counted = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        for await (const c of chunksOf(gz, onProgress)) controller.enqueue(c);
        controller.close();
      } catch (e) {
        controller.error(e);
      }
    },
  });
  const plain = counted.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
  const train: CifarRaw[] = [];
  const test: CifarRaw[] = [];
  let classNames: string[] | null = null;
  try {
    for await (const entry of untar(chunksOf(plain))) {
      if (isTrainMember(entry.name)) train.push(parseCifarBinary(entry.data, entry.name));
      else if (isTestMember(entry.name)) test.push(parseCifarBinary(entry.data, entry.name));
      else if (/batches\.meta\.txt$/.test(entry.name)) classNames = classNamesFrom(new TextDecoder().decode(entry.data), entry.name);
    }
  } catch (e) {
    if (e instanceof CifarFormatError || e instanceof TarFormatError) throw e;
    throw new CifarFormatError(`not a readable .tar.gz archive (${(e as Error).message})`);
  }
  if (train.length === 0 && test.length === 0) {
    throw new CifarFormatError('the archive holds no CIFAR-10 binary batches (data_batch_*.bin, test_batch.bin)');
  }
  return { train: train.length ? concatCifar(train) : null, test: test.length ? concatCifar(test) : null, classNames };
}

/** Loose files: *.bin batches (train or test by name) and optionally batches.meta.txt. */
export function readCifarFiles(files: { name: string; bytes: Uint8Array }[]): CifarSplits {
  const train: CifarRaw[] = [];
  const test: CifarRaw[] = [];
  let classNames: string[] | null = null;
  for (const f of files) {
    if (/batches\.meta\.txt$/.test(f.name)) classNames = classNamesFrom(new TextDecoder().decode(f.bytes), f.name);
    else if (isTestMember(f.name)) test.push(parseCifarBinary(f.bytes, f.name));
    else if (/\.bin$/.test(f.name)) train.push(parseCifarBinary(f.bytes, f.name));
    else throw new CifarFormatError(`${f.name}: expected CIFAR-10 .bin batches, batches.meta.txt or cifar-10-binary.tar.gz`);
  }
  return { train: train.length ? concatCifar(train) : null, test: test.length ? concatCifar(test) : null, classNames };
}
