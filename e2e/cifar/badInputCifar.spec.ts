import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { fieldCases, linkCases, putRecord, runCases, type BadInputCase, type FieldRow, type RecordEdit } from '../common/badInputCases';
import { configureTiny, expect, openCifarLab, placeServedData, test } from './cifarFixtures';

/**
 * Bad input to the CIFAR Lab (issue 6): data files, typed fields, links, weight files and saved
 * runs, each refused with a sentence while the loaded data and the run trained on it stay in use. Bad files are made here
 * from small synthetic records (never CIFAR data in the repository).
 *
 * Only the fallback project: files are parsed in the worker's JavaScript and fields in the page,
 * the same on every backend; SwiftShader WebGPU would only train the one step below more slowly.
 */
test.beforeAll(placeServedData);
test.beforeEach(({}, info) => test.skip(info.project.name !== 'fallback', 'backend-independent: runs once, in the fallback project'));

const RECORD = 3073;

/** Synthetic CIFAR-10 records with these labels (pixels a fixed pattern). */
function records(labels: number[]): Buffer {
  const b = Buffer.alloc(labels.length * RECORD);
  labels.forEach((l, i) => {
    b[i * RECORD] = l;
    for (let k = 1; k < RECORD; k++) b[i * RECORD + k] = (i * 31 + k * 7) & 255;
  });
  return b;
}

/** A .tar.gz of these files (the system tar, as the official archive was made). */
function tarGz(files: Record<string, Buffer | string>): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'bad-cifar-'));
  const inner = path.join(dir, 'cifar-10-batches-bin');
  mkdirSync(inner);
  for (const [name, data] of Object.entries(files)) writeFileSync(path.join(inner, name), data);
  execFileSync('tar', ['czf', path.join(dir, 'a.tar.gz'), '-C', dir, 'cifar-10-batches-bin']);
  return readFileSync(path.join(dir, 'a.tar.gz'));
}

/** A .tar.gz whose one header announces a 1 GB data_batch_1.bin (and holds a block of it). */
function hugeMemberArchive(): Buffer {
  const header = Buffer.alloc(512);
  header.write('data_batch_1.bin', 0);
  header.write((2 ** 30).toString(8).padStart(11, '0'), 124);
  header.write('0', 156);
  header.write('ustar', 257);
  header.fill(32, 148, 156);
  header.write(`${header.reduce((a, b) => a + b, 0).toString(8).padStart(6, '0')}\0 `, 148);
  return gzipSync(Buffer.concat([header, Buffer.alloc(512)]));
}

interface Loaded {
  page: Page;
  status: string;
  round: string;
}

/** The served data and the run trained on it: unchanged. */
async function dataIntact(c: Loaded): Promise<void> {
  const status = c.page.getByTestId('data-status');
  await expect(status).toHaveAttribute('data-status', 'loaded');
  await expect(status).toHaveText(c.status);
  await expect(c.page.getByTestId('progress')).toHaveAttribute('data-round', c.round);
}

async function trainOneRound(page: Page): Promise<Loaded> {
  await openCifarLab(page, 'wasm');
  await page.getByTestId('step').click();
  await expect(page.getByTestId('progress')).toHaveAttribute('data-round', '1', { timeout: 90_000 });
  return { page, status: (await page.getByTestId('data-status').textContent())!, round: '1' };
}

