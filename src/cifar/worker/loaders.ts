import { CifarFormatError } from '../../core/data/cifar';
import { inferenceConvImpl } from '../../core/models/conv';
import { disposeQuietly } from '../../common/worker/backendSwitch';
import type { FetchBytes, LoadedCifar, LoadProgress } from './dataSource';
import { fetchPretrained, PretrainedSet, type PretrainedFiles } from './pretrained';
import type { CifarEvent, DataSourceKind } from '../contract/protocol';

/** Progress events at most this often (ms). */
const PROGRESS_MS = 100;

/** What the loaders need from the controller (a slice of its host, and its error report). */
export interface LoaderPort {
  post(event: CifarEvent): void;
  now(): number;
  fetch: FetchBytes;
  error(where: 'data' | 'pretrained', message: string): void;
}

/**
 * CIFAR-10 data for live runs, read beside the engine queue (no tensors). `seq` drops the result
 * of a load a newer one replaced; the loaded data is replaced only by a complete, valid new load.
 */
export class DataLoader {
  loaded: LoadedCifar | null = null;
  private seq = 0;

  constructor(private readonly port: LoaderPort) {}

  private progressOf(load: number, source: DataSourceKind): LoadProgress {
    let last = -Infinity;
    return (name, done, total) => {
      if (load !== this.seq) return;
      const t = this.port.now();
      if (t - last < PROGRESS_MS && done < total) return;
      last = t;
      this.port.post({ type: 'dataProgress', load, source, name, done, total });
    };
  }

  async load(source: DataSourceKind, name: string, read: (progress: LoadProgress) => Promise<LoadedCifar | null>): Promise<void> {
    const load = ++this.seq;
    this.port.post({ type: 'dataProgress', load, source, name, done: 0, total: 0 });
    try {
      const data = await read(this.progressOf(load, source));
      if (load !== this.seq) return;
      if (!data) {
        this.port.post({ type: 'dataMissing', load, url: name });
        return;
      }
      this.loaded = data;
      const count = (labels: Uint8Array) => Array.from({ length: 10 }, (_, c) => labels.reduce((n, l) => n + (l === c ? 1 : 0), 0));
      this.port.post({
        type: 'dataLoaded',
        load,
        source,
        name: data.name,
        classNames: data.classNames,
        trainPerClass: count(data.train.labels),
        testPerClass: count(data.test.labels),
      });
    } catch (e) {
      if (load !== this.seq) return;
      const msg = e instanceof Error ? e.message : String(e);
      const text = e instanceof CifarFormatError ? msg : `Could not read ${name}: ${msg}`;
      // Older data, if any, stays loaded: say so.
      this.port.error('data', this.loaded ? `${text}. The data loaded before (${this.loaded.name}) is still in use.` : text);
    }
  }
}

/**
 * The shipped pretrained models: files fetched and checked beside the queue (no tensors), then
 * built on the queue (`enqueue`), after the backend. A damaged file is an error of its own and
 * changes nothing else. The checked files are kept, to build the same models on another backend.
 */
export class PretrainedLoader {
  set: PretrainedSet | null = null;
  private files: PretrainedFiles | null = null;
  private seq = 0;

  constructor(
    private readonly port: LoaderPort,
    private readonly enqueue: (op: () => Promise<void>) => void,
    /** The running backend, or null before there is one. */
    private readonly backend: () => string | null,
  ) {}

  async load(url: string): Promise<void> {
    const seq = ++this.seq;
    let last = -Infinity;
    const progress: LoadProgress = (name, done, total) => {
      if (seq !== this.seq || this.port.now() - last < PROGRESS_MS) return;
      last = this.port.now();
      this.port.post({ type: 'pretrainedProgress', name, done, total });
    };
    try {
      const files = await fetchPretrained(url, this.port.fetch, progress);
      if (seq !== this.seq) return;
      if (!files) return this.port.post({ type: 'pretrainedMissing', url });
      this.enqueue(async () => {
        if (seq === this.seq) this.build(files, seq);
      });
    } catch (e) {
      if (seq === this.seq) this.port.error('pretrained', `The pretrained models at ${url} could not be used: ${e instanceof Error ? e.message : String(e)}.`);
    }
  }

  /** The models again on the backend now running (theirs died with the old one); same id. */
  rebuild(): void {
    if (!this.set || !this.files) return;
    disposeQuietly(this.set);
    this.set = null;
    this.build(this.files, this.seq);
  }

  dispose(): void {
    this.seq++;
    disposeQuietly(this.set);
    this.set = null;
  }

  /** The files as models on the running backend; the old ones go. */
  private build(files: PretrainedFiles, id: number): void {
    const backend = this.backend();
    if (!backend) throw new Error('No TensorFlow.js backend is running, so the pretrained models cannot be built.');
    const next = new PretrainedSet(id, files, inferenceConvImpl(backend));
    disposeQuietly(this.set);
    this.set = next;
    this.files = files;
    const test = files.sample;
    this.port.post({
      type: 'pretrainedLoaded',
      id,
      manifest: files.manifest,
      // Shipped weights are evaluated by TF.js on the backend (no training, so no fused step).
      models: next.models.map((m) => ({ method: m.method, label: m.label, engine: 'tfjs' as const })),
      sample: { images: Uint8Array.from(test.x, (v) => Math.round(v * 255)), labels: test.y.slice() },
    });
  }
}
