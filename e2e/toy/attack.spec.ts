import { expect, openToyLab, percentIn, stepOf, test } from '../common/fixtures';

test('a short training run followed by an attack fills all four accuracy fields', async ({ page }) => {
  await openToyLab(page, 'wasm');
  // Two epochs (94 steps): applied at once, nothing has trained yet.
  const epochs = page.getByLabel('Epochs');
  await epochs.fill('2');
  await epochs.press('Enter');
  await expect(page.getByTestId('step-counter').locator('..')).toContainText('/ 94');
  await page.getByTestId('play-pause').click();
  await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBe(94);
  await expect(page.getByTestId('play-pause')).toHaveAttribute('aria-label', 'Play');

  const cleanBefore = { vanilla: await percentIn(page, 'clean-acc-vanilla'), pag: await percentIn(page, 'clean-acc-pag') };
  for (const k of ['vanilla', 'pag'] as const) expect(cleanBefore[k]).toBeGreaterThan(0);
  await expect(page.getByTestId('robust-acc-vanilla')).not.toContainText('%');

  await page.getByTestId('attack-run').click();
  for (const id of ['robust-acc-vanilla', 'robust-acc-pag']) await expect(page.getByTestId(id)).toHaveText(/^\d{1,3}\.\d %$/, { timeout: 60_000 });
  // The attack trains nothing: the clean accuracies are those of the paused models.
  for (const k of ['vanilla', 'pag'] as const) expect(await percentIn(page, `clean-acc-${k}`)).toBe(cleanBefore[k]);
  // The fields hold this attack's figures: the sentence under the attack bar (once the sweep and
  // suite after the attack are done) states the same numbers, and an attack towards the other
  // class leaves no model more accurate than it was on clean points.
  const line = page.getByRole('status').filter({ hasText: 'PGD on all 600 test points' });
  for (const k of ['vanilla', 'pag'] as const) {
    const robust = await percentIn(page, `robust-acc-${k}`);
    expect(robust).toBeLessThanOrEqual(await percentIn(page, `clean-acc-${k}`));
    await expect(line).toContainText(`${k === 'pag' ? 'PAG' : 'vanilla keeps'} ${robust.toFixed(1)} %`, { timeout: 120_000 });
  }
  // Trajectories are drawn on both plots and can be stepped through.
  await expect(page.getByTestId('boundary-pag').locator('polyline').first()).toBeAttached();
  await page.getByRole('button', { name: 'Previous PGD step' }).click();
  await expect(page.getByText('step 19 / 20')).toBeVisible();
  // The eps sweep and the distance histogram arrive after the attack.
  await expect(page.getByText('run an attack to see the curve')).toHaveCount(0, { timeout: 60_000 });
});