test('CIFAR files: empty, truncated, bad labels, random bytes, broken archives are refused; the loaded data and the trained run stay', async ({ page }) => {
  const ctx = await trainOneRound(page);
  const good = { train: records([0, 6, 0, 6, 0, 6]), test: records([0, 6, 0, 6]) };
  const pick = (files: Record<string, Buffer>) => () =>
    page.getByTestId('data-files').setInputFiles(Object.entries(files).map(([name, buffer]) => ({ name, mimeType: 'application/octet-stream', buffer })));
  const random = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 2654435761) >>> 24));
  const validArchive = tarGz({ 'data_batch_1.bin': good.train, 'test_batch.bin': good.test });
  const file = (name: string, act: () => Promise<void>, text: string | RegExp): BadInputCase<Loaded> => ({
    name,
    act,
    expectMessage: { text },
    expectIntact: async (c) => {
      await expect(page.getByTestId('error-message')).toContainText('still in use');
      await dataIntact(c);
    },
  });
  await runCases(ctx, [
    file('an empty batch', pick({ 'data_batch_1.bin': Buffer.alloc(0), 'test_batch.bin': good.test }), 'data_batch_1.bin is empty'),
    file(
      'a truncated last record',
      pick({ 'data_batch_1.bin': good.train.subarray(0, good.train.length - 10), 'test_batch.bin': good.test }),
      'data_batch_1.bin is not CIFAR-10 binary data: 18428 bytes is not a whole number of 3073-byte records (5 records and 3063 bytes left over',
    ),
    file('a label byte above 9', pick({ 'data_batch_1.bin': records([0, 6, 12]), 'test_batch.bin': good.test }), 'data_batch_1.bin is not CIFAR-10 binary data: record 2 has label 12 (expected 0-9)'),
    file('a file of the wrong length', pick({ 'data_batch_1.bin': Buffer.alloc(1000, 3), 'test_batch.bin': good.test }), '(0 records and 1000 bytes left over'),
    file('random bytes as the test batch', pick({ 'data_batch_1.bin': good.train, 'test_batch.bin': random }), 'test_batch.bin is not CIFAR-10 binary data'),
    file('training batches without a test batch', pick({ 'data_batch_1.bin': good.train }), 'no test batch (test_batch.bin or test.bin)'),
    file('a file of another kind', pick({ 'notes.pdf': Buffer.from('%PDF-1.4') }), 'notes.pdf: expected CIFAR-10 .bin batches, batches.meta.txt or cifar-10-binary.tar.gz'),
    file('a corrupt .tar.gz (cut in half)', pick({ 'cifar-10-binary.tar.gz': validArchive.subarray(0, validArchive.length >> 1) }), 'cifar-10-binary.tar.gz: not a readable .tar.gz archive'),
    file('random bytes as an archive', pick({ 'cifar-10-binary.tar.gz': random }), 'cifar-10-binary.tar.gz: not a readable .tar.gz archive'),
    file('a gzip of something that is not a tar', pick({ 'cifar-10-binary.tar.gz': gzipSync(Buffer.from('airplane\n'.repeat(200))) }), 'cifar-10-binary.tar.gz: not a tar archive'),
    file('a tar without CIFAR files', pick({ 'cifar-10-binary.tar.gz': tarGz({ 'readme.txt': 'hello' }) }), 'the archive holds no CIFAR-10 binary batches (data_batch_*.bin, test_batch.bin)'),
    file('an archive announcing a 1 GB member', pick({ 'cifar-10-binary.tar.gz': hugeMemberArchive() }), 'cifar-10-binary.tar.gz: "data_batch_1.bin" in the archive is 1073741824 bytes'),
    file('an archive whose batch has a bad label', pick({ 'cifar-10-binary.tar.gz': tarGz({ 'data_batch_1.bin': records([0, 10]), 'test_batch.bin': good.test }) }), 'record 1 has label 10'),
    file('an archive together with other files', pick({ 'cifar-10-binary.tar.gz': validArchive, 'data_batch_2.bin': good.train }), 'pick the archive (cifar-10-binary.tar.gz) on its own, or only .bin batches'),
  ]);
  // The synthetic archive itself is fine: the refusals above were about the files, not the reader.
  await pick({ 'cifar-10-binary.tar.gz': validArchive })();
  await expect(page.getByTestId('data-status')).toContainText('Your files: 6 training and 4 test images', { timeout: 30_000 });
});

test('CIFAR fields and choices: bad numbers, unbuildable choices and a non-image picture are refused with a message; nothing changes', async ({ page }) => {
  const ctx = { ...(await trainOneRound(page)), kept: '' };
  await page.getByText('Training', { exact: true }).click(); // opens the details
  const fields: FieldRow[] = [
    ['seed', '', 'seed: "" is not a number'],
    ['epochs', '0x10', 'epochs: "0x10" is not a number'],
    ['train-per-class', '1e309', 'training images / class: "1e309" is too large'],
    ['test-per-class', '0', 'test images / class: "0" must be at least 1'],
    ['batch-size', '2.5', 'batch size: "2.5" is not a whole number'],
    ['learning-rate', 'abc', 'learning rate (Adam): "abc" is not a number'],
    ['lambda', 'NaN', 'λ (PAG weight): "NaN" is not a number'],
    ['channels', '8-0-32', 'CNN channels: "8-0-32" must be at least 1'],
    ['nn-pool', '-5', 'NN pool |Dt| per class: "-5" is not "all" and must be at least 1'],
    ['table-linf', '8/0', 'L∞ ε: "8/0" is too large'],
    ['gallery-steps', '-3', 'steps: "-3" must be at least 1'],
  ];
  const intact = async (c: typeof ctx) => {
    await expect(page.getByTestId('settings-pending')).toHaveCount(0);
    await dataIntact(c);
  };
  await runCases(ctx, fieldCases<typeof ctx>(fields, (testId) => page.getByTestId(testId), intact));

  // Choices that are each valid but cannot make a run: refused at Build, the run on screen stays.
  const toggle = (...ids: string[]) => async () => {
    for (const id of ids) await page.getByTestId(id).click();
  };
  const unbuildable = (name: string, ids: string[], text: string): BadInputCase<typeof ctx> => ({
    name,
    act: async () => {
      await toggle(...ids)();
      await page.getByTestId('build').click();
    },
    expectMessage: { text },
    expectIntact: async (c) => {
      await dataIntact(c);
      await toggle(...ids)(); // put the choice back: nothing else changed
      await expect(page.getByTestId('settings-pending')).toHaveCount(0);
    },
  });
  await runCases(ctx, [
    unbuildable('a single class', ['class-6'], 'Settings not applied: choose 2 to 10 classes'),
    unbuildable('no method at all', ['method-vanilla', 'method-nn'], 'Settings not applied: choose at least one method'),
    {
      name: 'a starting picture that is no image',
      act: () => page.getByTestId('gallery-upload').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('not a picture') }),
      expectMessage: { text: 'photo.png is not an image this browser can read' },
      expectIntact: async (c) => {
        await dataIntact(c);
        await expect(page.getByTestId('gallery')).toContainText('Upload image…');
      },
    },
  ]);
});

