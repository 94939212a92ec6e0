import * as tf from '@tensorflow/tfjs';
import { pgdStep, type PgdOptions } from '../attack/pgd';
import type { ScoreFn } from '../pag/inputGradients';

/**
 * Figure 4: large-eps targeted L2 PGD from one image towards every class. A model with
 * perceptually aligned gradients turns the image into something that looks like the target
 * class; a vanilla model adds structured noise. Runs step by step so a UI can animate it.
 */
export interface GalleryOptions {
  eps: number;
  steps: number;
  alpha: number;
}

/** Large enough that a PAG model visibly draws the target class on 32x32 images in [0, 1]. */
export const GALLERY_DEFAULTS: GalleryOptions = { eps: 6, steps: 30, alpha: (2.5 * 6) / 30 };

export interface GalleryFrame {
  step: number;
  /** [C, H, W, 3] current images, one per target class, in [0, 1]. */
  images: Float32Array;
  /** Model confidence (softmax) in each row's target class. */
  confidence: Float32Array;
}

/**
 * Yields the images after every step (step 0 = the original). `image` is one HWC image;
 * the C targets run as one batch.
 */
export async function* galleryFrames(
  logitsOf: ScoreFn,
  image: Float32Array,
  shape: [number, number, number],
  numClasses: number,
  opts: GalleryOptions,
): AsyncGenerator<GalleryFrame> {
  const x = tf.tidy(() => tf.tensor(image, [1, ...shape]).tile([numClasses, 1, 1, 1]));
  const targets = tf.range(0, numClasses, 1, 'int32') as tf.Tensor1D;
  const pgdOpts: PgdOptions = { norm: 'l2', eps: opts.eps, alpha: opts.alpha, steps: opts.steps, clipTo01: true };
  let delta = tf.zerosLike(x);
  try {
    for (let step = 0; step <= opts.steps; step++) {
      if (step > 0) {
        const next = pgdStep(logitsOf, x, delta, targets, true, pgdOpts);
        delta.dispose();
        delta = next;
      }
      const [imgs, conf] = tf.tidy(() => {
        const adv = tf.add(x, delta);
        const p = tf.softmax(logitsOf(adv));
        return [adv, tf.sum(tf.mul(p, tf.oneHot(targets, numClasses)), 1)];
      });
      const frame = { step, images: (await imgs.data()) as Float32Array, confidence: (await conf.data()) as Float32Array };
      tf.dispose([imgs, conf]);
      yield frame;
    }
  } finally {
    tf.dispose([x, targets, delta]);
  }
}

/** The last frame only (the CLI's grid). */
export async function galleryFinal(
  logitsOf: ScoreFn,
  image: Float32Array,
  shape: [number, number, number],
  numClasses: number,
  opts: GalleryOptions,
): Promise<GalleryFrame> {
  let last: GalleryFrame | null = null;
  for await (const f of galleryFrames(logitsOf, image, shape, numClasses, opts)) last = f;
  return last!;
}
