import { expect, openToyLab, percentIn, stepOf, test } from '../common/fixtures';

test('after an attack the suite shows each attack, a worst case never above plain PGD, and the sanity warning', async ({ page }) => {
  test.setTimeout(180_000);
  await openToyLab(page, 'wasm');
  const epochs = page.getByLabel('Epochs');
  await epochs.fill('2');
  await epochs.press('Enter');
  await page.getByTestId('play-pause').click();
  await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBe(94);

  // A radius far too small to reach the other class: the sweep's largest (2 eps = 1) cannot
  // bring accuracy near 0, so the page must say the attack may be too weak there.
  const eps = page.getByLabel('ε', { exact: true });
  await eps.fill('0.5');
  await eps.press('Enter');
  await page.getByTestId('attack-run').click();
  const suite = page.getByTestId('attack-suite');
  await expect(suite).toBeVisible({ timeout: 120_000 });
  for (const row of ['PGD-20 (the attack above)', 'PGD-40, from the point and 2 random starts', 'PGD on the logit margin (CW loss)', "vanilla's adversarial points, replayed", 'worst case per point']) {
    await expect(suite.getByRole('cell', { name: row })).toBeVisible();
  }
  for (const k of ['vanilla', 'pag'] as const) {
    await expect(page.getByTestId(`worst-acc-${k}`)).toHaveText(/^\d{1,3}\.\d %$/);
    // The worst case per point can only be at or below the plain PGD figure of the same attack.
    expect(await percentIn(page, `worst-acc-${k}`)).toBeLessThanOrEqual(await percentIn(page, `robust-acc-${k}`));
  }
  const warnings = page.getByTestId('attack-warning');
  await expect(warnings.first()).toContainText('attack may be too weak here');
  await expect(warnings.first()).toContainText('eps 1, the largest radius tried');
  await expect(page.getByTestId('attack-sanity-ok')).toHaveCount(0);
});
