import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Table-driven bad input (issue 6): each case does something wrong to a lab that already holds
 * work, then checks the sentence the user sees and that the work is still there. The runner
 * clears any earlier message first, so a case passes only on a message of its own.
 */
export interface BadInputCase<C> {
  name: string;
  /** Prepares the bad input (files, a stored record); optional. */
  setup?: (ctx: C) => Promise<void>;
  /** Gives the bad input to the lab. */
  act: (ctx: C) => Promise<void>;
  /** Where the message shows (default the error banner) and what it must say. */
  expectMessage: { testId?: string; text: string | RegExp; within?: (page: Page) => Locator };
  /** The earlier work, unchanged. */
  expectIntact: (ctx: C) => Promise<void>;
}

/** Closes the error banner and the link notice, if shown: the next message must be new. */
export async function clearMessages(page: Page): Promise<void> {
  for (const label of ['Dismiss the message', 'Dismiss the notice']) {
    const b = page.getByRole('button', { name: label });
    if (await b.isVisible()) await b.click();
    await expect(b).toBeHidden();
  }
}

export async function runCases<C extends { page: Page }>(ctx: C, cases: BadInputCase<C>[]): Promise<void> {
  for (const c of cases) {
    await test.step(c.name, async () => {
      await clearMessages(ctx.page);
      await c.setup?.(ctx);
      await c.act(ctx);
      const where = c.expectMessage.within?.(ctx.page) ?? ctx.page.getByTestId(c.expectMessage.testId ?? 'error-message');
      await expect(where, `${c.name}: message`).toContainText(c.expectMessage.text);
      // Plain text only: nothing the user typed or uploaded becomes markup.
      await expect(where.locator('script, img, iframe, a')).toHaveCount(0);
      await c.expectIntact(ctx);
    });
  }
}

/** Fills a text field and commits it with Enter. */
export async function typeInto(field: Locator, text: string): Promise<void> {
  await field.fill(text);
  await field.press('Enter');
}

/** [field, text typed, message] rows of a lab's text fields. */
export type FieldRow = [field: string, text: string, message: string | RegExp];

/**
 * One case per row: the text typed into the field is refused with the message, the banner says
 * which value was kept, the field shows it again, and `intact` holds.
 */
export function fieldCases<C extends { page: Page; kept: string }>(
  rows: FieldRow[],
  locate: (field: string) => Locator,
  intact: (c: C) => Promise<void>,
  /** How the banner names the kept value (an empty field may read "automatic"). */
  keptAs: (kept: string) => string = (kept) => kept,
): BadInputCase<C>[] {
  return rows.map(([name, text, message]) => {
    const field = locate(name);
    return {
      name: `field ${name} = ${JSON.stringify(text.slice(0, 12))}`,
      setup: async (c) => void (c.kept = await field.inputValue()),
      act: () => typeInto(field, text),
      expectMessage: { text: message },
      expectIntact: async (c) => {
        await expect(c.page.getByTestId('error-message')).toContainText(`kept ${keptAs(c.kept)}.`);
        await expect(field).toHaveValue(c.kept);
        await intact(c);
      },
    };
  });
}

/**
 * A factory of link cases: each opens `path` with `base` (always valid: it must load beside the
 * bad part) and its own query, on wasm unless the query names a backend.
 */
export function linkCases<C extends { page: Page }>(o: { path: string; base: string; ready: (page: Page) => Promise<void>; rest: (c: C) => Promise<void> }) {
  return (name: string, query: string, text: string | RegExp, testId = 'error-message'): BadInputCase<C> => ({
    name,
    act: async (c) => {
      await c.page.setViewportSize({ width: 1280, height: 720 });
      await c.page.goto(`${o.path}?${query.includes('backend=') ? '' : 'backend=wasm&'}${o.base}&${query}`);
      await o.ready(c.page);
    },
    expectMessage: { testId, text },
    expectIntact: o.rest,
  });
}

export interface RecordEdit {
  id: string;
  /** Raw `json` text instead of the good run's. */
  json?: string;
  version?: number;
  /** Settings to overwrite (null as JSON keeps a NaN). */
  settings?: Record<string, unknown>;
  /** Settings to leave out (as a record of an older format would). */
  remove?: string[];
  /** A value to put at a path inside the results, e.g. [['history', 'pag', 'ce'], []]. */
  set?: [path: string[], value: unknown];
  dropStates?: boolean;
  /** Store this object as the record instead. */
  raw?: Record<string, unknown>;
}

/** Writes a record into a lab's IndexedDB `db` (store "runs"), made from its good saved run. */
export function putRecord(page: Page, db: string, edit: RecordEdit): Promise<void> {
  return page.evaluate(
    ({ db, e }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(db, 1);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('runs', 'readwrite');
          const runs = tx.objectStore('runs');
          const all = runs.getAll();
          all.onsuccess = () => {
            const good = (all.result as { id: string; json: string; states: unknown }[]).find((r) => r.id.startsWith('run-'))!;
            const meta = JSON.parse(good.json);
            meta.id = e.id;
            if (e.version !== undefined) meta.version = e.version;
            Object.assign(meta.results.settings, e.settings ?? {});
            for (const k of e.remove ?? []) delete meta.results.settings[k];
            if (e.set) {
              const [path, value] = e.set;
              const parent = path.slice(0, -1).reduce((o, k) => o[k], meta.results);
              parent[path[path.length - 1]] = value;
            }
            const rec = e.raw ?? { id: e.id, json: e.json ?? JSON.stringify(meta), ...(e.dropStates ? {} : { states: good.states }) };
            runs.put(rec);
          };
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
    { db, e: edit },
  );
}
