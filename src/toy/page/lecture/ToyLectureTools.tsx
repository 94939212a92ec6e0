import { EmbedButton } from '../../../common/lecture/EmbedButton';
import { LectureTools } from '../../../common/lecture/LectureTools';
import { RecordButton } from './RecordButton';

/** The Toy Lab's lecture tools: record the boundaries, embed code, theme switch. */
export function ToyLectureTools() {
  return (
    <LectureTools>
      <RecordButton />
      <EmbedButton />
    </LectureTools>
  );
}
