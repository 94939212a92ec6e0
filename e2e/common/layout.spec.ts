import type { Page, TestInfo } from '@playwright/test';
import { placeServedData } from '../cifar/cifarFixtures';
import { expect, test } from './fixtures';
import { doTourStep, expectBeside, openPanelMath } from './teach';

// Issue 16, "the first minute": the frame of both labs at 1024x768 and 1280x720, in normal and
// presentation mode. Geometry, measured in the browser: no sideways scroll, a one-row top bar whose
// buttons and title keep to one line, the two boundary plots side by side at equal size (at least
// 40 % of the width each in presentation mode), no card over another, chart text that grows with
// the page; the math opens without resizing the plots; the tour waits for each step's action and
// sits beside what it points at. A screenshot of each layout is kept with the test's results.

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 720 },
] as const;

/** 2 classes x 8 images, batch 8, 1 epoch (the CIFAR teaching tests' small run). */
const CIFAR_LIVE = '/cifar.html?backend=wasm&classes=0,6&train=8&test=4&batch=8&epochs=1&pool=4&methods=vanilla,nn';

interface Geometry {
  scrollWidth: number;
  innerWidth: number;
  topbarHeight: number;
  /** Labels, buttons, selects and headings of the top bar and the sidebar whose text takes more than one line. */
  wrapped: string[];
  /** Such texts cut short (clipped, ellipsised or running out of their box); badge lines included. */
  cut: string[];
  /** Pairs of cards that overlap. */
  overlaps: string[];
}

/** The sidebar of each lab (the Toy Lab's settings; the CIFAR Lab's left column, in both views). */
const SIDEBAR = 'aside.settings, .main > .left';

/** What the page looks like, measured in the browser. */
async function geometry(page: Page): Promise<Geometry> {
  return page.evaluate((sidebar) => {
    const visible = (e: Element) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden' && e.checkVisibility();
    };
    const name = (e: Element) => (e.getAttribute('data-testid') ?? e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 40);
    // The element's own text (not that of a control inside a label): its line boxes.
    const textRects = (e: Element) => {
      const out: DOMRect[] = [];
      const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        if (!n.textContent?.trim() || n.parentElement?.closest('select, textarea, input') !== null) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        out.push(...[...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0));
      }
      return out;
    };
    // One line: the text's line boxes all start at (about) the same height.
    const lines = (e: Element) => {
      const tops = textRects(e).map((r) => Math.round(r.top));
      return tops.filter((t, i) => tops.findIndex((u) => Math.abs(u - t) <= 4) === i).length;
    };
    // Also: a button's box is not taller than about one line (padding and border aside).
    const oneLineHigh = (e: Element) => {
      const cs = getComputedStyle(e);
      const line = cs.lineHeight === 'normal' ? 1.25 * parseFloat(cs.fontSize) : parseFloat(cs.lineHeight);
      const inner = e.getBoundingClientRect().height - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom) - parseFloat(cs.borderTopWidth) - parseFloat(cs.borderBottomWidth);
      return inner <= 1.5 * line + 2;
    };
    // Cut: a select too narrow for its chosen option (text + padding + the arrow's ~20 px), a box
    // whose content is wider than it, or text running out of the box it belongs to.
    const canvas = document.createElement('canvas').getContext('2d')!;
    const isCut = (e: Element, root: Element) => {
      if (e instanceof HTMLSelectElement) {
        const cs = getComputedStyle(e);
        canvas.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
        const text = e.selectedOptions[0]?.text ?? '';
        return canvas.measureText(text).width + parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight) + 20 > e.clientWidth + 1;
      }
      if (getComputedStyle(e).display !== 'inline' && e.scrollWidth > e.clientWidth + 1) return true;
      const box = (e.closest('.card') ?? root).getBoundingClientRect();
      return textRects(e).some((r) => r.right > box.right + 1 || r.left < box.left - 1);
    };
    const wrapped: string[] = [];
    const cut: string[] = [];
    const bar = document.querySelector('.topbar')!;
    const roots = [bar, ...document.querySelectorAll(sidebar)];
    // What the sidebar folds away (more settings, the panel help and its math button) is measured open.
    const folded = roots.flatMap((r) => [...r.querySelectorAll('details:not([open])')]) as HTMLDetailsElement[];
    for (const d of folded) d.open = true;
    for (const root of roots) {
      const where = root === bar ? 'top bar' : 'sidebar';
      const texts = [...root.querySelectorAll('button, label, select, summary, .field > span, h1, .badge b, .pages')].filter(visible);
      for (const e of texts) {
        if (lines(e) > 1 || (e.tagName === 'BUTTON' && !e.classList.contains('round') && !oneLineHigh(e))) wrapped.push(`${where}: ${name(e)}`);
        if (isCut(e, root)) cut.push(`${where}: ${name(e)}`);
      }
    }
    for (const d of folded) d.open = false;
    // Cards of the page (not cards inside cards), pairwise.
    const cards = [...document.querySelectorAll('.card, .fig3, .panel')].filter(visible).filter((c) => !c.parentElement?.closest('.card, .fig3'));
    const overlaps: string[] = [];
    cards.forEach((a, i) =>
      cards.slice(i + 1).forEach((b) => {
        const p = a.getBoundingClientRect();
        const q = b.getBoundingClientRect();
        const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
        const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
        if (w > 1 && h > 1) overlaps.push(`${name(a)} / ${name(b)}`);
      }),
    );
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, topbarHeight: bar.getBoundingClientRect().height, wrapped, cut, overlaps };
  }, SIDEBAR);
}

