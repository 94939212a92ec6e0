/**
 * The CIFAR Lab's "Small Table 1 run" preset (one click, or `?preset=table1`). Table 1 is the
 * pretrained models' (public/pretrained/: trained by this project, evaluated here on the shipped
 * sample beside the manifest's full-test figures), shown above a clearly labelled live mini-run:
 * vanilla and Nearest Neighbor on airplane vs frog with a fixed seed, trained to the end (about a
 * minute on wasm) and then evaluated. Minutes of training in a browser do not give a result
 * worth presenting as Table 1; the mini-run shows how one is made.
 */
import { create } from 'zustand';
import { CIFAR_LAB_DEFAULTS, TABLE_DEFAULTS, type CifarRunSettings } from '../contract/settings';
import { cifarLab, useCifarLab } from './state/store';

/** Vanilla and Nearest Neighbor (the paper's main method) only: every PAG model costs a PAG step per round. */
export const TABLE1_PRESET: CifarRunSettings = { ...CIFAR_LAB_DEFAULTS, methods: ['vanilla', 'nn'], seed: 1 };

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
  cifarLab.showPresetTable(true);
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
    // Someone built another run: the preset is over, and its pretrained table goes with it.
    if (s.session?.id !== session) {
      cifarLab.showPresetTable(false);
      return end();
    }
    if (usePreset.getState().phase === 'training' && s.progress?.finished) {
      usePreset.setState({ phase: 'evaluating' });
      cifarLab.evaluate();
    } else if (usePreset.getState().phase === 'evaluating' && prev.table.status === 'running' && s.table.status !== 'running') end();
  });
}
