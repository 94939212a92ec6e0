import { runTable1Preset, usePreset } from '../presets';

/** One click (or ?preset=table1): the pretrained models' Table 1, and a labelled live mini-run (presets.ts). */
export function Table1Preset() {
  const phase = usePreset((s) => s.phase);
  return (
    <>
      <button className="btn" data-testid="preset-table1" onClick={runTable1Preset} title="Table 1 of the pretrained models, and a live mini-run beside it: vanilla and Nearest Neighbor on airplane vs frog, seed 1, 2 epochs, then PGD-20 (link: ?preset=table1)">
        Small Table 1 run
      </button>
      {phase !== 'off' && (
        <span className="hint" data-testid="preset-status" data-phase={phase}>
          {phase === 'training' ? 'preset: training the live mini-run…' : 'preset: evaluating the live mini-run…'}
        </span>
      )}
    </>
  );
}
