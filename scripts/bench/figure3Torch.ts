/**
 * Figure 3 in single-thread PyTorch, timed in the same bench run as the browser's "Reproduce
 * Figure 3" (e2e/bench/figure3.bench.ts): scripts/torch/toy_pipeline.py trains the vanilla and
 * the PAG (nearest-neighbour) model of the paper's toy setting, seed 2, 100 epochs, and attacks
 * each (its `seconds` cover targets, training and the attack, as the browser's click-to-result
 * does). The bench's ratio is the browser's time over the sum of the two.
 */
import { spawnSync } from 'node:child_process';
import { pythonWithTorch } from './cnnStep';

export function torchFigure3Seconds(): { seconds: number; perModel: Record<string, number> } | null {
  const py = pythonWithTorch();
  if (!py) return null;
  const args = ['toy_pipeline.py', '--seeds', '2', '--vanilla', '--variants', 'float32:paper:autograd:cdist', '--epochs', '100'];
  const r = spawnSync(py, args, { cwd: 'scripts/torch', encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) return null;
  const perModel: Record<string, number> = {};
  for (const line of r.stdout.trim().split('\n')) {
    if (!line.startsWith('{')) continue;
    const o = JSON.parse(line) as { method: string; seconds: number };
    perModel[o.method] = o.seconds;
  }
  const seconds = Object.values(perModel).reduce((a, b) => a + b, 0);
  return Object.keys(perModel).length === 2 ? { seconds, perModel } : null;
}
