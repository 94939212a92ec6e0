import { beforeEach, describe, expect, it } from 'vitest';
import { FIGURE3_ATTACK } from '../../../src/toy/page/state/figure3';
import { formatField, parseField, pendingRestart, runSettingsOf, DEFAULT_SETTINGS, SETTING_KEYS } from '../../../src/toy/page/state/settings';
import { initialData, toyLab, useToyLab } from '../../../src/toy/page/state/store';
import type { Command, ModelSnapshot, WorkerEvent } from '../../../src/toy/contract/protocol';
import { checkRunSettings } from '../../../src/toy/contract/runSettings';

/** The UI's state logic without a browser: settings parsing, the store, the Figure 3 preset. */
describe('settings table', () => {
  it('parses numbers strictly and says why not', () => {
    expect(parseField('learningRate', '0.001')).toEqual({ ok: true, value: 0.001 });
    expect(parseField('learningRate', ' 1e-3 ')).toEqual({ ok: true, value: 0.001 });
    for (const bad of ['abc', '', '0x10', '1,5', 'NaN', 'Infinity', '--1']) {
      const r = parseField('learningRate', bad);
      expect(r.ok, bad).toBe(false);
    }
    expect(parseField('learningRate', '0')).toMatchObject({ ok: false, error: expect.stringContaining('greater than 0') });
    expect(parseField('learningRate', '-0.5')).toMatchObject({ ok: false });
    expect(parseField('epochs', '2.5')).toMatchObject({ ok: false, error: expect.stringContaining('whole number') });
    expect(parseField('noise', '0')).toEqual({ ok: true, value: 0 });
    expect(parseField('attackAlpha', '')).toEqual({ ok: true, value: null });
    expect(parseField('dataset', 'moons')).toEqual({ ok: true, value: 'moons' });
    expect(parseField('dataset', 'mnist')).toMatchObject({ ok: false });
    expect(parseField('showTrain', 'false')).toEqual({ ok: true, value: false });
  });

  it('every default prints and parses back to itself (the address-bar round trip)', () => {
    for (const k of SETTING_KEYS) expect(parseField(k, formatField(k, DEFAULT_SETTINGS[k])), k).toEqual({ ok: true, value: DEFAULT_SETTINGS[k] });
  });

  it('the defaults are the paper setting and can run', () => {
    const run = runSettingsOf(DEFAULT_SETTINGS);
    expect(run).toMatchObject({ dataset: 'paper', seed: 2, epochs: 100, batchSize: 128, learningRate: 0.01, lambda: 5, hidden: [32], pagMethod: 'nn', nnPoolSize: 'all' });
    expect(checkRunSettings(run)).toEqual([]);
    expect(pendingRestart({ ...DEFAULT_SETTINGS, seed: 3, speed: '1' }, DEFAULT_SETTINGS)).toEqual(['seed']);
  });
});

