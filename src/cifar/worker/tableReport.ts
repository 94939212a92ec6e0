import type { ModelResult, RunResult } from '../../core/experiment/results';
import { table1Markdown } from '../../core/report/markdown';
import type { CifarRunSettings, TableRequest } from '../contract/settings';
import type { CifarSession } from './session';

/** The lab's table in the CLI's results.json schema (experiment "cifar"), settings included. */
export function tableRun(settings: CifarRunSettings, req: TableRequest, models: ModelResult[]): RunResult {
  return { experiment: 'cifar', seed: settings.seed, settings: { ...settings, table: { ...req } }, models };
}

/** The Markdown export: a heading that says what was trained, then table1Markdown (ours beside the paper's). */
export function tableMarkdown(run: RunResult, s: CifarSession, req: TableRequest): string {
  const st = s.settings;
  const classes = s.data.train.classNames.join(' vs ');
  const progress = s.finished ? `${st.epochs} epochs` : `${s.round} of ${s.totalRounds} steps (${(s.round / s.roundsPerEpoch).toFixed(2)} epochs)`;
  return [
    `## Small Table 1: CIFAR-10 ${classes}`,
    '',
    `${s.data.train.n} training / ${s.data.test.n} test images, CNN ${st.channels.join('-')}, batch ${st.batchSize}, ${progress}, lambda ${st.lambda}, seed ${st.seed}.`,
    `Untargeted PGD-${req.steps}, alpha = 2.5 eps / ${req.steps}, inputs in [0, 1]. Paper columns: ResNet-18 on all of CIFAR-10 (10 classes).`,
    '',
    table1Markdown(run),
    '',
  ].join('\n');
}
