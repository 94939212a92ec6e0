/**
 * A streaming reader of (ustar / GNU) tar archives: yields each regular file as it completes,
 * holding at most one member in memory, so a 160 MB CIFAR archive never sits whole in memory.
 */
export interface TarEntry {
  name: string;
  data: Uint8Array;
}

export class TarFormatError extends Error {}

function readString(block: Uint8Array, start: number, len: number): string {
  let end = start;
  while (end < start + len && block[end] !== 0) end++;
  return new TextDecoder().decode(block.subarray(start, end));
}

function readOctal(block: Uint8Array, start: number, len: number): number {
  const s = readString(block, start, len).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw new TarFormatError('not a tar archive (bad size field)');
  return parseInt(s, 8);
}

function checksumOk(header: Uint8Array): boolean {
  const stored = readOctal(header, 148, 8);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
  return sum === stored;
}

/** Accumulates chunks and hands out exact byte counts. */
class ByteQueue {
  private chunks: Uint8Array[] = [];
  private size = 0;
  push(c: Uint8Array): void {
    if (c.length) {
      this.chunks.push(c);
      this.size += c.length;
    }
  }
  get length(): number {
    return this.size;
  }
  take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let o = 0;
    while (o < n) {
      const c = this.chunks[0];
      const k = Math.min(c.length, n - o);
      out.set(c.subarray(0, k), o);
      o += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    this.size -= n;
    return out;
  }
}

/**
 * The largest member read (bytes). A CIFAR-10 batch is 30.7 MB; a header may claim any size, and
 * a member is held whole, so a small (or gzip-bombed) archive announcing gigabytes is refused at
 * its header instead of filling the tab's memory.
 */
export const MAX_TAR_ENTRY = 64 * 1024 * 1024;

export async function* untar(chunks: AsyncIterable<Uint8Array>, maxEntry = MAX_TAR_ENTRY): AsyncGenerator<TarEntry> {
  const q = new ByteQueue();
  const it = chunks[Symbol.asyncIterator]();
  let done = false;
  const need = async (n: number): Promise<boolean> => {
    while (q.length < n && !done) {
      const r = await it.next();
      if (r.done) done = true;
      else q.push(r.value);
    }
    return q.length >= n;
  };
  let longName: string | null = null;
  let sawHeader = false;
  for (;;) {
    if (!(await need(512))) {
      if (!sawHeader) throw new TarFormatError('not a tar archive (too short)');
      return; // some writers omit the two zero blocks at the end
    }
    const header = q.take(512);
    if (header.every((b) => b === 0)) return;
    if (!checksumOk(header)) throw new TarFormatError(sawHeader ? 'tar archive is corrupt (bad header checksum)' : 'not a tar archive');
    sawHeader = true;
    const size = readOctal(header, 124, 12);
    const type = String.fromCharCode(header[156] || 48);
    const prefix = readString(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${readString(header, 0, 100)}` : readString(header, 0, 100));
    if (size > maxEntry) throw new TarFormatError(`"${name}" in the archive is ${size} bytes, more than the ${maxEntry} a CIFAR-10 batch needs`);
    const padded = Math.ceil(size / 512) * 512;
    if (!(await need(padded))) throw new TarFormatError(`tar archive is truncated inside "${name}"`);
    const body = q.take(padded).subarray(0, size);
    if (type === 'L') {
      longName = readString(body, 0, body.length);
      continue;
    }
    longName = null;
    if (type === '0' || type === '\0') yield { name, data: body };
  }
}
