import { useMemo } from 'react';
import { bytesImage, imageFileTo32, toRgba } from '../image';
import { cifarLab, useCifarLab } from '../state/store';
import { PixelImage } from './PixelImage';

/** Thumbnails per class offered as Figure 4's starting image. */
const PER_CLASS = 4;

/** Pick a test image of the run, or upload any picture (scaled to 32x32 on a canvas). */
export function GallerySource() {
  const session = useCifarLab((s) => s.session);
  const source = useCifarLab((s) => s.gallery.source);
  const choices = useMemo(() => {
    if (!session) return [];
    const out: number[] = [];
    const seen = new Array(session.classNames.length).fill(0);
    session.test.labels.forEach((c, i) => {
      if (seen[c]++ < PER_CLASS) out.push(i);
    });
    return out.sort((a, b) => session.test.labels[a] - session.test.labels[b]).map((i) => ({ i, rgba: toRgba(bytesImage(session.test.images, i)) }));
  }, [session]);
  if (!session) return null;
  const upload = async (file: File | undefined) => {
    if (!file) return;
    try {
      const pixels = await imageFileTo32(file);
      cifarLab.setGallerySource({ kind: 'image', name: file.name, pixels });
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
          onClick={() => cifarLab.setGallerySource({ kind: 'test', index: i })}
          title={`test image ${i}: ${session.classNames[session.test.labels[i]]}`}
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
