import { configureTiny, expect, openCifarLab, placeServedData, setField, test } from './cifarFixtures';

/**
 * The CIFAR Lab's attack suite (issue 14): under Table 1, the opt-in suite adds each model's
 * per-point worst case beside plain PGD, and the sanity warnings follow the figures shown.
 */
test.beforeAll(placeServedData);

const percent = (text: string) => [...text.matchAll(/(\d+(?:\.\d+)?) %/g)].map((m) => Number(m[1]));

test('the attack suite under Table 1: a worst case per model never above plain PGD, and the warnings it implies', async ({ page }, info) => {
  test.skip(info.project.name === 'webgpu', 'the suite does not depend on the backend: run once, on wasm, in the fallback project');
  test.setTimeout(400_000);
  await openCifarLab(page, 'wasm');
  await configureTiny(page);
  await page.getByTestId('play-pause').click();
  await expect(page.getByTestId('progress')).toHaveAttribute('data-finished', 'true', { timeout: 150_000 });

  await setField(page, 'table-steps', '2');
  await expect(page.getByTestId('worst-case-table')).toHaveCount(0);
  await page.getByTestId('table-suite').check();
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('table-result')).toBeVisible({ timeout: 240_000 });
  const worst = page.getByTestId('worst-case-table');
  await expect(worst).toBeVisible({ timeout: 60_000 });

  let anyKept = false;
  for (const m of ['vanilla', 'nn']) {
    const cells = page.getByTestId(`worst-row-${m}`).locator('td');
    await expect(cells).toHaveCount(3); // the model, then L∞ and L2: "PGD → worst"
    for (let i = 1; i < 3; i++) {
      const [pgd, worstCase] = percent((await cells.nth(i).textContent()) ?? '');
      expect(pgd).toBeGreaterThanOrEqual(0);
      expect(worstCase).toBeLessThanOrEqual(pgd);
      if (worstCase > 5) anyKept = true;
    }
  }
  // The table has one radius per norm, so it is the largest: a model keeping more than 5 % there
  // must carry the warning.
  if (anyKept) await expect(page.getByTestId('table-warnings')).toContainText('attack may be too weak here');
  await info.attach('cifar-suite', { body: await page.getByTestId('worst-case').screenshot(), contentType: 'image/png' });
});
