import { mkdirSync, writeFileSync } from 'node:fs';
import { test, type Browser, type Page } from '@playwright/test';
import { hidePage, showPage } from '../common/visibility';

/**
 * What a hidden tab costs while the Toy Lab is training: CPU seconds per second of the page's
 * renderer process (main thread and the engine worker together; CDP SystemInfo.getProcessInfo),
 * the main thread's own task time (CDP Performance.getMetrics TaskDuration) and training steps
 * per second, visible versus hidden. A figure, not a pass/fail test.
 */
const WINDOW_MS = 6000;

interface Sample {
  t: number;
  rendererCpu: number;
  mainTask: number;
  step: number;
}

async function rendererCpu(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; cpuTime: number }[] };
  await cdp.detach();
  return processInfo.filter((p) => p.type === 'renderer').reduce((s, p) => s + p.cpuTime, 0);
}

async function sample(page: Page, browser: Browser, metrics: { send(m: 'Performance.getMetrics'): Promise<{ metrics: { name: string; value: number }[] }> }): Promise<Sample> {
  const { metrics: m } = await metrics.send('Performance.getMetrics');
  const step = Number(await page.getByTestId('step-counter').getAttribute('data-step'));
  return { t: Date.now(), rendererCpu: await rendererCpu(browser), mainTask: m.find((x) => x.name === 'TaskDuration')?.value ?? 0, step };
}

function rates(a: Sample, b: Sample) {
  const s = (b.t - a.t) / 1000;
  return {
    rendererCpuPerSecond: +((b.rendererCpu - a.rendererCpu) / s).toFixed(3),
    mainThreadTaskPerSecond: +((b.mainTask - a.mainTask) / s).toFixed(3),
    stepsPerSecond: +((b.step - a.step) / s).toFixed(1),
  };
}

test('CPU while the tab is hidden versus visible (training at full speed)', async ({ page, browser }, info) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/?backend=wasm');
  await page.waitForFunction(() => !(document.querySelector('[data-testid=play-pause]') as HTMLButtonElement).disabled, null, { timeout: 120_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.getByTestId('play-pause').click();
  await page.waitForTimeout(1500);
  const v0 = await sample(page, browser, cdp);
  await page.waitForTimeout(WINDOW_MS);
  const v1 = await sample(page, browser, cdp);
  const how = await hidePage(page);
  await page.waitForTimeout(1000); // the slice and snapshot in flight finish
  const h0 = await sample(page, browser, cdp);
  await page.waitForTimeout(WINDOW_MS);
  const h1 = await sample(page, browser, cdp);
  await showPage(page);
  const row = { project: info.project.name, backend: 'wasm', hiddenBy: how, visible: rates(v0, v1), hidden: rates(h0, h1) };
  console.log(JSON.stringify(row));
  console.log(
    `hidden tab: renderer CPU ${row.hidden.rendererCpuPerSecond} s/s (visible ${row.visible.rendererCpuPerSecond}), ` +
      `main-thread tasks ${row.hidden.mainThreadTaskPerSecond} s/s (visible ${row.visible.mainThreadTaskPerSecond}), ` +
      `${row.hidden.stepsPerSecond} steps/s (visible ${row.visible.stepsPerSecond}); hidden by ${how === 'real' ? 'a second tab in front' : 'the visibility override'}`,
  );
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(`bench-results/hidden-${info.project.name}.json`, JSON.stringify(row, null, 2));
});
