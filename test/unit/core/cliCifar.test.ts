import { describe, expect, it } from 'vitest';
import { parseCifarArgs, parsePretrainedArgs, UsageError } from '../../../src/cli/args';
import { CIFAR_DEFAULTS } from '../../../src/core/experiment/cifarSettings';
import { cifarSettingsOf } from '../../../scripts/reproduceCifar';

const defaults = { ...CIFAR_DEFAULTS, perClass: CIFAR_DEFAULTS.trainPerClass };
const parse = (argv: string[]) => parseCifarArgs(['--data', 'dir', ...argv], defaults);

describe('reproduce cifar arguments', () => {
  it('defaults to the recipe: 5 classes, 10 epochs, one seed, vanilla and the three data-only PAG methods', () => {
    const a = parse([]);
    expect(a).toMatchObject({ classes: [0, 1, 6, 7, 8], perClass: 1000, testPerClass: 200, epochs: 10, seeds: [1], methods: ['vanilla', 'oi', 'cm', 'nn'], judge: 'vanilla' });
    const s = cifarSettingsOf(a, 1);
    expect(s).toMatchObject({ targetsPerImage: 2, warmupEpochs: 2, lambdaByMethod: { oi: 0.3, cm: 0.4, nn: 0.4, 'rigd-l2': 0.4, 'rigd-linf': 0.4 } });
  });

  it('--k, --warmup, --seeds, --judge and --lambda (one lambda for every method)', () => {
    const a = parse(['--k', '0', '--warmup', '1', '--epochs', '6', '--seeds', '1-3', '--judge', 'at', '--lambda', '0.2', '--fig4-eps', '3,8']);
    expect(a).toMatchObject({ k: 0, warmup: 1, epochs: 6, seeds: [1, 2, 3], judge: 'at', lambda: 0.2, fig4Eps: [3, 8] });
    expect(cifarSettingsOf(a, 2)).toMatchObject({ seed: 2, targetsPerImage: 0, warmupEpochs: 1, lambda: 0.2, lambdaByMethod: {} });
    expect(parse(['--methods', 'vanilla,nn,rigd-l2']).methods).toEqual(['vanilla', 'nn', 'rigd-l2']);
  });

  it.each([
    [['--k', '6'], /--k must be at most the number of classes \(5\), got 6/],
    [['--classes', '0,6', '--k', '3'], /at most the number of classes \(2\)/],
    [['--k=-1'], /--k must be >= 0/],
    [['--k', '1.5'], /--k must be a whole number/],
    [['--warmup', '10'], /--warmup \(10\) must be fewer than --epochs \(10\)/],
    [['--epochs', '2'], /--warmup \(2\) must be fewer than --epochs \(2\)/],
    [['--seed', '1', '--seeds', '1-3'], /not both/],
    [['--judge', 'me'], /--judge must be one of vanilla, at/],
    [['--lambda=-1'], /--lambda must be a positive number/],
    [['--fig4-eps', '3,x'], /must be numbers/],
  ])('refuses %j', (argv, msg) => {
    expect(() => parse(argv as string[])).toThrow(UsageError);
    expect(() => parse(argv as string[])).toThrow(msg as RegExp);
  });
});

describe('npm run pretrained arguments', () => {
  it('defaults: seed 1, the four shipped methods, public/pretrained; --quick for a throwaway set', () => {
    expect(parsePretrainedArgs(['--data', 'd'])).toEqual({ data: 'd', out: 'public/pretrained', seed: 1, methods: ['vanilla', 'oi', 'cm', 'nn'], quick: false });
    expect(parsePretrainedArgs(['--data', 'd', '--quick', '--out', 'x', '--seed', '3'])).toMatchObject({ out: 'x', seed: 3, quick: true });
  });
  it.each([[[], /--data DIR is required/], [['--data', 'd', '--methods', 'x'], /unknown method "x"/], [['--data', 'd', '--quick=1'], /./]])('refuses %j', (argv, msg) => {
    expect(() => parsePretrainedArgs(argv as string[])).toThrow(msg as RegExp);
  });
});

describe('reproduce cifar end to end', () => {
  it('bad arguments exit with status 2, one line, nothing written', async () => {
    const { spawnSync } = await import('node:child_process');
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pag-cli-')), 'res');
    for (const args of [['--k', '9'], ['--warmup', '12']]) {
      const r = spawnSync(path.resolve('node_modules/.bin/tsx'), ['scripts/reproduce.ts', 'cifar', '--data', 'nowhere', ...args, '--out', dir], { encoding: 'utf8', timeout: 120_000 });
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(fs.existsSync(dir)).toBe(false);
    }
  }, 300_000); // two Node start-ups, slow on a loaded two-core machine
});
