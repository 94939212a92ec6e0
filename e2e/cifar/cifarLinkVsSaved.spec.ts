import type { Page } from '@playwright/test';
import { configureTiny, expect, openCifarLab, placeServedData, setField, test } from './cifarFixtures';

/**
 * Link vs autosave in the CIFAR Lab (src/common/page/persist/linkVsSaved.ts): a link with other settings
 * wins and the autosaved run stays in Saved runs; a reload of the page's own address reopens it.
 */
test.beforeAll(placeServedData);

const progress = (page: Page) => page.getByTestId('progress');
const seedOf = (url: string) => new URL(url).searchParams.get('seed');

test('a link with other settings wins over the autosaved run, which stays in Saved runs; a reload restores it', async ({ page }) => {
  await openCifarLab(page, 'wasm');
  await configureTiny(page);
  await page.getByTestId('step').click();
  await expect(progress(page)).toHaveAttribute('data-round', '1', { timeout: 90_000 });
  await expect(page.getByTestId('saved-run')).toHaveCount(1);
  await expect(page.getByTestId('autosave-status')).toContainText('Autosaved');
  const seed = await page.getByTestId('seed').inputValue();
  // The address bar follows the state: it holds the tiny run's settings.
  await expect.poll(() => new URL(page.url()).searchParams.get('train')).toBe('8');
  const linkA = page.url();

  // A plain reload: the run comes back.
  await page.reload();
  await expect(progress(page)).toHaveAttribute('data-round', '1', { timeout: 90_000 });
  await expect(page.getByTestId('train-per-class')).toHaveValue('8');
  await expect(page.getByTestId('link-notice')).toHaveCount(0);

  // Another link in the same browser (another seed): its settings, a notice, the earlier run in the list.
  const other = String(Number(seed) + 1);
  const linkB = new URL(linkA);
  linkB.searchParams.set('seed', other);
  await page.goto(linkB.href);
  const notice = page.getByTestId('link-notice');
  await expect(notice).toContainText(`seed ${seed}`, { timeout: 90_000 });
  await expect(notice).toContainText('kept in Saved runs');
  await expect(progress(page)).toHaveAttribute('data-round', '0');
  await expect(page.getByTestId('seed')).toHaveValue(other);
  expect(seedOf(page.url())).toBe(other);
  const earlier = page.getByTestId('saved-run').filter({ hasText: `seed ${seed}` });
  await expect(earlier).toHaveCount(1);
  await expect(earlier).toContainText('step 1');

  // Reachable: reopened from the list, it is the same run.
  await earlier.getByTestId('reopen-run').click();
  await expect(progress(page)).toHaveAttribute('data-round', '1', { timeout: 90_000 });
  await expect(page.getByTestId('seed')).toHaveValue(seed);

  // An edit not yet applied is in the address; reloading this tab's own address still restores the run.
  await page.getByText('Training', { exact: true }).click(); // opens the details
  await setField(page, 'seed', '77');
  await expect.poll(() => seedOf(page.url())).toBe('77');
  await page.reload();
  await expect(progress(page)).toHaveAttribute('data-round', '1', { timeout: 90_000 });
  await expect(page.getByTestId('seed')).toHaveValue(seed);
  await expect(page.getByTestId('saved-run')).toHaveCount(1);
});
