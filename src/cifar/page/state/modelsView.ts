import type { ModelInfo, ModelSetKind } from '../../contract/protocol';
import type { CifarLabData, GalleryState } from './types';

/**
 * The models the page shows and what the gallery, its picker and the hover card work with:
 * the pretrained models and their shipped sample, or the live run and its test subset.
 */
export interface ModelsView {
  on: ModelSetKind;
  classNames: string[];
  models: ModelInfo[];
  test: { images: Uint8Array; labels: Int32Array };
  gallery: GalleryState;
  /** Some model can be attacked now (a live RIGD student may not exist yet). */
  anyModel: boolean;
  /** The live run has not trained a single step: its models are random weights. */
  untrained: boolean;
}

export function modelsView(s: CifarLabData): ModelsView | null {
  if (s.view === 'pretrained') {
    const p = s.pretrained;
    if (p.status !== 'loaded' || !p.manifest || !p.sample) return null;
    return { on: 'pretrained', classNames: p.manifest.classNames, models: p.models, test: p.sample, gallery: p.gallery, anyModel: p.models.length > 0, untrained: false };
  }
  if (!s.session) return null;
  const pr = s.progress;
  return {
    on: 'live',
    classNames: s.session.classNames,
    models: s.session.models,
    test: s.session.test,
    gallery: s.gallery,
    anyModel: s.models.some((m) => m.exists),
    untrained: !pr || (pr.round === 0 && pr.teacherStep === 0),
  };
}