/** The frame's common checks, and a screenshot kept with the results. */
async function checkFrame(page: Page, info: TestInfo, label: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  const g = await geometry(page);
  await info.attach(`${label}.png`, { body: await page.screenshot(), contentType: 'image/png' });
  expect(g.scrollWidth, `${label}: no sideways scroll`).toBeLessThanOrEqual(g.innerWidth);
  expect(g.topbarHeight, `${label}: the top bar is one row`).toBeLessThanOrEqual(72);
  expect(g.wrapped, `${label}: top-bar and sidebar labels, buttons and selects on one line`).toEqual([]);
  expect(g.cut, `${label}: no label, button, select or badge line cut`).toEqual([]);
  expect(g.overlaps, `${label}: no card over another`).toEqual([]);
}

/**
 * With the math drawer open, the top bar stays whole: no control of it under the drawer, and each
 * one takes a click (the element at its centre is the control or inside it).
 */
async function expectTopBarClear(page: Page, label: string): Promise<void> {
  // (Opening a panel's help may have scrolled the bar away: back to the top, the drawer follows.)
  await page.evaluate(() => window.scrollTo(0, 0));
  const blocked = () => page.evaluate(() => {
    const drawer = document.querySelector('[data-testid="math-drawer"]')!.getBoundingClientRect();
    const controls = [...document.querySelectorAll('.topbar :is(button, select, a, input)')].filter((e) => e.getBoundingClientRect().width > 0 && e.checkVisibility());
    return controls.flatMap((e) => {
      const r = e.getBoundingClientRect();
      const under = r.left < drawer.right && r.right > drawer.left && r.top < drawer.bottom && r.bottom > drawer.top;
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      const name = e.getAttribute('data-testid') ?? e.getAttribute('aria-label') ?? e.textContent?.trim() ?? e.tagName;
      return under || !hit || !e.contains(hit) ? [`${name}${under ? ' (under the drawer)' : ''}`] : [];
    });
  });
  await expect.poll(blocked, { message: `${label}: with the math open, every top-bar control is uncovered and clickable` }).toEqual([]);
}

/** Rendered size, in CSS pixels, of the first text of a chart (its font size times the SVG's scale). */
async function chartTextPx(page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).locator('svg').first().evaluate((svg: SVGSVGElement) => {
    const text = svg.querySelector('text');
    const vb = svg.viewBox.baseVal;
    if (!text || !vb || vb.width === 0) return 0;
    return parseFloat(getComputedStyle(text).fontSize) * (svg.getBoundingClientRect().width / vb.width);
  });
}

async function plotBoxes(page: Page) {
  const boxes = [];
  for (const id of ['boundary-vanilla', 'boundary-pag']) {
    const box = await page.getByTestId(id).locator('.plot').boundingBox();
    expect(box, `${id} plot`).not.toBeNull();
    boxes.push(box!);
  }
  return boxes;
}

