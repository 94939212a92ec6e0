/**
 * Play, pause, toggle and one step, the same in both labs' stores: the button answers at once
 * (`running` is set before the worker hears of it) and the command goes to the engine. A lab says
 * what "finished" means for it.
 */
type TransportCommand = { type: 'play' } | { type: 'pause' } | { type: 'step'; count: number };

export interface TransportStore<S> {
  get(): S;
  set(patch: { running: boolean }): void;
  send(command: TransportCommand): void;
  /** The run on screen is trained to the end (or there is none): play and step do nothing. */
  stopped(s: S): boolean;
}

export function transportActions<S extends { running: boolean }>(store: TransportStore<S>) {
  const t = {
    play(): void {
      if (store.stopped(store.get())) return;
      store.set({ running: true });
      store.send({ type: 'play' });
    },
    pause(): void {
      store.set({ running: false });
      store.send({ type: 'pause' });
    },
    togglePlay(): void {
      if (store.get().running) t.pause();
      else t.play();
    },
    step(): void {
      if (store.stopped(store.get())) return;
      store.set({ running: false });
      store.send({ type: 'step', count: 1 });
    },
  };
  return t;
}
