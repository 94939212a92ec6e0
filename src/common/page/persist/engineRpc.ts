/**
 * Request and answer over a lab's engine worker, for either lab: every command carries an `id`,
 * the worker answers each with one 'persist' event of the same id, ok or not. Events are
 * one-way otherwise, so this pairs them up as promises.
 */
export type PersistEventOf<R> = { type: 'persist'; id: number } & ({ ok: true; reply: R } | { ok: false; message: string });

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export interface EngineRpc<C extends { id: number }, R> {
  /** Where commands go (the store's engine); set once at start. */
  setSender(send: (c: C) => void): void;
  /** Sends a command and resolves with the engine's answer (rejects with its message). */
  ask(command: WithoutId<C>): Promise<R>;
  /** The engine's answer to a command (the store calls it for every 'persist' event). */
  receive(e: PersistEventOf<R>): void;
}

export function createEngineRpc<C extends { id: number }, R>(): EngineRpc<C, R> {
  const pending = new Map<number, { resolve: (r: R) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let sender: ((c: C) => void) | null = null;
  return {
    setSender(send) {
      sender = send;
    },
    ask(command) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        if (!sender) return reject(new Error('The engine is not running.'));
        pending.set(id, { resolve, reject });
        sender({ ...command, id } as unknown as C);
      });
    },
    receive(e) {
      const p = pending.get(e.id);
      if (!p) return;
      pending.delete(e.id);
      if (e.ok) p.resolve(e.reply);
      else p.reject(new Error(e.message));
    },
  };
}
