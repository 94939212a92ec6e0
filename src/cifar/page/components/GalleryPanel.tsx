import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { SHORT_LABELS } from '../../contract/settings';
import { bytesImage, IMAGE_SIZE, perturbation, toRgba } from '../image';
import { METHOD_COLORS } from '../methodColors';
import { modelsView, type ModelsView } from '../state/modelsView';
import { cifarLab, useCifarLab } from '../state/store';
import { GallerySource } from './GallerySource';
import { EmbedButton } from '../../../common/lecture/EmbedButton';
import { CIFAR_EMBED_PANELS } from '../lecture/embedPanels';
import { PixelImage } from './PixelImage';
import { linkParser, TextField } from './TextField';

/**
 * Figure 4, live: from one image, targeted L2 PGD with a large eps towards every class, step by
 * step, for every model at once. A model with perceptually aligned gradients paints the target
 * class; a vanilla one adds structured noise while its confidence in the target soars. Works on
 * the models on screen: the pretrained ones (their shipped sample) or the live run's.
 */
export function GalleryPanel() {
  const view = useCifarLab(useShallow(modelsView));
  const pretrained = useCifarLab((s) => s.view === 'pretrained');
  return (
    <section className="card gallery" data-testid="gallery" data-on={view?.on ?? ''} aria-label="Large-eps targeted PGD" data-export-panel>
      <div className="gallery-head">
        <h2>Large-ε targeted PGD{pretrained ? ' on the pretrained models' : ', live'} (Figure 4)</h2>
        {/* Here, not in the top bar (full at 1024 px): the code to embed this figure, and more, in a slide. */}
        <EmbedButton choices={CIFAR_EMBED_PANELS} />
      </div>
      {view ? (
        <>
          <GallerySource view={view} />
          <GalleryControls view={view} />
          {view.untrained && <UntrainedNotice what="gallery" />}
          <GalleryGrid view={view} />
        </>
      ) : (
        <div className="hint">{pretrained ? 'Waiting for the pretrained models…' : 'Load data and build the models first.'}</div>
      )}
    </section>
  );
}

/** Attacks on models that have not trained a step show random weights, not a method: said plainly. */
export function UntrainedNotice({ what }: { what: 'gallery' | 'table' }) {
  return (
    <div className="untrained" role="note" data-testid={`untrained-${what}`}>
      These models have not trained yet (step 0): {what === 'gallery' ? 'the attack shows random weights' : 'the table measures random weights'}, not any method.
      Train first, or look at the pretrained models.
    </div>
  );
}

function GalleryControls({ view }: { view: ModelsView }) {
  const req = useCifarLab((s) => s.galleryRequest);
  const status = view.gallery.status;
  const gain = useCifarLab((s) => s.perturbationGain);
  const anyModel = view.anyModel;
  return (
    <div className="bar-row" data-export-skip>
      <TextField label="L2 ε" testId="gallery-eps" width={52} value={req.eps} format={String} parse={linkParser('galleryEps')} onCommit={(eps) => cifarLab.setGalleryRequest({ eps })} />
      <TextField label="steps" testId="gallery-steps" width={44} value={req.steps} format={String} parse={linkParser('gallerySteps')} onCommit={(steps) => cifarLab.setGalleryRequest({ steps })} />
      <label className="field">
        <span>show</span>
        <select data-testid="gallery-view" value={gain} onChange={(e) => cifarLab.setPerturbationGain(Number(e.target.value))}>
          <option value={0}>images</option>
          <option value={5}>perturbation ×5</option>
          <option value={20}>perturbation ×20</option>
        </select>
      </label>
      {status === 'running' ? (
        <button className="btn" data-testid="gallery-cancel" onClick={() => cifarLab.cancelJob()}>
          Stop
        </button>
      ) : (
        <button className="btn primary" data-testid="gallery-run" onClick={() => cifarLab.runGallery(view.on)} disabled={!anyModel} title="Pauses training (and the pretrained table) while it runs, then resumes it">
          Attack every class
        </button>
      )}
      <span className="hint">α = 2.5 ε / steps</span>
    </div>
  );
}

function GalleryGrid({ view }: { view: ModelsView }) {
  const g = view.gallery;
  const gain = useCifarLab((s) => s.perturbationGain);
  const { test, classNames } = view;
  const original = useMemo(() => (g.source.kind === 'test' ? bytesImage(test.images, g.source.index) : g.source.pixels), [g.source, test]);
  const originalRgba = useMemo(() => toRgba(original), [original]);
  const C = classNames.length;
  const cells = useMemo(
    () =>
      g.rows.map((r) =>
        Array.from({ length: C }, (_, t) => (gain > 0 ? perturbation(r.images, t * IMAGE_SIZE, original, gain) : toRgba(r.images, t * IMAGE_SIZE))),
      ),
    [g.rows, gain, original, C],
  );
  const sourceLabel = g.source.kind === 'test' ? classNames[test.labels[g.source.index]] : g.source.name;
  return (
    <div data-testid="gallery-grid" data-step={g.step} data-status={g.status} data-on={view.on}>
      <div className="image-grid gallery-grid" style={{ gridTemplateColumns: `7.5em repeat(${C + 1}, minmax(0, 72px))` }}>
        <span className="row-label muted">target →</span>
        <span className="col-label" title={sourceLabel}>
          start
        </span>
        {classNames.map((n, t) => (
          <span key={n} className="col-label" data-target={t}>
            {n}
          </span>
        ))}
        {view.models.map((m) => {
          const r = g.rows.findIndex((row) => row.method === m.method);
          const row = r >= 0 ? g.rows[r] : null;
          return (
            <Row key={m.method} method={m.method} original={originalRgba} cells={r >= 0 ? cells[r] : null} confidence={row?.confidence ?? null} C={C} />
          );
        })}
      </div>
      <div className="hint">
        {g.status === 'idle' && 'Pick a starting image and attack: each cell is PGD towards its column’s class, with the model’s confidence in that class.'}
        {g.status !== 'idle' && `PGD step ${g.step} / ${g.steps}${g.status === 'cancelled' ? ' (stopped)' : g.status === 'done' ? ' (done)' : ''}`}
      </div>
    </div>
  );
}

function Row(props: { method: keyof typeof SHORT_LABELS; original: Uint8ClampedArray<ArrayBuffer>; cells: Uint8ClampedArray<ArrayBuffer>[] | null; confidence: Float32Array | null; C: number }) {
  const { method, original, cells, confidence, C } = props;
  return (
    <>
      <span className="row-label" style={{ color: METHOD_COLORS[method] }}>
        {SHORT_LABELS[method]}
      </span>
      <figure className="cell">
        <PixelImage rgba={original} />
      </figure>
      {Array.from({ length: C }, (_, t) => (
        <figure className="cell" key={t} data-testid={`gallery-cell-${method}-${t}`} data-method={method} data-target={t} data-filled={cells ? 'true' : 'false'}>
          <PixelImage rgba={cells ? cells[t] : null} />
          <figcaption>{confidence ? `${(100 * confidence[t]).toFixed(0)}%` : '\u00a0'}</figcaption>
        </figure>
      ))}
    </>
  );
}