test('CIFAR links: malformed, unknown, future and script-like values are named; the rest of the link and the data load', async ({ page }) => {
  const ctx = { page };
  // Every link also sets the seed to 5: the valid part must load beside the bad one.
  const link = linkCases<typeof ctx>({
    path: '/cifar.html',
    base: 'seed=5',
    ready: (p) => expect(p.getByTestId('data-status')).toHaveAttribute('data-status', 'loaded', { timeout: 60_000 }),
    rest: async () => {
      await expect(page.getByTestId('seed')).toHaveValue('5');
      await expect(page.getByTestId('progress')).toHaveAttribute('data-round', '0', { timeout: 90_000 });
      await expect(page.getByTestId('data-status')).toContainText('Served subset');
    },
  });
  await runCases(ctx, [
    link('a word for a count', 'train=abc', 'Training images / class (train): "abc" is not a number'),
    link('a negative learning rate', 'lr=-1', 'Learning rate (lr): "-1" must be at least 0.000001'),
    link('a repeated class', 'classes=0,0', 'Classes (classes): "0,0" repeats an item'),
    link('a class that does not exist', 'classes=3,12', 'Classes (classes): "3,12" has an item that must be at most 9'),
    link('an unknown method', 'methods=vanilla,magic', 'Methods (methods): "vanilla,magic" has an item that is not one of'),
    link('a number beyond float range', 'epochs=1e309', 'Epochs (epochs): "1e309" is too large'),
    link('a division by zero', 'linf=8/0', 'Table L∞ ε (linf): "8/0" is too large'),
    link('neither "all" nor a number', 'pool=none', 'NN pool |Dt| (pool): "none" is not "all" and is not a number'),
    link('markup in a value, shown as text', `methods=${encodeURIComponent('<script>alert(1)</script>')}`, 'Methods (methods): "<script>alert(1)</script>" has an item that is not one of'),
    link('a future version', 'v=7', 'This link was made by a newer version of PAG Lab', 'link-notice'),
    link('an unknown key', 'colour=red', 'Ignored a setting this version does not know: "colour"', 'link-notice'),
    link('an unknown backend', 'backend=quantum', 'Unknown backend "quantum" in the address'),
    link('an unknown preset', 'preset=table9', 'Unknown preset "table9" in the address'),
    // Several problems at once: one banner names them all, none hides another.
    link('a bad value and an unknown backend together', 'train=abc&backend=quantum', /Training images \/ class \(train\): "abc" is not a number.*Unknown backend "quantum"/),
  ]);
});

/** The Nearest-Neighbor model's first saliency picture: equal pictures, equal weights. */
const saliencyOf = (page: Page) => page.getByTestId('saliency-nn-0').getAttribute('src');

async function trainTiny(page: Page): Promise<Loaded & { picture: string | null }> {
  await openCifarLab(page, 'wasm');
  await configureTiny(page);
  await page.getByTestId('step').click();
  await expect(page.getByTestId('saliency')).toHaveAttribute('data-round', '1', { timeout: 90_000 });
  return { page, status: (await page.getByTestId('data-status').textContent())!, round: '1', picture: await saliencyOf(page) };
}

