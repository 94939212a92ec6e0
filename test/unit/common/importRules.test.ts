import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layout's import rules (ARCHITECTURE.md, "Invariants"): src/core is the engine (no UI,
 * React, DOM or page code), src/common is what both labs share and imports only core, neither
 * lab imports the other, and the CLI uses only the engine.
 */
type Area = 'core' | 'common' | 'toy' | 'cifar' | 'cli';
const AREAS: Area[] = ['core', 'common', 'toy', 'cifar', 'cli'];

/** Which other areas each area may import from (its own is always allowed). */
const ALLOWED: Record<Area, Area[]> = {
  core: [],
  common: ['core'],
  toy: ['core', 'common'],
  cifar: ['core', 'common'],
  cli: ['core'],
};

/** npm packages the engine must not import. */
const UI_PACKAGES = /^(react|react-dom|zustand|d3|katex)(\/|$)/;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

const areaOf = (file: string): Area | null => {
  const [top, area] = path.relative('.', file).split(path.sep);
  return top === 'src' && (AREAS as string[]).includes(area) ? (area as Area) : null;
};

/** Every module specifier in a file: static imports and re-exports, dynamic imports, worker URLs. */
export function specifiers(text: string): string[] {
  const re = /(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+|new URL\(\s*)['"]([^'"]+)['"]/gm;
  return [...text.matchAll(re)].map((m) => m[1]);
}

const files = sources('src');

describe('import rules', () => {
  it('every source file lives in one of the areas', () => {
    const loose = files.filter((f) => areaOf(f) === null);
    expect(loose).toEqual([]);
    expect(files.length).toBeGreaterThan(200);
  });

  it('finds the imports it checks', () => {
    expect(specifiers(`import { a } from './x';\nexport { b } from "../y";\nconst w = new URL('./z.ts', import.meta.url);\nimport './s.css';`)).toEqual(['./x', '../y', './z.ts', './s.css']);
  });

  it('each area imports only what it may', () => {
    const broken: string[] = [];
    for (const f of files) {
      const from = areaOf(f)!;
      for (const spec of specifiers(fs.readFileSync(f, 'utf8'))) {
        if (!spec.startsWith('.')) {
          if (from === 'core' && UI_PACKAGES.test(spec)) broken.push(`${f} -> ${spec}`);
          continue;
        }
        const to = areaOf(path.join(path.dirname(f), spec));
        if (to === null) broken.push(`${f} -> ${spec} (outside src's areas)`);
        else if (to !== from && !ALLOWED[from].includes(to)) broken.push(`${f} -> ${spec}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('the engine uses no DOM', () => {
    const dom = files.filter((f) => areaOf(f) === 'core' && /\b(document|window|localStorage|indexedDB)\./.test(fs.readFileSync(f, 'utf8')));
    expect(dom).toEqual([]);
  });

  it('the pages load no TensorFlow.js: only their workers do', () => {
    // Value imports only (not `import type`, not the worker's `new URL`), followed from each page's entry.
    const valueImports = (text: string) =>
      [...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    const resolve = (from: string, spec: string) =>
      [spec, `${spec}.ts`, `${spec}.tsx`].map((c) => path.join(path.dirname(from), c)).find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
    for (const entry of ['src/toy/main.tsx', 'src/cifar/main.tsx']) {
      const seen = new Set<string>();
      const tfjs: string[] = [];
      const visit = (f: string) => {
        if (seen.has(f)) return;
        seen.add(f);
        if (!/\.tsx?$/.test(f)) return;
        for (const spec of valueImports(fs.readFileSync(f, 'utf8'))) {
          if (spec.startsWith('@tensorflow/')) tfjs.push(f);
          else if (spec.startsWith('.')) {
            const next = resolve(f, spec);
            if (next) visit(next);
          }
        }
      };
      visit(entry);
      expect(seen.size).toBeGreaterThan(20);
      expect(tfjs).toEqual([]);
    }
  });
});
