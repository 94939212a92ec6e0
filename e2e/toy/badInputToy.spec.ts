import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { fieldCases, linkCases, putRecord, runCases, type BadInputCase, type FieldRow, type RecordEdit } from '../common/badInputCases';
import { canvasStats, expect, openToyLab, stepOf, test } from '../common/fixtures';

/**
 * Bad input to the Toy Lab (issue 6): typed fields, links, weight files and saved runs, each
 * refused with a sentence while the run trained before stays as it was.
 *
 * Only the fallback project: every check here is the UI's and the worker's JavaScript (schemas,
 * file parsing, IndexedDB), on the wasm backend in both projects alike; SwiftShader WebGPU would
 * only make the same assertions slower. The GPU paths have their own specs.
 */
test.beforeEach(({}, info) => test.skip(info.project.name !== 'fallback', 'backend-independent: runs once, in the fallback project'));

const BACKEND = 'wasm';

interface Trained {
  page: Page;
  step: number;
  acc: [string, string];
  picture: number[];
}

async function trainSteps(page: Page, n: number): Promise<Trained> {
  for (let i = 1; i <= n; i++) {
    await page.getByTestId('step').click();
    await expect.poll(() => stepOf(page)).toBe(i);
  }
  await expect(page.getByTestId('clean-acc-pag')).toHaveText(/%/);
  return {
    page,
    step: n,
    acc: [(await page.getByTestId('clean-acc-vanilla').textContent())!, (await page.getByTestId('clean-acc-pag').textContent())!],
    picture: (await canvasStats(page, 'vanilla')).sample,
  };
}

/** The run trained before: same step, same accuracies, same picture, no restart pending. */
async function runIntact(t: Trained): Promise<void> {
  expect(await stepOf(t.page)).toBe(t.step);
  await expect(t.page.getByTestId('clean-acc-vanilla')).toHaveText(t.acc[0]);
  await expect(t.page.getByTestId('clean-acc-pag')).toHaveText(t.acc[1]);
  await expect.poll(async () => (await canvasStats(t.page, 'vanilla')).sample).toEqual(t.picture);
  await expect(t.page.getByText('Needs a restart:')).toHaveCount(0);
}

test('typed fields: bad numbers are refused with a message, the field shows the kept value, the run is untouched', async ({ page }) => {
  await openToyLab(page, BACKEND);
  const ctx = { ...(await trainSteps(page, 3)), kept: '' };
  const fields: FieldRow[] = [
    ['learningRate', 'NaN', 'Learning rate: "NaN" is not a number'],
    ['epochs', '', 'Epochs: "" is not a number'],
    ['noise', '-1', 'Noise: "-1" must be at least 0'],
    ['batchSize', '1e9', 'Batch size: "1e9" must be at most 20000'],
    ['seed', 'abc', 'Seed: "abc" is not a number'],
    ['hiddenWidth', '1e309', 'Hidden width: "1e309" is too large (not a finite number)'],
    ['lambda', '0x10', 'λ (PAG weight): "0x10" is not a number'],
    ['trainPerClass', '5', 'Train points / class: "5" must be at least 10'],
    ['hiddenLayers', '2.5', 'Hidden layers: "2.5" is not a whole number'],
    ['attackEps', '0', 'ε: "0" must be greater than 0'],
    ['attackSteps', '   ', 'steps: "   " is not a number'],
    ['attackAlpha', '-0.1', 'step: "-0.1" must be greater than 0'],
    ['seed', '9'.repeat(400), /Seed: "9{40}…" is too large/],
  ];
  const cases = fieldCases<typeof ctx>(fields, (key) => page.locator(`#setting-${key}`), runIntact, (kept) => kept || 'automatic');
  await runCases(ctx, cases);
  // Nothing reached the engine: it still trains, to numbers.
  await page.getByTestId('step').click();
  await expect.poll(() => stepOf(page)).toBe(4);
  await expect(page.getByTestId('clean-acc-vanilla')).toHaveText(/^\d+(\.\d+)?\s?%$/);
});

