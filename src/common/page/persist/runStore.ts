/**
 * Saved runs in IndexedDB, for either lab: a tiny promise wrapper and the record format. A record
 * keeps its readable part as JSON text (name, settings, results, history) and the trainers' exact
 * states (typed arrays, stored as they are) beside it. Reading checks both with the lab's zod
 * schemas; a damaged record is reported as such and never stops the others from loading.
 */
import { z } from 'zod';
import type { TrainerState } from '../../../core/train/trainerLike';

/** What every lab's readable part has; the lab adds its results. */
export interface RunMetaBase {
  version: 1;
  id: string;
  savedAt: number;
  /** Readable summary, e.g. "moons · NN · seed 0". */
  name: string;
}

export interface SavedRunOf<M extends RunMetaBase, S> {
  meta: M;
  states: S;
}

export type LoadedRunOf<M extends RunMetaBase, S> = { ok: true; run: SavedRunOf<M, S> } | { ok: false; id: string; error: string };

interface StoredRecord {
  id: string;
  json: string;
  states: unknown;
}

const floatArray = z.custom<Float32Array | Float64Array>((v) => v instanceof Float32Array || v instanceof Float64Array, 'typed array');

/** A trainer's exact state (core/train/trainerLike.ts), as structured clone keeps it. */
export const trainerStateSchema: z.ZodType<TrainerState> = z.object({
  engine: z.enum(['tfjs', 'fused']),
  step: z.number().int().nonnegative(),
  weights: z.record(z.string(), floatArray),
  optimizer: z.object({ iterations: z.number(), slots: z.array(floatArray) }).nullable(),
  batches: z.object({}).passthrough(),
  attackRng: z.unknown().optional(),
  classRng: z.unknown().optional(),
}) as unknown as z.ZodType<TrainerState>;

/** The record format this build writes and reads. */
export const RECORD_VERSION = 1;

export const runMetaBaseSchema = z.object({ version: z.literal(RECORD_VERSION), id: z.string(), savedAt: z.number(), name: z.string() });

export interface RunStoreConfig<M extends RunMetaBase, S> {
  /** IndexedDB database name (one per lab); its object store is "runs". */
  db: string;
  /** localStorage key of the run to reopen after a reload. */
  lastRunKey: string;
  meta: z.ZodType<M>;
  states: z.ZodType<S>;
}

export interface RunStore<M extends RunMetaBase, S> {
  parse(raw: unknown): LoadedRunOf<M, S>;
  put(run: SavedRunOf<M, S>): Promise<void>;
  load(id: string): Promise<LoadedRunOf<M, S> | null>;
  /** Newest first; damaged records last. */
  list(): Promise<LoadedRunOf<M, S>[]>;
  remove(id: string): Promise<void>;
  lastRunId(): string | null;
  setLastRunId(id: string | null): void;
}

const STORE = 'runs';

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/** Checks a stored record: the run, or a sentence saying what is wrong. */
export function parseStored<M extends RunMetaBase, S>(raw: unknown, metaSchema: z.ZodType<M>, statesSchema: z.ZodType<S>): LoadedRunOf<M, S> {
  const id = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : '?';
  const r = raw as Partial<StoredRecord> | null;
  if (!r || typeof r !== 'object' || typeof r.json !== 'string') return { ok: false, id, error: 'the record has no saved data' };
  let json: unknown;
  try {
    json = JSON.parse(r.json);
  } catch {
    return { ok: false, id, error: 'its saved data is not valid JSON' };
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version !== RECORD_VERSION) {
    return { ok: false, id, error: `it was saved in another format (record version ${version}; this version of PAG Lab reads version ${RECORD_VERSION})` };
  }
  const meta = metaSchema.safeParse(json);
  if (!meta.success) {
    const issue = meta.error.issues[0];
    // A lab's own check (e.g. its settings schema) explains itself; a missing field is named.
    if (issue?.code === 'custom') return { ok: false, id, error: `its saved data cannot be used (${issue.message})` };
    return { ok: false, id, error: `its saved data is incomplete (${issue?.path.join('.') || 'format'})` };
  }
  const states = statesSchema.safeParse(r.states);
  if (!states.success) return { ok: false, id, error: 'its trained models are missing or damaged' };
  // The states as stored: zod's copy would lose nothing, but the typed arrays need no copying.
  return { ok: true, run: { meta: meta.data, states: r.states as S } };
}

export function createRunStore<M extends RunMetaBase, S>(config: RunStoreConfig<M, S>): RunStore<M, S> {
  let dbPromise: Promise<IDBDatabase> | null = null;
  const open = (): Promise<IDBDatabase> => {
    dbPromise ??= new Promise((resolve, reject) => {
      if (typeof indexedDB === 'undefined') return reject(new Error('this browser has no IndexedDB'));
      const r = indexedDB.open(config.db, 1);
      r.onupgradeneeded = () => {
        if (!r.result.objectStoreNames.contains(STORE)) r.result.createObjectStore(STORE, { keyPath: 'id' });
      };
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new Error('IndexedDB could not be opened'));
    });
    dbPromise.catch(() => (dbPromise = null));
    return dbPromise;
  };
  const store = async (mode: IDBTransactionMode) => (await open()).transaction(STORE, mode).objectStore(STORE);
  const parse = (raw: unknown) => parseStored(raw, config.meta, config.states);
  return {
    parse,
    async put(run) {
      const rec: StoredRecord = { id: run.meta.id, json: JSON.stringify(run.meta), states: run.states };
      await req((await store('readwrite')).put(rec));
    },
    async load(id) {
      const raw = await req((await store('readonly')).get(id));
      return raw === undefined ? null : parse(raw);
    },
    async list() {
      const all = (await req((await store('readonly')).getAll())) as unknown[];
      return all.map(parse).sort((a, b) => (b.ok ? b.run.meta.savedAt : 0) - (a.ok ? a.run.meta.savedAt : 0));
    },
    async remove(id) {
      await req((await store('readwrite')).delete(id));
    },
    lastRunId() {
      try {
        return localStorage.getItem(config.lastRunKey);
      } catch {
        return null;
      }
    },
    setLastRunId(id) {
      try {
        if (id) localStorage.setItem(config.lastRunKey, id);
        else localStorage.removeItem(config.lastRunKey);
      } catch {
        // private mode: only the reload restore is lost
      }
    },
  };
}
