import { EmbedButton } from '../../../common/lecture/EmbedButton';
import { RecordButton } from './RecordButton';
import { TOY_EMBED_PANELS } from './embedPanels';

/** The Toy Lab's lecture tools beside the plots' view controls: record the boundaries, embed code. */
export function ToyLectureTools() {
  return (
    <span className="lecture-tools">
      <RecordButton />
      <EmbedButton choices={TOY_EMBED_PANELS} />
    </span>
  );
}
