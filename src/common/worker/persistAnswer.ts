import { WeightsFormatError } from '../../core/io/weights';
import type { PersistEventOf } from '../page/persist/engineRpc';

/** Answers persist command `id` with what `produce` gives, or with its error as a sentence; either lab. */
export async function answerPersist<R>(id: number, post: (e: PersistEventOf<R>) => void, produce: () => Promise<R>): Promise<void> {
  try {
    post({ type: 'persist', id, ok: true, reply: await produce() });
  } catch (e) {
    const message = e instanceof WeightsFormatError ? `Weights not loaded: ${e.message}.` : e instanceof Error ? e.message : String(e);
    post({ type: 'persist', id, ok: false, message });
  }
}
