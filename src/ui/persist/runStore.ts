/**
 * Saved runs in IndexedDB (database "pag-lab", store "runs"): a tiny promise wrapper, and the
 * record format. A record keeps its readable part as JSON text (settings, results, history) and
 * the trainers' exact states (typed arrays) beside it. Reading checks both; a corrupt record is
 * reported as such and never stops the others from loading.
 */
import { z } from 'zod';
import type { TrainerState } from '../../core/train/trainerLike';
import type { PerModel } from '../../worker/protocol';
import { resultsSchema, type Results } from '../export/results';

const DB = 'pag-lab';
const STORE = 'runs';
export const LAST_RUN_KEY = 'pag-lab:last-run';

export interface RunMeta {
  version: 1;
  id: string;
  savedAt: number;
  /** Readable summary, e.g. "moons · NN · seed 0". */
  name: string;
  /** The full results (settings, history, latest metrics, attack, sweep). */
  results: Results;
}

export interface StoredRun {
  id: string;
  json: string;
  states: PerModel<TrainerState>;
}

export interface SavedRun {
  meta: RunMeta;
  states: PerModel<TrainerState>;
}

export type LoadedRun = { ok: true; run: SavedRun } | { ok: false; id: string; error: string };

const floatArray = z.custom<Float32Array | Float64Array>((v) => v instanceof Float32Array || v instanceof Float64Array, 'typed array');
const trainerStateSchema = z.object({
  engine: z.enum(['tfjs', 'fused']),
  step: z.number().int().nonnegative(),
  weights: z.record(z.string(), floatArray),
  optimizer: z.object({ iterations: z.number(), slots: z.array(floatArray) }).nullable(),
  batches: z.object({}).passthrough(),
  attackRng: z.unknown().optional(),
});
const metaSchema = z.object({ version: z.literal(1), id: z.string(), savedAt: z.number(), name: z.string(), results: resultsSchema });

/** Checks a stored record: the run, or a sentence saying what is wrong. */
export function parseStoredRun(raw: unknown): LoadedRun {
  const id = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : '?';
  const r = raw as Partial<StoredRun> | null;
  if (!r || typeof r !== 'object' || typeof r.json !== 'string') return { ok: false, id, error: 'the record has no saved data' };
  let json: unknown;
  try {
    json = JSON.parse(r.json);
  } catch {
    return { ok: false, id, error: 'its saved data is not valid JSON' };
  }
  const meta = metaSchema.safeParse(json);
  if (!meta.success) return { ok: false, id, error: `its saved data is incomplete (${meta.error.issues[0]?.path.join('.') || 'format'})` };
  const states = z.object({ vanilla: trainerStateSchema, pag: trainerStateSchema }).safeParse(r.states);
  if (!states.success) return { ok: false, id, error: 'its trained models are missing or damaged' };
  return { ok: true, run: { meta: meta.data as RunMeta, states: r.states as PerModel<TrainerState> } };
}

let dbPromise: Promise<IDBDatabase> | null = null;

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function open(): Promise<IDBDatabase> {
  dbPromise ??= new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') return reject(new Error('this browser has no IndexedDB'));
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => {
      if (!r.result.objectStoreNames.contains(STORE)) r.result.createObjectStore(STORE, { keyPath: 'id' });
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB could not be opened'));
  });
  dbPromise.catch(() => (dbPromise = null));
  return dbPromise;
}

async function store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
  return (await open()).transaction(STORE, mode).objectStore(STORE);
}

export async function putRun(run: SavedRun): Promise<void> {
  const rec: StoredRun = { id: run.meta.id, json: JSON.stringify(run.meta), states: run.states };
  await req((await store('readwrite')).put(rec));
}

export async function loadRun(id: string): Promise<LoadedRun | null> {
  const raw = await req((await store('readonly')).get(id));
  return raw === undefined ? null : parseStoredRun(raw);
}

export async function listRuns(): Promise<LoadedRun[]> {
  const all = (await req((await store('readonly')).getAll())) as unknown[];
  return all.map(parseStoredRun).sort((a, b) => (b.ok ? b.run.meta.savedAt : 0) - (a.ok ? a.run.meta.savedAt : 0));
}

export async function deleteRun(id: string): Promise<void> {
  await req((await store('readwrite')).delete(id));
}
