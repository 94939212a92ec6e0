import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runResultSchema } from '../../../src/core/report/resultsSchema';

const tsx = path.resolve('node_modules/.bin/tsx');

describe('reproduce toy --attacks suite', () => {
  it('writes every attack per setting, a worst case never above plain PGD, the transfer source, warnings and ci95', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pag-suite-'));
    const r = spawnSync(tsx, ['scripts/reproduce.ts', 'toy', '--seeds', '1-2', '--epochs', '2', '--methods', 'vanilla,nn,shuffled', '--eps', '15', '--attacks', 'suite', '--out', dir], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const res = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8'));
    expect(res.settings).toMatchObject({ attacks: 'suite', suite: { restarts: 4, stepsFactor: 2 } });
    for (const run of res.runs) {
      expect(runResultSchema.safeParse(run).success).toBe(true);
      for (const m of run.models) {
        for (const eps of [15]) {
          const at = m.robust.filter((a: { norm: string; eps: number }) => a.norm === 'l2' && a.eps === eps);
          const kinds = at.map((a: { attack: string }) => a.attack);
          expect(kinds).toEqual(m.method === 'vanilla' ? ['pgd', 'pgd-restarts', 'margin', 'worst'] : ['pgd', 'pgd-restarts', 'margin', 'transfer', 'worst']);
          const of = (k: string) => at.find((a: { attack: string }) => a.attack === k);
          for (const a of at) expect(of('worst').accuracy).toBeLessThanOrEqual(a.accuracy);
          expect(of('worst').accuracy).toBeLessThanOrEqual(m.cleanAccuracy);
          if (m.method !== 'vanilla') expect(of('transfer').source).toBe('vanilla');
          expect(of('pgd-restarts')).toMatchObject({ steps: 40, restarts: 4, randomStart: true });
        }
      }
      // Every warning names a model of the run and says what it is.
      for (const w of run.warnings) expect(w.message).toMatch(/^attack may be too weak here: /);
    }
    const worstNn = res.summary.find((s: { method: string; eps: number; attack: string }) => s.method === 'nn' && s.eps === 15 && s.attack === 'worst');
    expect(worstNn.ci95).toHaveLength(2);
    expect(worstNn.ci95[0]).toBeLessThanOrEqual(worstNn.ci95[1]);
    expect(res.summary.find((s: { method: string; attack: string }) => s.method === 'vanilla' && s.attack === 'worst').ci95).toBeUndefined();
    expect(r.stdout).toMatch(/\| PAG: Nearest Neighbor \| \*\*worst case\*\* \|/);
    expect(r.stdout).toMatch(/minus vanilla: mean difference in points \[paired bootstrap 95 % interval\]/);
    expect(r.stdout).toContain('Shuffled classes: Control:');
  });
});