test('links: malformed, unknown, future and script-like values are named; the rest of the link loads', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const ctx = { page };
  // Every link also sets the hidden width to 9: the valid part must load beside the bad one.
  const link = linkCases<typeof ctx>({
    path: '/',
    base: 'width=9',
    ready: (p) => expect(p.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 }),
    rest: async () => {
      await expect(page.locator('#setting-hiddenWidth')).toHaveValue('9');
      await expect(page.locator('#setting-dataset')).toHaveValue('paper');
      expect(dialogs).toEqual([]);
    },
  });
  await runCases(ctx, [
    link('a word for a number', 'seed=abc', 'Seed (seed): "abc" is not a number'),
    link('a negative learning rate', 'lr=-0.5', 'Learning rate (lr): "-0.5" must be greater than 0'),
    link('NaN', 'eps=NaN', 'ε (eps): "NaN" is not a number'),
    link('a number beyond float range', 'epochs=1e309', 'Epochs (epochs): "1e309" is too large'),
    link('a huge count', 'n=99999999', 'Train points / class (n): "99999999" must be at most 20000'),
    link('an option that does not exist', 'act=tanh', 'Activation (act): "tanh" is not one of relu, softplus'),
    link('markup in a value, shown as text', `data=${encodeURIComponent('<img src=x onerror=alert(1)><script>alert(2)</script>')}`, 'Dataset (data): "<img src=x onerror=alert(1)><script>aler…" is not one of'),
    link('a malformed version', 'v=abc', 'version (v): "abc" is not a version number'),
    link('a future version', 'v=99', 'This link was made by a newer version of PAG Lab', 'link-notice'),
    link('an unknown key', 'colour=red&zoom=2', 'Ignored settings this version does not know: "colour", "zoom"', 'link-notice'),
    link('an unknown panel name', 'present=1&show=everything', 'show: "everything" names one of'),
    link('an unknown backend', 'backend=quantum', 'Unknown backend "quantum" in the address'),
    link('an unknown training engine', 'engine=turbo', 'Unknown training engine "turbo" in the address'),
    link('an unknown preset', 'preset=figure9', 'Unknown preset "figure9" in the address (this page has: figure3); nothing was started.'),
    // Several problems at once: one banner names them all, none hides another.
    link('a bad value and an unknown backend together', 'seed=-4&backend=quantum', /Seed \(seed\): "-4" must be at least 0.*Unknown backend "quantum"/),
  ]);
});

/** model.json of the vanilla model, as downloaded, for bad variants. */
async function downloadWeights(page: Page): Promise<{ json: Record<string, unknown>; bin: Buffer }> {
  const files: Record<string, string> = {};
  const pending: Promise<void>[] = [];
  page.on('download', (d) => void pending.push(d.path().then((p) => void (files[d.suggestedFilename()] = p))));
  await page.getByTestId('weights-download').click();
  await expect.poll(() => pending.length).toBe(4);
  await Promise.all(pending);
  return { json: JSON.parse(readFileSync(files['vanilla-model.json'], 'utf8')), bin: readFileSync(files['vanilla-weights.bin']) };
}

test('weight files: wrong shapes, bad JSON, short or missing .bin, NaN weights, the other model kind are refused; the model keeps its weights', async ({ page }) => {
  await openToyLab(page, BACKEND);
  const ctx = await trainSteps(page, 3);
  const good = await downloadWeights(page);
  const edited = (edit: (j: { userDefinedMetadata: Record<string, unknown>; weightsManifest: { weights: { name: string; shape: unknown; dtype: string }[] }[] }) => void) => {
    const j = JSON.parse(JSON.stringify(good.json));
    edit(j);
    return JSON.stringify(j);
  };
  const upload = (json: string | null, bin: Buffer | null) => () =>
    page.getByTestId('weights-upload-vanilla').setInputFiles([
      ...(json === null ? [] : [{ name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(json) }]),
      ...(bin === null ? [] : [{ name: 'weights.bin', mimeType: 'application/octet-stream', buffer: bin }]),
    ]);
  const nanBin = Buffer.from(good.bin);
  nanBin.writeFloatLE(NaN, 8);
  const file = (name: string, act: () => Promise<void>, text: string | RegExp): BadInputCase<Trained> => ({ name, act, expectMessage: { text }, expectIntact: runIntact });
  await runCases(ctx, [
    file('malformed JSON', upload('{"weightsManifest": [', good.bin), 'Weights not loaded: model.json is not valid JSON'),
    file('not a weights file', upload('{"hello": "world"}', good.bin), 'model.json has no weightsManifest'),
    file(
      'a wrong shape (no model description to compare)',
      upload(edited((j) => {
        delete (j as { userDefinedMetadata?: unknown }).userDefinedMetadata;
        j.weightsManifest[0].weights[0].shape = [2, 16];
      }), good.bin),
      'parameter "W1" has shape [2,16], the model needs [2,32]',
    ),
    file('a shape that is not a list', upload(edited((j) => void (j.weightsManifest[0].weights[0].shape = 'big')), good.bin), 'model.json is damaged: weightsManifest.0.weights.0.shape'),
    file('a short .bin', upload(JSON.stringify(good.json), good.bin.subarray(0, 12)), /weights\.bin has 12 bytes, model\.json describes \d+/),
    file('a missing .bin', upload(JSON.stringify(good.json), null), 'pick two files, a model.json and its weights.bin'),
    file('NaN weights', upload(JSON.stringify(good.json), nanBin), 'parameter "W1" holds NaN or infinite values'),
    file(
      'weights of the other model kind (a CIFAR CNN)',
      upload(edited((j) => void (j.userDefinedMetadata.spec = { kind: 'cnn', inputShape: [32, 32, 3], channels: [8, 16, 32], numClasses: 2, activation: 'relu' })), good.bin),
      'these weights are for a different model (CNN 8-16-32 channels, 2 classes, relu), not the current one (MLP 2-32-2 relu)',
    ),
  ]);
  // The good files still load: the refusals above changed nothing that blocks a real upload.
  await upload(JSON.stringify(good.json), good.bin)();
  await expect(page.getByTestId('export-status')).toContainText('Loaded model.json');
});

