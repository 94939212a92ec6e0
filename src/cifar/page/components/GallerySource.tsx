import { useMemo } from 'react';
import { bytesImage, imageFileTo32, toRgba } from '../image';
import type { ModelsView } from '../state/modelsView';
import { cifarLab } from '../state/store';
import { PixelImage } from './PixelImage';

/** Thumbnails per class offered as Figure 4's starting image. */
const PER_CLASS = 4;

/**
 * Pick a test image of the run (or of the pretrained models' shipped sample), or upload any
 * picture (scaled to 32x32 on a canvas).
 */
export function GallerySource({ view }: { view: ModelsView }) {
  const { test, classNames, on } = view;
  const source = view.gallery.source;
  const choices = useMemo(() => {
    const out: number[] = [];
    const seen = new Array(classNames.length).fill(0);
    test.labels.forEach((c, i) => {
      if (seen[c]++ < PER_CLASS) out.push(i);
    });
    return out.sort((a, b) => test.labels[a] - test.labels[b]).map((i) => ({ i, rgba: toRgba(bytesImage(test.images, i)) }));
  }, [test, classNames]);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    try {
      const pixels = await imageFileTo32(file);
      cifarLab.setGallerySource({ kind: 'image', name: file.name, pixels }, on);
    } catch (e) {
      cifarLab.showError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div className="source-picker" role="group" aria-label="Starting image" data-export-skip>
      {choices.map(({ i, rgba }) => (
        <button
          key={i}
          className={`thumb${source.kind === 'test' && source.index === i ? ' selected' : ''}`}
          data-testid={`gallery-source-${i}`}
          onClick={() => cifarLab.setGallerySource({ kind: 'test', index: i }, on)}
          title={`${on === 'pretrained' ? 'sample' : 'test'} image ${i}: ${classNames[test.labels[i]]}`}
        >
          <PixelImage rgba={rgba} />
        </button>
      ))}
      <label className={`btn small upload${source.kind === 'image' ? ' selected' : ''}`} title="Any picture, scaled to 32x32">
        {source.kind === 'image' ? `✓ ${source.name}` : 'Upload image…'}
        <input
          type="file"
          accept="image/*"
          data-testid="gallery-upload"
          onChange={(e) => {
            void upload(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
      </label>
    </div>
  );
}
