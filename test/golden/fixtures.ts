import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelSpec } from '../../src/core/models';

/**
 * The folder of fixtures to run: $PAG_GOLDEN_DIR (relative to the working directory), default the
 * set kept in the repository, test/golden/fixtures/ (format: its README.md).
 */
export function goldenDir(): string {
  const dir = process.env.PAG_GOLDEN_DIR;
  return dir ? path.resolve(process.cwd(), dir) : fileURLToPath(new URL('./fixtures', import.meta.url));
}

export interface Fixture {
  file: string;
  name: string;
  type: string;
  [key: string]: unknown;
}

export function loadFixtures(dir = goldenDir()): Fixture[] {
  if (!fs.existsSync(dir)) throw new Error(`golden fixture folder not found: ${dir}`);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const data = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      return { file: f, name: data.name ?? f, ...data };
    });
}

export type Nested = number | Nested[];

export function shapeOf(a: Nested): number[] {
  return Array.isArray(a) ? [a.length, ...(a.length ? shapeOf(a[0]) : [])] : [];
}

function flatten(a: Nested): number[] {
  return Array.isArray(a) ? (a as unknown[]).flat(Infinity as 1) as number[] : [a];
}

export function flat(a: Nested): Float32Array {
  return Float32Array.from(flatten(a));
}

export function flat64(a: Nested): Float64Array {
  return Float64Array.from(flatten(a));
}

export interface FixtureModel {
  kind: 'mlp' | 'cnn';
  activation: 'relu' | 'softplus';
  params: Record<string, Nested>;
}

/**
 * The model spec a fixture implies, read off its parameter shapes: widths are not stored
 * separately, so unseen fixture sets with other widths or depths work too.
 */
export function specFromFixture(model: FixtureModel, x: Nested, numClasses?: number): ModelSpec {
  const xShape = shapeOf(x);
  if (model.kind === 'mlp') {
    const hidden: number[] = [];
    let i = 1;
    while (model.params[`W${i + 1}`]) {
      hidden.push(shapeOf(model.params[`W${i}`])[1]);
      i++;
    }
    const last = shapeOf(model.params[`W${i}`]);
    return { kind: 'mlp', inputSize: xShape[1], hidden, numClasses: numClasses ?? last[1], activation: model.activation };
  }
  if (model.kind === 'cnn') {
    const channels: number[] = [];
    for (let i = 1; model.params[`K${i}`]; i++) channels.push(shapeOf(model.params[`K${i}`])[3]);
    const W = shapeOf(model.params['W']);
    return {
      kind: 'cnn',
      inputShape: [xShape[1], xShape[2], xShape[3]],
      channels,
      numClasses: numClasses ?? W[1],
      activation: model.activation,
    };
  }
  throw new Error(`unknown model kind in fixture: ${(model as { kind: string }).kind}`);
}

/** Largest |a_i - b_i| relative to max |b|. */
export function relErrToMax(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  let scale = 0;
  let err = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
    err = Math.max(err, Math.abs(actual[i] - expected[i]));
  }
  return scale === 0 ? err : err / scale;
}

export function maxAbsErr(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  let err = 0;
  for (let i = 0; i < expected.length; i++) err = Math.max(err, Math.abs(actual[i] - expected[i]));
  return err;
}
