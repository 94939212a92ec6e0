import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every document the code points to (a path ending in .md in a source file's comments or strings)
 * is in the repository, and nothing reads from outside it: a clone with nothing beside it has all
 * the code refers to.
 */
const ROOTS = ['src', 'test', 'e2e', 'scripts'];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

const files = [...ROOTS.flatMap(sources), ...fs.readdirSync('.').filter((f) => f.endsWith('.config.ts'))];

describe('the code refers only to what the repository holds', () => {
  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('every docs path in the code exists', () => {
    const missing: string[] = [];
    let seen = 0;
    for (const f of files) {
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/(?:[\w.-]+\/)+[\w.-]+\.md\b/g)) {
        seen++;
        if (!fs.existsSync(m[0])) missing.push(`${f}: ${m[0]}`);
      }
    }
    expect(seen).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it('nothing reads a shared folder beside the checkout', () => {
    const outside = files.filter((f) => /\.\.\/shared|'\.\.',\s*'shared'/.test(fs.readFileSync(f, 'utf8')));
    expect(outside).toEqual([]);
  });
});
