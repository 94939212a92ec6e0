import { expect, test } from '../common/fixtures';
import { expectNoScroll, host } from './embedHost';

// Embed mode (issue 15): the link dialog's <iframe> code, put in a page, shows the boundary plots
// and a play button in 800x450 without scrolling, and play trains.

test('embed: the Embed code in an 800x450 iframe fits without scrolling and plays', async ({ page }, info) => {
  test.skip(info.project.name === 'webgpu', 'layout only: run once, in the fallback project');
  // 10 steps/s, not max: the page stays responsive to clicks on a loaded test machine.
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/?backend=wasm&speed=10');
  await expect(page.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 });
  await page.getByTestId('embed-open').click();
  const code = await page.getByTestId('embed-code').inputValue();
  expect(code).toMatch(/^<iframe src="http:\/\/localhost:\d+\/\?[^"]*embed=1&amp;panels=boundary" width="800" height="450"/);

  // A page of the same origin holding only the snippet.
  const inner = await host(page, code);
  const frame = page.frameLocator('iframe');
  await expect(frame.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 });

  await expectNoScroll(inner);
  // Both boundary plots whole inside the frame; the settings and the lower sections hidden.
  for (const model of ['vanilla', 'pag']) {
    const b = await inner.getByTestId(`boundary-${model}`).evaluate((el) => el.getBoundingClientRect().toJSON() as DOMRect);
    expect(b.bottom).toBeLessThanOrEqual(450);
    expect(b.right).toBeLessThanOrEqual(800);
    expect(b.width).toBeGreaterThan(300);
  }
  await expect(frame.getByTestId('preset-figure3')).toBeHidden();
  await expect(frame.getByText('Train points / class')).toBeHidden();

  await frame.getByTestId('play-pause').click();
  await expect.poll(async () => Number(await frame.getByTestId('step-counter').getAttribute('data-step')), { timeout: 60_000 }).toBeGreaterThan(5);
  await frame.getByTestId('play-pause').click();
});