test('CIFAR weight files: bad JSON, wrong shapes, short or missing .bin, NaN weights, the Toy Lab’s MLP are refused; the model keeps its weights', async ({ page }) => {
  const ctx = await trainTiny(page);
  await page.getByTestId('weights-model').selectOption('nn');
  const files: Record<string, Buffer> = {};
  const pending: Promise<void>[] = [];
  page.on('download', (d) => void pending.push(d.path().then((p) => void (files[d.suggestedFilename()] = readFileSync(p)))));
  await page.getByTestId('weights-download').click();
  await expect.poll(() => pending.length).toBe(2);
  await Promise.all(pending);
  const json = JSON.parse(files['nn-model.json'].toString('utf8'));
  const bin = files['nn-weights.bin'];
  const first: string = json.weightsManifest[0].weights[0].name;
  const edited = (edit: (j: typeof json) => void) => {
    const j = JSON.parse(JSON.stringify(json));
    edit(j);
    return JSON.stringify(j);
  };
  const upload = (text: string, bytes: Buffer | null) => () =>
    page.getByTestId('weights-upload').setInputFiles([
      { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(text) },
      ...(bytes ? [{ name: 'weights.bin', mimeType: 'application/octet-stream', buffer: bytes }] : []),
    ]);
  const nanBin = Buffer.from(bin);
  nanBin.writeFloatLE(Infinity, 4);
  const intact = async (c: typeof ctx) => {
    await dataIntact(c);
    expect(await saliencyOf(page)).toBe(c.picture);
  };
  const file = (name: string, act: () => Promise<void>, text: string | RegExp): BadInputCase<typeof ctx> => ({ name, act, expectMessage: { text }, expectIntact: intact });
  await runCases(ctx, [
    file('malformed JSON', upload('{"weightsManifest": [', bin), 'Weights not loaded: model.json is not valid JSON'),
    file(
      'a wrong shape (no model description to compare)',
      upload(edited((j) => {
        delete j.userDefinedMetadata;
        j.weightsManifest[0].weights[0].shape = [1, 2, 3, 4];
      }), bin),
      `parameter "${first}" has shape [1,2,3,4], the model needs [`,
    ),
    file('a short .bin', upload(JSON.stringify(json), bin.subarray(0, 100)), /weights\.bin has 100 bytes, model\.json describes \d+/),
    file('a missing .bin', upload(JSON.stringify(json), null), 'pick two files, a model.json and its weights.bin'),
    file('infinite weights', upload(JSON.stringify(json), nanBin), `parameter "${first}" holds NaN or infinite values`),
    file(
      'weights of the other model kind (the Toy Lab’s MLP)',
      upload(edited((j) => void (j.userDefinedMetadata.spec = { kind: 'mlp', inputSize: 2, hidden: [32], numClasses: 2, activation: 'relu' })), bin),
      'these weights are for a different model (MLP 2-32-2 relu), not the current one (CNN 8-16-32 channels, 2 classes, relu)',
    ),
  ]);
});

test('CIFAR saved runs: corrupt and foreign records are listed as damaged with the reason; the trained run comes back', async ({ page }) => {
  const ctx = await trainTiny(page);
  const saved = page.getByTestId('saved-run');
  await expect(saved).toHaveCount(1);
  const damaged = page.getByTestId('saved-run-corrupt');
  const record = (name: string, edit: RecordEdit, text: string): BadInputCase<typeof ctx> => ({
    name,
    setup: async () => {
      if (await damaged.count()) await damaged.getByRole('button', { name: 'Delete' }).click();
      await expect(damaged).toHaveCount(0);
      await putRecord(page, 'pag-lab-cifar', edit);
    },
    act: async () => {
      await page.reload();
      await expect(page.getByTestId('data-status')).toHaveAttribute('data-status', 'loaded', { timeout: 60_000 });
    },
    expectMessage: { text, within: () => damaged },
    // The good run is rebuilt on the served data and restored where it was.
    expectIntact: async (c) => {
      await expect(saved).toHaveCount(1);
      await expect(page.getByTestId('progress')).toHaveAttribute('data-round', '1', { timeout: 90_000 });
      await expect(page.getByTestId('train-per-class')).toHaveValue('8');
      await dataIntact(c);
    },
  });
  await runCases(ctx, [
    record('a record whose data is not JSON', { id: 'broken', json: '[1, 2' }, 'its saved data is not valid JSON'),
    record('a record of a newer format', { id: 'newer', version: 3 }, 'it was saved in another format (record version 3'),
    record('a record with a class that does not exist', { id: 'class12', settings: { classes: [0, 12] } }, 'settings: Classes: "0,12" has an item that must be at most 9'),
    record('a record with a NaN λ (JSON null)', { id: 'nan', settings: { lambda: null } }, 'settings: λ (PAG weight): "" is not a number'),
    record('an older record without a setting', { id: 'old', remove: ['seed'] }, 'settings: Seed is missing'),
    record('a record without its trained models', { id: 'no-models', dropStates: true }, 'its trained models are missing or damaged'),
  ]);
});
