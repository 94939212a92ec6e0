import { create } from 'zustand';
import { DEFAULT_VIEW, type ViewState } from './linkCodec';

/**
 * The teaching and sharing layer's own state, beside the lab's store: the presentation view (kept
 * in the link), the notice about a link's unknown keys, the help overlay, and the tour step.
 */
export interface TeachState extends ViewState {
  notice: string | null;
  helpOpen: boolean;
  /** Index of the tour step on screen; null = no tour. */
  tourStep: number | null;
  /** "Link copied" and the like, for a moment. */
  shareStatus: string | null;
}

export const useTeach = create<TeachState>()(() => ({ ...DEFAULT_VIEW, notice: null, helpOpen: false, tourStep: null, shareStatus: null }));

export const viewOf = (s: TeachState): ViewState => ({ present: s.present, show: s.show, hide: s.hide });
