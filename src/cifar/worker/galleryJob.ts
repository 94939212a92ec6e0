import { galleryFrames, type GalleryFrame } from '../../core/eval/gallery';
import { Cancelled } from '../../common/worker/cancelled';
import type { MethodId } from '../../core/experiment/methods';
import type { ScoreFn } from '../../core/pag/inputGradients';
import type { GalleryRequest } from '../contract/settings';
import type { JobHooks } from './jobHooks';

/**
 * Figure 4, live: large-eps targeted L2 PGD from one image towards every class, for every model
 * at once, one PGD step per frame (rows: models; columns: target classes). Each model's attack is
 * core/eval/gallery.ts's generator; they advance in lockstep so the grid animates as a whole.
 */
export interface GalleryModel {
  method: MethodId;
  logitsOf: ScoreFn;
}

export type GalleryRow = { method: MethodId; images: Float32Array; confidence: Float32Array };

/** Frames come at most this often, so a fast backend still shows the image changing. */
export const MIN_FRAME_MS = 40;

export async function runGallery(
  models: GalleryModel[],
  image: Float32Array,
  numClasses: number,
  req: GalleryRequest,
  onFrame: (step: number, rows: GalleryRow[]) => void,
  hooks: JobHooks,
): Promise<void> {
  const opts = { eps: req.eps, steps: req.steps, alpha: (2.5 * req.eps) / req.steps };
  const gens = models.map((m) => galleryFrames(m.logitsOf, image, [32, 32, 3], numClasses, opts));
  try {
    for (let step = 0; step <= req.steps; step++) {
      const t0 = hooks.now();
      const frames: GalleryFrame[] = [];
      // One model at a time: each next() ends in a read-back, and the device does one thing at once anyway.
      for (const g of gens) {
        const r = await g.next();
        if (r.done) throw new Error('the gallery attack ended early');
        frames.push(r.value);
      }
      onFrame(
        step,
        frames.map((f, i) => ({ method: models[i].method, images: f.images, confidence: f.confidence })),
      );
      const wait = MIN_FRAME_MS - (hooks.now() - t0);
      await (wait > 0 ? hooks.sleep(wait) : hooks.yieldControl());
      if (hooks.cancelled()) throw new Cancelled();
    }
  } finally {
    // Runs each generator's finally: its tensors are freed whether it finished or not.
    for (const g of gens) await g.return(undefined);
  }
}
