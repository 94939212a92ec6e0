import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Page } from '@playwright/test';
import { syntheticCifarFiles } from '../../src/core/data/syntheticCifar';
import { expect } from '../common/fixtures';

/**
 * The CIFAR Lab's end-to-end fixtures. `test` is the Toy Lab's (fixtures.ts): at the end of every
 * test it checks that the console showed no errors and that no request left the app's origin.
 */
export { expect, test } from '../common/fixtures';

let generated: string | null = null;

/**
 * The folder of CIFAR-10 data the tests serve, holding train.bin, test.bin and batches.meta.txt
 * as `npm run data:cifar` writes them. Default: a generated set in the official format
 * (src/core/data/syntheticCifar.ts: 60 training and 50 test images per class), written once per
 * test process to a temporary folder. PAG_CIFAR_DIR=DIR serves real data instead, for development
 * runs (the tests assert nothing that needs it).
 */
export function cifarSource(): string {
  if (process.env.PAG_CIFAR_DIR) return path.resolve(process.env.PAG_CIFAR_DIR);
  if (generated === null) {
    const dir = mkdtempSync(path.join(tmpdir(), 'pag-cifar-'));
    for (const [name, content] of Object.entries(syntheticCifarFiles({ trainPerClass: 60, testPerClass: 50, seed: 1 }))) {
      writeFileSync(path.join(dir, name), content);
    }
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    generated = dir;
  }
  return generated;
}

/** The built app the preview server serves (PAG_DIST overrides, for runs on another folder). */
const DIST = path.resolve(process.env.PAG_DIST ?? 'dist');

/**
 * Serves CIFAR-10 data the way a user would: `npm run data:cifar -- --from <cifarSource()>`,
 * written straight into the build (public/ was copied into dist/ at build time, and public/data
 * is git-ignored and usually empty). Small per-class counts keep the download quick.
 */
export function placeServedData(): void {
  const source = cifarSource();
  if (!existsSync(path.join(source, 'train.bin'))) throw new Error(`no CIFAR-10 train.bin in ${source} (PAG_CIFAR_DIR)`);
  execFileSync(
    'npm',
    ['run', '--silent', 'data:cifar', '--', '--from', source, '--out', path.join(DIST, 'data', 'cifar10'), '--train-per-class', '60', '--test-per-class', '20'],
    { stdio: 'pipe' },
  );
}

/** Opens the CIFAR Lab on the live run and waits until the served data is loaded and a first run is built. */
export async function openCifarLab(page: Page, backend?: string, engine?: 'fused' | 'tfjs'): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 720 });
  const query = [backend && `backend=${backend}`, engine && `engine=${engine}`].filter(Boolean).join('&');
  await page.goto(query ? `/cifar.html?${query}` : '/cifar.html');
  // The page opens on the shipped pretrained models: these tests are about the live run.
  await page.getByTestId('view-live').click();
  await expect(page.getByTestId('backend-badge')).not.toHaveAttribute('data-backend', '', { timeout: 60_000 });
  await expect(page.getByTestId('data-status')).toHaveAttribute('data-status', 'loaded', { timeout: 60_000 });
  await expect(page.getByTestId('progress')).toHaveAttribute('data-round', '0', { timeout: 90_000 });
}

/** Types a value into a settings field and commits it (Enter). */
export async function setField(page: Page, testId: string, value: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.fill(value);
  await input.press('Enter');
}

/** A tiny run: 2 classes (airplane, frog), 8 training + 4 test images each, one epoch of batch 8. */
export async function configureTiny(page: Page): Promise<void> {
  await page.getByText('Training', { exact: true }).click(); // opens the details
  await setField(page, 'train-per-class', '8');
  await setField(page, 'test-per-class', '4');
  await setField(page, 'batch-size', '8');
  await setField(page, 'epochs', '1');
  await setField(page, 'nn-pool', '4');
  await expect(page.getByTestId('settings-pending')).toBeVisible();
  await page.getByTestId('build').click();
  await expect(page.getByTestId('settings-pending')).toBeHidden({ timeout: 90_000 });
  await expect(page.getByTestId('progress')).toHaveAttribute('data-round', '0');
}
