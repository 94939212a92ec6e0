import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PAPER_TOY } from '../../../src/core/experiment/toySettings';
import type { BackendName } from '../../../src/core/backend';
import { ToyController } from '../../../src/toy/worker/controller';
import type { RunSettings, WorkerEvent } from '../../../src/toy/contract/protocol';
import { useCpu } from '../setup';

/**
 * The Toy Lab controller's fault handling in Node: the backends are names over TF.js's cpu
 * backend, and "losing the device" calls the watch's callback as the browser's device.lost
 * would. The browser paths (a real destroyed GPUDevice, a lost WebGL context) are in e2e/toy/faults.spec.ts.
 */
const SMALL: RunSettings = { ...PAPER_TOY, trainPerClass: 200, testPerClass: 20, epochs: 20, pagMethod: 'nn', measureEvery: 2 };

function harness() {
  const events: WorkerEvent[] = [];
  let lose: ((reason: string) => void) | null = null;
  const c = new ToyController({
    post: (e) => events.push(e),
    selectBackend: async () => ({ backend: 'webgl', fallbacks: [] }),
    selectBackendAfter: async (failed: BackendName) => ({ backend: failed === 'webgl' ? 'wasm' : 'cpu', fallbacks: [] }),
    watchBackend: (_name, onLost) => {
      lose = onLost;
      return () => (lose = null);
    },
    injectFault: () => {
      lose?.('the WebGL context was lost');
      return 'lost';
    },
    // A clock that runs 10x fast: checkpoints (every second) come every ~100 ms of real time.
    now: () => 10 * performance.now(),
    describeDevice: async () => null,
    yieldControl: () => new Promise((r) => setImmediate(r)),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  });
  const of = <T extends WorkerEvent['type']>(type: T) => events.filter((e): e is Extract<WorkerEvent, { type: T }> => e.type === type);
  const until = async (pred: () => boolean, ms = 30_000) => {
    const t0 = Date.now();
    while (!pred()) {
      if (Date.now() - t0 > ms) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  const step = () => of('snapshot').at(-1)?.step ?? 0;
  return { c, events, of, until, step, lost: () => lose === null };
}

let live: ToyController | null = null;

/** A controller with a small run built (TF.js training on the "webgl" backend). */
async function started(faults = false) {
  const h = harness();
  live = h.c;
  h.c.handle({ type: 'init', backend: 'webgl', engine: 'tfjs', faults });
  h.c.handle({ type: 'setView', view: { gridSize: 8, arrowGrid: 0 } });
  h.c.handle({ type: 'configure', settings: SMALL });
  await h.until(() => h.of('ready').length > 0);
  return h;
}
afterEach(() => {
  live?.dispose();
  live = null;
});

describe('backend switch, hidden tab and memory refusal in the Toy Lab controller', () => {
  beforeAll(useCpu);

  it('a lost device: next backend, same session, continues from a checkpoint past where it was', async () => {
    const h = await started(true);
    h.c.handle({ type: 'play' });
    await h.until(() => h.step() >= 20);
    const before = h.step();
    h.c.handle({ type: 'injectFault' });
    await h.until(() => h.of('notice').length > 0);
    const backend = h.of('backend').at(-1)!;
    expect(backend).toMatchObject({ backend: 'wasm', switched: { from: 'webgl', reason: 'the WebGL context was lost' } });
    expect(h.of('notice')[0].message).toMatch(/The webgl backend failed \(the WebGL context was lost\); switched to wasm and continued from step \d+/);
    const resumedAt = Number(/step (\d+)/.exec(h.of('notice')[0].message)![1]);
    expect(resumedAt).toBeGreaterThan(0); // a checkpoint, not a fresh model
    expect(resumedAt).toBeLessThanOrEqual(before + 20);
    // Same session: the page keeps its charts. Still running, and past where it was.
    expect(h.of('ready')).toHaveLength(1);
    expect(h.of('snapshot').at(-1)!.session).toBe(h.of('ready')[0].session);
    await h.until(() => h.step() > before + 10);
    expect(h.of('error')).toEqual([]);
  });

  it('a training step that throws is a backend failure too: switch, no error shown', async () => {
    const h = await started();
    h.c.handle({ type: 'play' });
    await h.until(() => h.step() >= 10);
    // The running session's next step fails as a kernel on a broken backend would.
    const session = (h.c as unknown as { session: { trainStep(): void } }).session;
    session.trainStep = () => {
      throw new Error('kernel failed');
    };
    await h.until(() => h.of('notice').length > 0);
    expect(h.of('backend').at(-1)).toMatchObject({ backend: 'wasm', switched: { from: 'webgl', reason: 'kernel failed' } });
    expect(h.of('error')).toEqual([]);
    const after = h.step();
    await h.until(() => h.step() > after + 5); // the rebuilt session trains
  });

  it('without faults in init, injectFault is refused with a message', async () => {
    const h = harness();
    live = h.c;
    h.c.handle({ type: 'init', backend: 'webgl' });
    h.c.handle({ type: 'injectFault' });
    await h.c.idle();
    expect(h.of('error').at(-1)!.message).toMatch(/needs \?faults=1/);
    expect(h.of('backend')).toHaveLength(1);
  });

  it('hidden: no training; shown: training resumes', async () => {
    const h = await started();
    h.c.handle({ type: 'play' });
    await h.until(() => h.step() >= 5);
    h.c.handle({ type: 'visibility', hidden: true });
    await h.c.idle();
    const hidden = h.step();
    const snapshots = h.of('snapshot').length;
    await new Promise((r) => setTimeout(r, 200));
    await h.c.idle();
    expect(h.step()).toBe(hidden);
    expect(h.of('snapshot').length).toBe(snapshots);
    h.c.handle({ type: 'visibility', hidden: false });
    await h.until(() => h.step() > hidden + 5);
  });

  it('settings over the memory budget are refused before building; the run stays', async () => {
    const h = await started();
    h.c.handle({ type: 'step', count: 2 });
    await h.until(() => h.step() === 2);
    h.c.handle({ type: 'configure', settings: { ...SMALL, trainPerClass: 20_000, hidden: [512, 512, 512, 512], batchSize: 20_000 } });
    await h.c.idle();
    expect(h.of('error').at(-1)).toMatchObject({ where: 'configure' });
    expect(h.of('error').at(-1)!.message).toMatch(/need about [\d.]+ GB/);
    expect(h.of('ready')).toHaveLength(1);
    expect(h.of('preparing').every((p) => p.session === 1)).toBe(true);
    h.c.handle({ type: 'step', count: 1 });
    await h.until(() => h.step() === 3);
  });
});
