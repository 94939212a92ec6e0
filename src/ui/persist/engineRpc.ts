import type { PersistCommand, PersistEvent, PersistReply } from '../../worker/persistProtocol';

type Pending = { resolve: (r: PersistReply) => void; reject: (e: Error) => void };
const pending = new Map<number, Pending>();
let nextId = 1;
let sender: ((c: PersistCommand) => void) | null = null;

/** Where persist commands go (the store's engine); set once at start. */
export function setPersistSender(send: (c: PersistCommand) => void): void {
  sender = send;
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** Sends a persist command and resolves with the engine's answer (rejects with its message). */
export function askEngine(command: WithoutId<PersistCommand>): Promise<PersistReply> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    if (!sender) return reject(new Error('The engine is not running.'));
    pending.set(id, { resolve, reject });
    sender({ ...command, id } as PersistCommand);
  });
}

/** The engine's answer to a persist command (called by the store for every 'persist' event). */
export function receivePersist(e: PersistEvent): void {
  const p = pending.get(e.id);
  if (!p) return;
  pending.delete(e.id);
  if (e.ok) p.resolve(e.reply);
  else p.reject(new Error(e.message));
}
