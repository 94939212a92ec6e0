import { useMemo } from 'react';
import { SHORT_LABELS } from '../../contract/settings';
import { bytesImage, IMAGE_SIZE, normalisedGradient, toRgba } from '../image';
import { METHOD_COLORS } from '../methodColors';
import { useCifarLab } from '../state/store';
import { PixelImage } from './PixelImage';

/**
 * Saliency: the input-gradient of the true class's score for a few test images per class, per
 * model. Perceptually aligned gradients look like the object (or the class); a vanilla model's
 * look like noise. Updated every few seconds while training.
 */
export function SaliencyPanel() {
  const session = useCifarLab((s) => s.session);
  const saliency = useCifarLab((s) => s.saliency);
  const images = useMemo(
    () => (session ? session.saliencyIndices.map((i) => toRgba(bytesImage(session.test.images, i))) : []),
    [session],
  );
  const maps = useMemo(
    () => (saliency ? saliency.grads.map((g) => (g.length ? images.map((_, k) => normalisedGradient(g, k * IMAGE_SIZE)) : null)) : []),
    [saliency, images],
  );
  if (!session) return null;
  const cols = session.saliencyIndices.length;
  return (
    <section className="card saliency" data-testid="saliency" data-round={saliency?.round ?? -1} aria-label="Saliency maps" data-export-panel>
      <h2>
        Saliency: ∇x of the true class's log-softmax{' '}
        <span className="muted">{saliency ? `after ${saliency.round} steps` : ''}</span>
      </h2>
      <div className="image-grid" style={{ gridTemplateColumns: `7.5em repeat(${cols}, minmax(0, 56px))` }}>
        <span className="row-label">test image</span>
        {session.saliencyIndices.map((idx, k) => (
          <PixelImage key={idx} rgba={images[k]} title={session.classNames[session.test.labels[idx]]} testId={`saliency-image-${idx}`} />
        ))}
        {session.models.map((m, r) => (
          <Row key={m.method} method={m.method} maps={maps[r] ?? null} cols={cols} />
        ))}
      </div>
      <div className="hint">Each map scaled to its own largest value; grey = 0. Only the direction matters to PAG.</div>
    </section>
  );
}

function Row({ method, maps, cols }: { method: keyof typeof SHORT_LABELS; maps: Uint8ClampedArray<ArrayBuffer>[] | null; cols: number }) {
  return (
    <>
      <span className="row-label" style={{ color: METHOD_COLORS[method] }}>
        {SHORT_LABELS[method]}
      </span>
      {Array.from({ length: cols }, (_, k) => (
        <PixelImage key={k} rgba={maps ? maps[k] : null} testId={`saliency-${method}-${k}`} title={maps ? undefined : 'not trained yet'} />
      ))}
    </>
  );
}
