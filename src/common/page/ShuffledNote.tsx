import { SHUFFLED_EXPLAINED } from '../../core/pag/shuffled';

/** The control's one-sentence explanation, shown where it is chosen (both labs use it). */
export function ShuffledNote() {
  return (
    <span className="muted shuffled-note" data-testid="shuffled-note" title={SHUFFLED_EXPLAINED}>
      {SHUFFLED_EXPLAINED}
    </span>
  );
}
