import type { Page } from '@playwright/test';
import { expect, stepOf, test, trainSteps } from '../common/fixtures';

/**
 * Link vs autosave in the Toy Lab (src/common/page/persist/linkVsSaved.ts): a link with other settings
 * wins and the autosaved run stays in Saved runs; a reload of the page's own address reopens it.
 */
const LINK_A = '/?backend=wasm&data=moons&noise=0.5&seed=5&n=60&width=8&layers=1&epochs=3';
const LINK_B = LINK_A.replace('seed=5', 'seed=6');

async function open(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await expect(page.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 });
}

test('a link with other settings wins over the autosaved run, which stays in Saved runs; a reload restores it', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await open(page, LINK_A);
  await trainSteps(page, 3);
  const acc = await page.getByTestId('clean-acc-pag').textContent();
  const seed = page.locator('#setting-seed');
  await expect(page.getByTestId('saved-run')).toHaveCount(1);

  // A plain reload: the address holds this run's settings, so the run comes back.
  await page.reload();
  await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBe(3);
  await expect(page.getByTestId('clean-acc-pag')).toHaveText(acc!);
  await expect(page.getByTestId('link-notice')).toHaveCount(0);

  // Another link in the same browser: its settings, a notice, and the earlier run in the list.
  await open(page, LINK_B);
  const notice = page.getByTestId('link-notice');
  await expect(notice).toContainText('seed 5', { timeout: 60_000 });
  await expect(notice).toContainText('kept in Saved runs');
  await expect(seed).toHaveValue('6');
  expect(await stepOf(page)).toBe(0);
  expect(new URL(page.url()).searchParams.get('seed')).toBe('6');
  const earlier = page.getByTestId('saved-run').filter({ hasText: 'seed 5' });
  await expect(earlier).toHaveCount(1);
  await expect(earlier).toContainText('step 3');

  // Reachable: reopened from the list, it is the same run.
  await earlier.getByTestId('reopen-run').click();
  await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBe(3);
  await expect(seed).toHaveValue('5');
  await expect(page.getByTestId('clean-acc-pag')).toHaveText(acc!);

  // An edit not yet applied is in the address; reloading this tab's own address still restores the run.
  await seed.fill('9');
  await seed.press('Enter');
  await expect.poll(() => new URL(page.url()).searchParams.get('seed')).toBe('9');
  await page.reload();
  await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBe(3);
  await expect(seed).toHaveValue('5');
  await expect(page.getByTestId('clean-acc-pag')).toHaveText(acc!);
  await expect(page.getByTestId('saved-run')).toHaveCount(1);
});
