/**
 * The CIFAR Lab's "small Table 1" preset: every method of Table 1 on airplane vs frog with a fixed
 * seed, trained to the end and then evaluated (PGD-20, L∞ 8/255 and L2 0.5), in one click or from
 * `?preset=table1`. About two minutes on wasm without a GPU.
 */
import { create } from 'zustand';
import { LAB_DEFAULTS, LAB_METHODS, TABLE_DEFAULTS, type CifarRunSettings } from '../settings';
import { cifarLab, useCifarLab } from './state/store';

// The paper's six methods: the shuffled control is ours and would add a seventh training.
export const TABLE1_PRESET: CifarRunSettings = { ...LAB_DEFAULTS, methods: LAB_METHODS.filter((m) => m !== 'shuffled'), trainPerClass: 100, testPerClass: 50, epochs: 2, seed: 1 };

export const PRESETS = ['table1'] as const;

/** Where the preset stands, for its status line. */
export const usePreset = create<{ phase: 'off' | 'training' | 'evaluating' }>()(() => ({ phase: 'off' }));

export const presetActive = () => usePreset.getState().phase !== 'off';

let stop: (() => void) | null = null;

function end(): void {
  stop?.();
  stop = null;
  usePreset.setState({ phase: 'off' });
}

export function runTable1Preset(): void {
  end();
  cifarLab.pause();
  cifarLab.setSettings(TABLE1_PRESET);
  cifarLab.setTableRequest({ ...TABLE_DEFAULTS });
  const before = useCifarLab.getState().session?.id ?? null;
  cifarLab.build();
  if (!useCifarLab.getState().preparing) return; // refused, with its message
  usePreset.setState({ phase: 'training' });
  let session: number | null = null;
  stop = useCifarLab.subscribe((s, prev) => {
    if (session === null) {
      if (s.session && s.session.id !== before && !s.preparing) {
        session = s.session.id;
        cifarLab.play();
      } else if (prev.preparing && !s.preparing && s.error) end();
      return;
    }
    // Someone built another run: the preset is over.
    if (s.session?.id !== session) return end();
    if (usePreset.getState().phase === 'training' && s.progress?.finished) {
      usePreset.setState({ phase: 'evaluating' });
      cifarLab.evaluate();
    } else if (usePreset.getState().phase === 'evaluating' && prev.table.status === 'running' && s.table.status !== 'running') end();
  });
}
