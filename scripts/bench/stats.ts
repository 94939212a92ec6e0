/** Median of repeated timings: robust to the noisy shared machines benchmarks run on. */
export function medianOf(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Runs fn `reps` times after `warmup` runs; returns the median milliseconds per call. */
export async function timeIt(fn: () => unknown | Promise<unknown>, reps: number, warmup = 3): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return medianOf(times);
}

export interface BenchRow {
  group: string;
  name: string;
  value: number;
  unit: string;
  /** Ratio against the group's baseline measured in the same run, when there is one. */
  ratio?: number;
  note?: string;
}

export function printRows(rows: BenchRow[]): string {
  const line = (c: string[]) => `| ${c.join(' | ')} |`;
  const out = [line(['group', 'benchmark', 'value', 'unit', 'ratio', 'note']), line(['---', '---', '---', '---', '---', '---'])];
  for (const r of rows) {
    out.push(line([r.group, r.name, r.value < 10 ? r.value.toFixed(3) : r.value.toFixed(1), r.unit, r.ratio === undefined ? '' : r.ratio.toFixed(2), r.note ?? '']));
  }
  return out.join('\n');
}
