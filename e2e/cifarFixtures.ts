import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/**
 * The CIFAR Lab's end-to-end fixtures. `test` is the Toy Lab's (fixtures.ts): at the end of every
 * test it checks that the console showed no errors and that no request left the app's origin.
 */
export { expect, test } from './fixtures';

/** The shared development subset (see its README); CIFAR_SHARED overrides. */
export const SHARED = path.resolve(process.env.CIFAR_SHARED ?? '../shared/data/cifar10');
/** The built app the preview server serves (PAG_DIST overrides, for runs on another folder). */
const DIST = path.resolve(process.env.PAG_DIST ?? 'dist');

/**
 * Serves CIFAR-10 data the way a user would: `npm run data:cifar -- --from <shared subset>`,
 * written straight into the build (public/ was copied into dist/ at build time, and public/data
 * is git-ignored and usually empty). Small per-class counts keep the download quick.
 */
export function placeServedData(): void {
  if (!existsSync(path.join(SHARED, 'train.bin'))) throw new Error(`no CIFAR-10 subset at ${SHARED} (set CIFAR_SHARED)`);
  execFileSync(
    'npm',
    ['run', '--silent', 'data:cifar', '--', '--from', SHARED, '--out', path.join(DIST, 'data', 'cifar10'), '--train-per-class', '60', '--test-per-class', '20'],
    { stdio: 'pipe' },
  );
}

/** Opens the CIFAR Lab on the live run and waits until the served data is loaded and a first run is built. */
export async function openCifarLab(page: Page, backend?: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(backend ? `/cifar.html?backend=${backend}` : '/cifar.html');
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
