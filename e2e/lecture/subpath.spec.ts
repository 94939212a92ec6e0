import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { test as base, expect } from '@playwright/test';
import { cifarSource } from '../cifar/cifarFixtures';
import { collectConsoleErrors, collectForeignRequests } from '../common/helpers';
import { serveStatic } from './staticServer';

// Static deploy anywhere (issue 15): `vite build --base=/course/pag/` gives a folder that works
// from a sub-folder of a plain static host: both labs, their workers, the wasm files, the
// pretrained models and served data, every request under the sub-path.

const PREFIX = '/course/pag/';
const OUT = path.resolve(`${process.env.PAG_DIST ?? 'dist'}-subpath`);
const requested: string[] = [];
let host: Awaited<ReturnType<typeof serveStatic>>;

const test = base.extend<{ guards: void }>({
  guards: [
    async ({ page }, use) => {
      if (!host) return use(); // the webgpu project builds nothing here: its tests skip
      const errors = collectConsoleErrors(page);
      const foreign = collectForeignRequests(page, host.origin);
      await use();
      expect(errors.errors, 'console errors').toEqual([]);
      expect(foreign.requests, 'requests to other origins').toEqual([]);
      expect(requested.filter((p) => !p.startsWith(PREFIX)), 'requests outside the sub-path').toEqual([]);
    },
    { auto: true },
  ],
});

test.describe('built with --base, served from a sub-folder', () => {
  test.beforeAll(async ({}, info) => {
    if (info.project.name === 'webgpu') return;
    test.setTimeout(240_000);
    execFileSync('npx', ['vite', 'build', `--base=${PREFIX}`, '--outDir', OUT, '--emptyOutDir'], { stdio: 'pipe' });
    execFileSync('npm', ['run', '--silent', 'data:cifar', '--', '--from', cifarSource(), '--out', path.join(OUT, 'data', 'cifar10'), '--train-per-class', '60', '--test-per-class', '20'], { stdio: 'pipe' });
    host = await serveStatic(OUT, PREFIX, requested);
  });
  test.afterAll(async () => host?.close());

  test('Toy Lab: opens, trains on wasm (its .wasm under the sub-path)', async ({ page }, info) => {
    test.skip(info.project.name === 'webgpu', 'deployment only: run once, in the fallback project');
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${host.origin}${PREFIX}?backend=wasm`);
    await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
    await expect(page.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 });
    for (let i = 1; i <= 3; i++) {
      await page.getByTestId('step').click();
      await expect.poll(async () => Number(await page.getByTestId('step-counter').getAttribute('data-step'))).toBe(i);
    }
    await expect(page.getByTestId('clean-acc-vanilla')).not.toHaveText('—');
    expect(requested.some((p) => p.startsWith(`${PREFIX}tfjs-wasm/`) && p.endsWith('.wasm'))).toBe(true);
    expect(requested.some((p) => p.startsWith(`${PREFIX}assets/`) && /worker/i.test(p))).toBe(true);
  });

  test('CIFAR Lab: the pretrained models load, the served data trains; the labs link to each other under the sub-path', async ({ page }, info) => {
    test.skip(info.project.name === 'webgpu', 'deployment only: run once, in the fallback project');
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${host.origin}${PREFIX}cifar.html?backend=wasm`);
    await expect(page.getByTestId('pretrained')).toHaveAttribute('data-state', 'loaded', { timeout: 90_000 });
    expect(requested.some((p) => p.startsWith(`${PREFIX}pretrained/`))).toBe(true);
    await expect(page.getByRole('link', { name: 'Toy Lab' })).toHaveAttribute('href', PREFIX);

    await page.goto(`${host.origin}${PREFIX}cifar.html?backend=wasm&train=8&test=4&batch=8&epochs=1&pool=4`);
    await expect(page.getByTestId('progress')).toHaveAttribute('data-round', '0', { timeout: 90_000 });
    await page.getByTestId('step').click();
    await expect(page.getByTestId('saliency')).toHaveAttribute('data-round', '1', { timeout: 90_000 });
    expect(requested.some((p) => p.startsWith(`${PREFIX}data/cifar10/`))).toBe(true);
  });
});