test.describe('layout from 1024 px up (issue 16)', () => {
  test.beforeAll(placeServedData);
  test.beforeEach(({}, info) => test.skip(info.project.name === 'webgpu', 'layout does not depend on the backend: run once, in the fallback project'));

  for (const size of SIZES) {
    for (const present of [false, true]) {
      const mode = present ? 'present' : 'normal';
      test(`Toy Lab at ${size.width}x${size.height}, ${mode}`, async ({ page }, info) => {
        await page.setViewportSize(size);
        await page.goto(`/?backend=wasm${present ? '&present=1' : ''}`);
        await expect(page.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 });
        await checkFrame(page, info, `toy-${size.width}-${mode}`);

        // The two plots side by side, equal; in presentation mode at least 40 % of the width each.
        const [v, p] = await plotBoxes(page);
        expect(Math.abs(v.width - p.width)).toBeLessThanOrEqual(1);
        expect(Math.abs(v.height - p.height)).toBeLessThanOrEqual(1);
        expect(Math.abs(v.y - p.y)).toBeLessThanOrEqual(1);
        expect(v.x + v.width).toBeLessThanOrEqual(p.x);
        if (present) {
          expect(v.width).toBeGreaterThanOrEqual(0.4 * size.width);
          expect(await chartTextPx(page, 'alignment-chart')).toBeGreaterThanOrEqual(13);
        }

        // The math opens without resizing the plots; equation numbers beside their formulas.
        const help = page.getByTestId('help-pag');
        await help.locator('summary').first().click();
        await help.getByTestId('math-open').click();
        const drawer = page.getByTestId('math-drawer');
        await expect(drawer.locator('.katex-display').first()).toBeVisible();
        const [v2, p2] = await plotBoxes(page);
        expect(Math.round(v2.width)).toBe(Math.round(v.width));
        expect(Math.round(p2.width)).toBe(Math.round(p.width));
        const numbers = await drawer.locator('.eq').evaluateAll((eqs) =>
          eqs.flatMap((eq) => {
            const n = eq.querySelector('.eq-no');
            const f = eq.querySelector('.math.display');
            if (!n || !f) return [];
            return [{ clear: n.getBoundingClientRect().left >= f.getBoundingClientRect().right - 1, scrolls: getComputedStyle(f).overflowX === 'auto' }];
          }),
        );
        expect(numbers.length).toBeGreaterThanOrEqual(2);
        for (const n of numbers) expect(n).toEqual({ clear: true, scrolls: true });
        await expectTopBarClear(page, `toy-${size.width}-${mode}`);
        await info.attach(`toy-${size.width}-${mode}-math.png`, { body: await page.screenshot(), contentType: 'image/png' });
        await page.keyboard.press('Escape');
        await expect(drawer).toHaveCount(0);
      });

      test(`CIFAR Lab at ${size.width}x${size.height}, ${mode}`, async ({ page }, info) => {
        await page.setViewportSize(size);
        await page.goto(`${CIFAR_LIVE}${present ? '&present=1' : ''}`);
        await expect(page.getByTestId('progress')).toHaveAttribute('data-round', '0', { timeout: 90_000 });
        await checkFrame(page, info, `cifar-live-${size.width}-${mode}`);
        if (present) expect(await chartTextPx(page, 'chart-loss')).toBeGreaterThanOrEqual(13);
        await openPanelMath(page, 'gallery');
        await expectTopBarClear(page, `cifar-live-${size.width}-${mode}`);
        await info.attach(`cifar-live-${size.width}-${mode}-math.png`, { body: await page.screenshot(), contentType: 'image/png' });
        await page.keyboard.press('Escape');
        await expect(page.getByTestId('math-drawer')).toHaveCount(0);

        await page.getByTestId('view-pretrained').click();
        await expect(page.getByTestId('pretrained')).toHaveAttribute('data-state', 'loaded', { timeout: 60_000 });
        await checkFrame(page, info, `cifar-pretrained-${size.width}-${mode}`);
      });
    }
  }
});

