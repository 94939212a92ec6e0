import { EmbedButton } from '../../../common/lecture/EmbedButton';
import { RecordButton } from './RecordButton';

/** The Toy Lab's lecture tools beside the plots' view controls: record the boundaries, embed code. */
export function ToyLectureTools() {
  return (
    <span className="lecture-tools">
      <RecordButton />
      <EmbedButton />
    </span>
  );
}
