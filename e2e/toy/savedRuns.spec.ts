import { expect, stepOf, test, trainSteps as train } from '../common/fixtures';

/** The Toy Lab's saved-runs list: two runs, compared side by side, one reopened, one deleted. */
const LINK = '/?backend=wasm&data=moons&noise=0.5&seed=5&n=60&width=8&layers=1&epochs=3';

test('saved runs: compare side by side, reopen one, delete the other', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(LINK);
  await expect(page.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 });
  await train(page, 2);
  const accA = await page.getByTestId('clean-acc-pag').textContent();
  const seed = page.locator('#setting-seed');
  await seed.fill('6');
  await seed.press('Enter');
  await page.getByTestId('reset').click();
  await expect.poll(() => stepOf(page)).toBe(0);
  await train(page, 1);
  const runs = page.getByTestId('saved-run');
  await expect(runs).toHaveCount(2);
  const a = runs.filter({ hasText: 'seed 5' });
  const b = runs.filter({ hasText: 'seed 6' });
  await expect(b).toContainText('(on screen)');

  await a.getByTestId('compare-run').check();
  await b.getByTestId('compare-run').check();
  const table = page.getByTestId('compare-table');
  await expect(table.locator('thead th')).toHaveCount(3);
  const stepRow = table.locator('tr', { hasText: 'Step' }).locator('td');
  // Columns in the list's order, newest first: B (1 step), then A (2 steps).
  await expect(table.locator('thead th').nth(1)).toContainText('seed 6');
  await expect(stepRow).toHaveText([/^1 \//, /^2 \//]);
  await expect(table.locator('tr', { hasText: 'Clean acc. PAG' }).locator('td')).toHaveText([/\d%$/, /\d%$/]);

  await a.getByTestId('reopen-run').click();
  await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBe(2);
  await expect(seed).toHaveValue('5');
  await expect(page.getByTestId('clean-acc-pag')).toHaveText(accA!);
  await expect(a).toContainText('(on screen)');

  await b.getByTestId('delete-run').click();
  await expect(runs).toHaveCount(1);
  await expect(table.locator('thead th')).toHaveCount(2);
  await page.reload();
  await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBe(2);
  await expect(page.getByTestId('saved-run')).toHaveCount(1);
});
