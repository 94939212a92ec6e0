/**
 * Reproduction CLI for reviewers (README, "Reproduction CLI"):
 *   npm run reproduce -- toy [--seed N | --seeds 1-10] [--epochs N] [--methods ...] [--eps ...] [--out DIR]
 *   npm run reproduce -- cifar --data DIR [--seed N | --seeds 1-3] [--classes 0,1,6,7,8] [--per-class N]
 *                              [--test-per-class N] [--methods ...] [--epochs N] [--k N] [--warmup N] [--out DIR]
 * Runs the same engine as the app, in Node, on the wasm backend.
 */
import { parseCifarArgs, parseToyArgs, UsageError } from '../src/cli/args';
import { CIFAR_DEFAULTS } from '../src/core/experiment/cifarSettings';
import { reproduceCifar } from './reproduceCifar';
import { reproduceToy } from './reproduceToy';

const USAGE = 'usage: npm run reproduce -- toy|cifar [options] (see README, "Reproduction CLI")';

async function main(argv: string[]): Promise<void> {
  const [experiment, ...rest] = argv;
  if (experiment === 'toy') return reproduceToy(parseToyArgs(rest));
  if (experiment === 'cifar') {
    const d = CIFAR_DEFAULTS;
    return reproduceCifar(parseCifarArgs(rest, { ...d, perClass: d.trainPerClass }));
  }
  if (experiment === undefined || experiment === '--help' || experiment === '-h') throw new UsageError(USAGE);
  throw new UsageError(`unknown experiment "${experiment}" (available: toy, cifar)`);
}

main(process.argv.slice(2)).catch((e) => {
  const msg = e instanceof UsageError ? e.message : `failed: ${(e as Error).message}`;
  process.stderr.write(`reproduce: ${msg.split('\n')[0]}\n`);
  process.exit(e instanceof UsageError ? 2 : 1);
});