test('saved runs: corrupt and foreign records are listed as damaged with the reason; the trained run comes back', async ({ page }) => {
  await openToyLab(page, BACKEND);
  const ctx = await trainSteps(page, 4);
  const saved = page.getByTestId('saved-run');
  await expect(saved).toHaveCount(1);
  await expect(saved).toContainText('step 4');
  const damaged = page.getByTestId('saved-run-corrupt');
  const reload = async () => {
    await page.reload();
    await expect(page.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 });
  };
  /** Deletes the damaged record a case left, with the list's own button. */
  const clearDamaged = async () => {
    if (await damaged.count()) await damaged.getByRole('button', { name: 'Delete' }).click();
    await expect(damaged).toHaveCount(0);
  };
  // After a reload the good run is reopened where it was; a damaged one sits beside it.
  const restored = async () => {
    await expect(saved).toHaveCount(1);
    await expect(saved).toContainText('step 4');
    await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBe(4);
    await expect(page.getByTestId('clean-acc-vanilla')).toHaveText(ctx.acc[0]);
    await expect(page.getByTestId('clean-acc-pag')).toHaveText(ctx.acc[1]);
  };
  const record = (name: string, edit: RecordEdit, text: string | RegExp): BadInputCase<Trained> => ({
    name,
    setup: async () => {
      await clearDamaged();
      await putRecord(page, 'pag-lab', edit);
    },
    act: reload,
    expectMessage: { text, within: () => damaged },
    expectIntact: restored,
  });
  await runCases(ctx, [
    record('a record whose data is not JSON', { id: 'broken', json: '{oops' }, 'Damaged saved run: its saved data is not valid JSON'),
    record('a record of a newer format', { id: 'newer', version: 2 }, 'it was saved in another format (record version 2; this version of PAG Lab reads version 1)'),
    record('a record of an older format', { id: 'older', version: 0 }, 'record version 0'),
    record('an older record without a setting', { id: 'no-targeted', remove: ['attackTargeted'] }, 'its saved data cannot be used (settings: targeted is missing)'),
    record('a record with an impossible learning rate', { id: 'lr0', settings: { learningRate: 0 } }, 'settings: Learning rate: "0" must be greater than 0'),
    record('a record with markup in a setting', { id: 'markup', settings: { dataset: '<b>bold</b>' } }, 'Dataset: "<b>bold</b>" is not one of'),
    record('a record whose charts do not line up', { id: 'ragged', set: [['history', 'pag', 'ce'], [0.5]] }, 'its saved data cannot be used (its history columns have different lengths)'),
    record('a record without its trained models', { id: 'no-models', dropStates: true }, 'its trained models are missing or damaged'),
    record('a record that is no run at all', { id: 'junk', raw: { id: 'junk', hello: 1 } }, 'the record has no saved data'),
    {
      name: 'the run to reopen after a reload is damaged',
      setup: async () => {
        await clearDamaged();
        await putRecord(page, 'pag-lab', { id: 'last-broken', json: '{"version":1' });
        await page.evaluate(() => localStorage.setItem('pag-lab:last-run', 'last-broken'));
      },
      act: reload,
      expectMessage: { text: 'The last saved run could not be reopened: its saved data is not valid JSON. Your other saved runs are kept.' },
      expectIntact: async () => {
        await expect(saved).toHaveCount(1);
        await expect(saved).toContainText('step 4');
        await expect(damaged).toHaveCount(1);
        // And the good run still reopens by hand, where it was.
        await saved.getByTestId('reopen-run').click();
        await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBe(4);
        await expect(page.getByTestId('clean-acc-pag')).toHaveText(ctx.acc[1]);
      },
    },
  ]);
});