test.describe('the first minute (issue 16)', () => {
  test.beforeEach(({}, info) => test.skip(info.project.name === 'webgpu', 'page behaviour: run once, in the fallback project'));

  test('the tour waits for each action, sits beside what it points at; a start-here line; a notice on untrained models', async ({ page }, info) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/?backend=wasm&n=50&width=8&batch=10&epochs=20');
    await expect(page.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 });
    await expect(page.getByTestId('start-here')).toBeVisible();

    // Attacking untrained models says so.
    await page.getByTestId('attack-run').click();
    await expect(page.getByTestId('untrained-attack')).toContainText('not trained yet', { timeout: 60_000 });
    // (The ε sweep and the attack suite after it run before training can go on.)
    await expect(page.getByTestId('worst-acc-vanilla')).toHaveText(/%/, { timeout: 120_000 });

    // Step 1 waits for training: Next is off, N does nothing; pressing Play (the real control) lets it go on.
    await page.getByTestId('tour-start').click();
    const card = page.getByTestId('tour-card');
    await expect(card).toHaveAttribute('data-step', '0');
    await expect(card).toHaveAttribute('data-waiting', 'true');
    await expect(page.getByTestId('tour-next')).toBeDisabled();
    await expectBeside(page);
    await info.attach('tour-step-1.png', { body: await page.screenshot(), contentType: 'image/png' });
    await page.keyboard.press('n');
    await expect(card).toHaveAttribute('data-step', '0');
    await page.getByTestId('play-pause').click();
    await expect(page.getByTestId('tour-next')).toBeEnabled({ timeout: 120_000 });
    await expect(card).toHaveAttribute('data-waiting', 'false');
    await page.getByTestId('tour-next').click();

    // Step 2 waits for an attack of the trained models; "Do it for me" runs it.
    await expect(card).toHaveAttribute('data-step', '1');
    await expectBeside(page);
    await expect(page.getByTestId('tour-next')).toBeDisabled();
    await page.getByTestId('tour-do').click();
    await expect(page.getByTestId('tour-next')).toBeEnabled({ timeout: 120_000 });
    await expect(page.getByTestId('untrained-attack')).toHaveCount(0);
    await page.getByTestId('tour-next').click();
    await expect(card).toHaveAttribute('data-step', '2');
    await expectBeside(page);
    await info.attach('tour-step-3.png', { body: await page.screenshot(), contentType: 'image/png' });

    // The start-here line goes when dismissed, and stays gone.
    await page.getByTestId('start-here-close').click();
    await expect(page.getByTestId('start-here')).toHaveCount(0);
    await page.reload();
    // The page is back once its run is: ready to play, or (the autosave may hold the run after it
    // finished its 20 epochs) finished.
    await expect(page.locator('[data-testid="play-pause"]:enabled, [data-testid="play-pause"][title^="Training finished"]')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('start-here')).toHaveCount(0);
  });
  test('at 1024x768 a step whose target is below the window brings it into view, the card beside it; again if the page moves it or the scroll is cut short, not against the reader', async ({ page }, info) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto('/?backend=wasm&n=50&width=8&batch=10&epochs=20');
    await expect(page.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 });
    await page.getByTestId('tour-start').click();
    const card = page.getByTestId('tour-card');
    for (let k = 0; k < 4; k++) {
      await expect(card).toHaveAttribute('data-step', String(k));
      await expectBeside(page);
      await doTourStep(page);
      if (k < 3) await page.getByTestId('tour-next').click();
    }
    // Step 5 is about the ε curves, below the window at this size (its 'Robust accuracy vs ε' chart).
    const eps = page.locator('section[aria-label="Robust accuracy vs ε"]');
    expect((await eps.boundingBox())!.y).toBeGreaterThan(768);
    await page.getByTestId('tour-next').click();
    await expect(card).toHaveAttribute('data-step', '4');
    await expect(eps).toHaveClass(/tour-highlight/);
    // Scrolled into view, the card next to it (a gap's reach), over neither it nor the histogram the step also talks about.
    await expectBeside(page, 24);
    const clear = await page.evaluate(() => {
      const c = document.querySelector('[data-testid="tour-card"]')!.getBoundingClientRect();
      const h = document.querySelector('section[aria-label^="Distance to the boundary"]')!.getBoundingClientRect();
      return c.right <= h.left || c.left >= h.right || c.bottom <= h.top || c.top >= h.bottom;
    });
    expect(clear, 'the card keeps clear of the histogram').toBe(true);
    await info.attach('tour-step-5-1024.png', { body: await page.screenshot(), contentType: 'image/png' });

    // The page moves the target after the step began (here: 600 px put above the app, as a panel
    // growing above it would): the step brings it back into view.
    const offScreen = () => eps.evaluate((e) => { const r = e.getBoundingClientRect(); return r.top < 0 || r.bottom > window.innerHeight; });
    await page.evaluate(() => {
      const d = document.createElement('div');
      d.id = 'pushed';
      d.style.height = '600px';
      document.body.prepend(d);
    });
    await expectBeside(page, 24);
    await page.evaluate(() => document.getElementById('pushed')!.remove());
    await expectBeside(page, 24);
    // A scroll that is cut short as the step begins (another scroll right after) still lands.
    await page.getByRole('button', { name: 'Back' }).click();
    await expect(card).toHaveAttribute('data-step', '3');
    await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
    await page.getByTestId('tour-next').click();
    await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
    await expectBeside(page, 24);
    // Once the step has settled, the reader's own scrolling is left alone.
    await page.waitForTimeout(2500);
    await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
    expect(await offScreen()).toBe(true);
    await page.waitForTimeout(1200);
    expect(await offScreen(), 'the page does not scroll back against the reader').toBe(true);
  });
});
