import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../core/data/dataset';
import { table1Attacks } from '../../core/experiment/cifarExperiment';
import { METHOD_LABELS } from '../../core/experiment/methods';
import type { ModelResult } from '../../core/experiment/results';
import { PRETRAINED_TABLE, type GalleryRequest, type TableRequest } from '../contract/settings';
import { runGallery } from './galleryJob';
import type { JobHooks } from './jobHooks';
import type { VisibilityGate } from '../../common/worker/visibilityGate';
import type { PretrainedSet } from './pretrained';
import type { CifarEvent, GallerySource, MethodId, ModelSetKind } from '../contract/protocol';
import type { CifarSession } from './session';
import { tableMarkdown, tableRun } from './tableReport';
import { paperAttacks, runTable, type TableModel } from './tableJob';

/**
 * The jobs the page asks of a set of models (Figure 4's gallery, Table 1, a hover card's
 * prediction), for either set: the live run's models or the pretrained ones. The controller
 * orders them on its queue and decides when they are stopped; here is what each one does.
 */
export interface ModelSet {
  on: ModelSetKind;
  /** The run's session id, or the pretrained set's id: events carry it so late ones are dropped. */
  id: number;
  models: TableModel[];
  /** The images the jobs pick from: the run's test subset, or the shipped sample. */
  test: Dataset;
  /** The live run, or null for the pretrained models. */
  session: CifarSession | null;
  pretrained: PretrainedSet | null;
}

export function liveSet(s: CifarSession): ModelSet {
  return {
    on: 'live',
    id: s.id,
    models: s.trained.map((m) => ({ method: m.method, logitsOf: m.trainer.logitsOf, trainSeconds: m.trainSeconds })),
    test: s.data.test,
    session: s,
    pretrained: null,
  };
}

export function pretrainedSet(p: PretrainedSet): ModelSet {
  return { on: 'pretrained', id: p.id, models: p.models, test: p.sample, session: null, pretrained: p };
}

/** The models a job runs on; throws (for the user) when there are none. */
export function modelSetOf(on: ModelSetKind = 'live', session: CifarSession | null, pretrained: PretrainedSet | null): ModelSet {
  if (on === 'pretrained') {
    if (!pretrained) throw new Error('The pretrained models are not loaded.');
    return pretrainedSet(pretrained);
  }
  if (!session) throw new Error('Build the models first.');
  if (session.trained.length === 0) throw new Error('No model exists yet: RIGD models appear once their teachers are trained.');
  return liveSet(session);
}

/** Whether the models a job runs on are still the ones on screen (a new run or a rebuild replaces them). */
export function isCurrent(set: ModelSet, session: CifarSession | null, pretrained: PretrainedSet | null): boolean {
  return set.session ? set.session === session : set.pretrained === pretrained;
}

/** A job's hooks: stopped when `cancelled` says so; a hidden page holds it (and the gallery's animation) at its next yield. */
export function jobHooks(cancelled: () => boolean, visibility: VisibilityGate, host: Pick<JobHooks, 'yieldControl' | 'sleep' | 'now'>): JobHooks {
  return {
    cancelled,
    yieldControl: () => visibility.wait().then(() => host.yieldControl()),
    sleep: (ms: number) => visibility.wait().then(() => host.sleep(ms)),
    now: () => host.now(),
  };
}

/** Events name their set only when it is the pretrained one (live events stay as they were). */
const tag = (set: ModelSet) => (set.on === 'pretrained' ? { on: 'pretrained' as const } : {});

/** The pixels of a gallery or predict source (HWC in [0, 1]); throws (for the user) for a missing test image. */
export function imageOf(set: ModelSet, source: GallerySource): Float32Array {
  const { test } = set;
  const dim = 32 * 32 * 3;
  if (source.kind === 'test' && source.index >= test.n) {
    throw new Error(set.on === 'live' ? `There is no test image ${source.index} in this run.` : `There is no sample image ${source.index}.`);
  }
  return source.kind === 'test' ? test.x.slice(source.index * dim, (source.index + 1) * dim) : source.pixels;
}

type Post = (e: CifarEvent) => void;

export async function galleryJob(set: ModelSet, id: number, source: GallerySource, req: GalleryRequest, post: Post, hooks: JobHooks): Promise<void> {
  const frame = (step: number, rows: Parameters<Parameters<typeof runGallery>[4]>[1]) =>
    post({ type: 'galleryFrame', id, session: set.id, ...tag(set), step, steps: req.steps, rows });
  await runGallery(set.models, imageOf(set, source), set.test.numClasses, req, frame, hooks);
}

/** Each model's softmax for one image. Training is not paused. */
export async function predictJob(set: ModelSet, id: number, source: GallerySource, post: Post): Promise<void> {
  const x = imageOf(set, source);
  const models = [];
  for (const m of set.models) {
    const p = tf.tidy(() => tf.softmax(m.logitsOf(tf.tensor4d(x, [1, 32, 32, 3]))));
    models.push({ method: m.method, probs: (await p.data()) as Float32Array });
    p.dispose();
  }
  post({ type: 'prediction', id, session: set.id, ...tag(set), models });
}

/**
 * Table 1. The live run: its request's attacks on its test subset, one result at the end. The
 * pretrained models: the paper's attacks (PRETRAINED_TABLE) on the shipped sample, a row per
 * model as soon as it is done (a gallery may interrupt the table; the page asks for the rest after).
 */
export async function tableJob(set: ModelSet, id: number, req: TableRequest, methods: MethodId[] | undefined, post: Post, hooks: JobHooks): Promise<void> {
  const progress = (phase: string, done: number, total: number) => post({ type: 'tableProgress', id, phase, done, total, ...tag(set) });
  const s = set.session;
  if (!s) {
    const p = set.pretrained!;
    const models = set.models.filter((m) => !methods || methods.includes(m.method));
    const n = set.test.n;
    const row = (r: ModelResult) => post({ type: 'tableRow', id, session: set.id, on: 'pretrained', n, row: r });
    await runTable(models, set.test, paperAttacks(PRETRAINED_TABLE), p.files.manifest.seed, METHOD_LABELS, progress, hooks, row, req.suite ?? false);
    return;
  }
  const round = s.round;
  const models = await runTable(set.models, s.data.test, table1Attacks(req.linfEps, req.l2Eps, req.steps), s.settings.seed, METHOD_LABELS, progress, hooks, undefined, req.suite ?? false);
  const run = tableRun(s.settings, req, models);
  post({ type: 'tableResult', id, session: s.id, round, totalRounds: s.totalRounds, result: run, markdown: tableMarkdown(run, s, req) });
}
