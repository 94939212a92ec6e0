import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCifarArgs, parseSeeds, parseToyArgs, UsageError } from '../../../src/cli/args';

const tsx = path.resolve('node_modules/.bin/tsx');

function reproduce(args: string[]) {
  return spawnSync(tsx, ['scripts/reproduce.ts', ...args], { encoding: 'utf8', timeout: 300_000 });
}

describe('reproduce CLI arguments', () => {
  it('defaults to the paper setting: seed 2, 100 epochs, vanilla and nn', () => {
    expect(parseToyArgs([])).toEqual({ experiment: 'toy', seeds: [2], epochs: 100, methods: ['vanilla', 'nn'], out: 'out/toy', eps: undefined, engine: 'auto', gradient: 'textbook', attacks: 'pgd', attackPreset: 'default', cosine: 'paper' });
  });

  it('takes --trace FILE for one seed and --cosine paper|torch', () => {
    expect(parseToyArgs(['--seed', '7', '--trace', 'out/t.json', '--cosine', 'torch'])).toMatchObject({ seeds: [7], trace: 'out/t.json', cosine: 'torch' });
    expect(parseToyArgs([]).cosine).toBe('paper');
  });
  it('parses seed ranges and lists', () => {
    expect(parseSeeds('1-4')).toEqual([1, 2, 3, 4]);
    expect(parseSeeds('3,7')).toEqual([3, 7]);
    expect(parseToyArgs(['--seeds', '1-3', '--methods', 'vanilla,oi,cm', '--epochs', '2']).methods).toEqual(['vanilla', 'oi', 'cm']);
  });
  it.each([
    [['--methods', 'vanilla,foo'], /unknown method "foo"/],
    [['--eps', '4,-1'], /must be positive/],
    [['--seed', 'abc'], /--seed must be a whole number/],
    [['--seeds', '5-2'], /is empty/],
    [['--epochs', '0'], /--epochs must be >= 1/],
    [['--seed', '1', '--seeds', '1-2'], /not both/],
    [['--bogus'], /Unknown option/],
    [['--engine', 'gpu'], /--engine must be auto or tfjs/],
    [['--gradient', 'fast'], /--gradient must be textbook or exact/],
    [['--cosine', 'cos'], /--cosine must be paper or torch/],
    [['--seeds', '1-2', '--trace', 't.json'], /--trace records one seed/],
    [['--trace', 't.json', '--engine', 'tfjs'], /--trace records the fused engine/],
    [['--trace', 't.json', '--methods', 'vanilla,oi'], /--trace records vanilla and nn models, not oi/],
    [['--trace', ' '], /--trace needs a file name/],
  ])('rejects %j', (argv, msg) => {
    expect(() => parseToyArgs(argv as string[])).toThrow(UsageError);
    expect(() => parseToyArgs(argv as string[])).toThrow(msg as RegExp);
  });
});

describe('reproduce cifar arguments', () => {
  const defaults = { classes: [0, 6], perClass: 500, testPerClass: 100, epochs: 6, seed: 1, targetsPerImage: 2, warmupEpochs: 2 };
  it('trains with the fused CNN engine unless --engine tfjs', () => {
    expect(parseCifarArgs(['--data', 'd'], defaults).engine).toBe('fused');
    expect(parseCifarArgs(['--data', 'd', '--engine', 'tfjs'], defaults).engine).toBe('tfjs');
    expect(() => parseCifarArgs(['--data', 'd', '--engine', 'gpu'], defaults)).toThrow(/--engine must be one of fused, tfjs/);
  });
});

describe('reproduce CLI end to end', () => {
  it('bad arguments exit non-zero with one line and write nothing', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-cli-'));
    const dir = path.join(out, 'res');
    for (const args of [['toy', '--methods', 'nope'], ['toy', '--eps', '-3'], ['toy', '--seed', 'x'], ['cifarx']]) {
      const r = reproduce([...args, '--out', dir]);
      expect(r.status).not.toBe(0);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^reproduce: /);
      expect(fs.existsSync(dir)).toBe(false);
    }
  });

  it('a short run writes results.json in the documented schema, the figure and a table', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-cli-'));
    const r = reproduce(['toy', '--seeds', '1-2', '--epochs', '1', '--methods', 'vanilla,nn', '--eps', '4,15', '--out', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\| Vanilla \|/);
    expect(r.stdout).toMatch(/\| PAG: Nearest Neighbor \|/);
    expect(r.stderr).toMatch(/seed 1 \(1\/2\) nn: train 100%/);
    const res = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8'));
    expect(res.experiment).toBe('toy');
    expect(res.seeds).toEqual([1, 2]);
    expect(res.runs).toHaveLength(2);
    for (const run of res.runs) {
      expect(run.models.map((m: { method: string }) => m.method)).toEqual(['vanilla', 'nn']);
      for (const m of run.models) {
        expect(m.cleanAccuracy).toBeGreaterThanOrEqual(0);
        expect(m.cleanAccuracy).toBeLessThanOrEqual(1);
        expect(m.trainSeconds).toBeGreaterThan(0);
        expect(m.robust.filter((a: { norm: string }) => a.norm === 'l2').map((a: { eps: number }) => a.eps)).toEqual([4, 15]);
        for (const a of m.robust) {
          expect(Object.keys(a).sort()).toEqual(['accuracy', 'alpha', 'attack', 'eps', 'loss', 'norm', 'randomStart', 'steps', 'targeted']);
          expect(a).toMatchObject({ attack: 'pgd', loss: 'ce', randomStart: false });
          expect(a.alpha).toBeCloseTo((2.5 * a.eps) / a.steps, 10);
        }
      }
    }
    expect(res.summary.find((s: { method: string; eps: number | null }) => s.method === 'nn' && s.eps === null).n).toBe(2);
    const svg = fs.readFileSync(path.join(dir, 'figure3.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect((svg.match(/<circle /g) ?? []).length).toBeGreaterThan(600 * 2);
    expect(fs.readFileSync(path.join(dir, 'figure3.png')).subarray(1, 4).toString()).toBe('PNG');
    expect(fs.readdirSync(path.dirname(dir)).filter((f) => f.startsWith('.reproduce-'))).toEqual([]);
  });
});
