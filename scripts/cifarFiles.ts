import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { readCifarArchive, readCifarFiles, type CifarSplits } from '../src/core/data/cifarArchive';

/** CIFAR-10 from a folder: an official .tar.gz, or .bin batches (+ batches.meta.txt). */
export async function readCifarDir(dir: string): Promise<CifarSplits> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder`);
  const names = fs.readdirSync(dir).sort();
  const archive = names.find((n) => n.endsWith('.tar.gz'));
  if (archive) {
    const stream = Readable.toWeb(fs.createReadStream(path.join(dir, archive))) as ReadableStream<Uint8Array>;
    return readCifarArchive(stream);
  }
  const files = names
    .filter((n) => n.endsWith('.bin') || n === 'batches.meta.txt')
    .map((n) => ({ name: n, bytes: new Uint8Array(fs.readFileSync(path.join(dir, n))) }));
  if (!files.some((f) => f.name.endsWith('.bin'))) throw new Error(`no CIFAR-10 .bin files or archive in ${dir}`);
  return readCifarFiles(files);
}