describe('the lab store', () => {
  let sent: Command[] = [];
  const send = (e: WorkerEvent) => toyLab.receive(e);
  const ready = (session: number) =>
    send({
      type: 'ready',
      session,
      settings: runSettingsOf(useToyLab.getState().settings),
      train: { x: new Float32Array([0, 0, 1, 1]), y: new Int32Array([0, 1]) },
      test: { x: new Float32Array([0, 0, 1, 1, 2, 2]), y: new Int32Array([0, 1, 1]) },
      bounds: { xMin: -1, xMax: 1, yMin: -1, yMax: 1 },
      stepsPerEpoch: 47,
      totalSteps: 4700,
      engines: { vanilla: 'fused', pag: 'fused' },
    });
  const model = (acc: number): ModelSnapshot => ({ probs: new Float32Array(4), gradients: null, metrics: { testAccuracy: acc, ce: 0.1, pag: 1, alignment: [0.5, 0.4] } });
  const snapshot = (session: number, step: number, running: boolean) =>
    send({
      type: 'snapshot',
      session,
      step,
      epoch: step / 47,
      totalSteps: 4700,
      running,
      stepsPerSecond: 100,
      timing: { train: 1, snapshot: 1, wall: 2 },
      grid: { xMin: -1, xMax: 1, yMin: -1, yMax: 1, size: 2 },
      models: { vanilla: model(0.9), pag: model(1) },
      arrows: null,
    });

  beforeEach(() => {
    useToyLab.setState(initialData(), true);
    sent = [];
    toyLab.start(() => ({ send: (c) => sent.push(c), terminate: () => undefined }), 'wasm');
  });

  it('starts the engine: backend, view, speed, then the first run', () => {
    expect(sent.map((c) => c.type)).toEqual(['init', 'setView', 'setSpeed', 'configure']);
    expect(sent[0]).toEqual({ type: 'init', backend: 'wasm' });
    expect(useToyLab.getState().status).toBe('preparing');
  });

  it('a bad value is refused with a message and changes nothing', () => {
    ready(1);
    sent = [];
    expect(toyLab.setField('learningRate', 'abc')).toBe(false);
    const s = useToyLab.getState();
    expect(s.error?.message).toMatch(/^Learning rate: "abc" is not a number; kept 0.01\.$/);
    expect(s.settings.learningRate).toBe(0.01);
    expect(sent).toEqual([]);
  });

  it('restart-needing changes apply at once before training, and wait for Reset after', () => {
    ready(1);
    sent = [];
    toyLab.setField('seed', '5');
    expect(sent.map((c) => c.type)).toEqual(['configure']);
    ready(2);
    snapshot(2, 3, false);
    sent = [];
    toyLab.setField('seed', '6');
    expect(sent).toEqual([]);
    expect(pendingRestart(useToyLab.getState().settings, useToyLab.getState().applied)).toEqual(['seed']);
    toyLab.setField('speed', '10'); // live: applies now
    expect(sent).toEqual([{ type: 'setSpeed', stepsPerSecond: 10 }]);
    toyLab.reset();
    expect(sent.at(-1)).toMatchObject({ type: 'configure', settings: { seed: 6 } });
  });

  it('ignores events of a run that is no longer on screen', () => {
    ready(1);
    ready(2);
    snapshot(1, 40, true);
    expect(useToyLab.getState().step).toBe(0);
    snapshot(2, 40, true);
    expect(useToyLab.getState().step).toBe(40);
    expect(useToyLab.getState().history.pag.step).toEqual([40]);
  });

  it('Reproduce Figure 3: paper run, trained to the end, then the paper attack, then the result', () => {
    toyLab.setField('seed', '9');
    ready(1);
    sent = [];
    toyLab.reproduceFigure3();
    expect(sent.map((c) => c.type)).toEqual(['setSpeed', 'configure', 'play']);
    expect(sent[1]).toMatchObject({ type: 'configure', settings: { seed: 2, epochs: 100, pagMethod: 'nn', lambda: 5 } });
    ready(2);
    expect(useToyLab.getState().figure3.phase).toBe('training');
    snapshot(2, 2000, true);
    expect(sent.some((c) => c.type === 'attack')).toBe(false);
    snapshot(2, 4700, false);
    const attack = sent.find((c) => c.type === 'attack');
    expect(attack).toMatchObject({ type: 'attack', request: FIGURE3_ATTACK });
    expect(useToyLab.getState().figure3.phase).toBe('attacking');
    const id = (attack as Extract<Command, { type: 'attack' }>).id;
    const result = (clean: number, robust: number) => ({ cleanAccuracy: clean, robustAccuracy: robust, predictions: new Int32Array(3), trajectories: new Float32Array(21 * 6) });
    send({ type: 'attackResult', id, session: 2, step: 4700, request: FIGURE3_ATTACK, models: { vanilla: result(1, 0.01), pag: result(1, 0.7) } });
    const f = useToyLab.getState().figure3;
    expect(f.phase).toBe('done');
    expect(f.result).toMatchObject({ clean: { vanilla: 1, pag: 1 }, robust: { vanilla: 0.01, pag: 0.7 }, backend: '?' });
  });

  it('a settings change during the Figure 3 run cancels the preset, not the run', () => {
    ready(1);
    toyLab.reproduceFigure3();
    ready(2);
    snapshot(2, 100, true);
    toyLab.setField('lambda', '1');
    expect(useToyLab.getState().figure3.phase).toBe('cancelled');
    snapshot(2, 4700, false);
    expect(sent.some((c) => c.type === 'attack')).toBe(false);
  });
});

describe('engine failures', () => {
  it('a dead worker is reported, and Restart the engine starts a fresh one with the same settings', () => {
    useToyLab.setState(initialData(), true);
    let launched = 0;
    let terminated = 0;
    const sent: Command[] = [];
    toyLab.start(() => {
      launched++;
      return { send: (c) => sent.push(c), terminate: () => void terminated++ };
    }, null);
    toyLab.setField('seed', '11');
    toyLab.fatal('The engine worker stopped: out of memory.');
    expect(useToyLab.getState()).toMatchObject({ status: 'failed', error: { message: 'The engine worker stopped: out of memory.' } });
    toyLab.restartEngine();
    expect([launched, terminated]).toEqual([2, 1]);
    expect(useToyLab.getState()).toMatchObject({ status: 'preparing', error: null, settings: { seed: 11 } });
    expect(sent.at(-1)).toMatchObject({ type: 'configure', settings: { seed: 11 } });
  });
});
