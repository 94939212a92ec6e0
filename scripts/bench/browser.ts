import type { BenchRow } from './stats';

/** Browser benchmarks need the Toy Lab page; filled in once the UI lands. */
export async function browserBenchmarks(_opts: { quick: boolean }): Promise<BenchRow[]> {
  return [];
}
