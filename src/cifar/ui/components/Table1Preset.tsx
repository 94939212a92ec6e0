import { runTable1Preset, usePreset } from '../presets';

/** One click (or ?preset=table1): every method, a fixed seed, trained to the end, then Table 1. */
export function Table1Preset() {
  const phase = usePreset((s) => s.phase);
  return (
    <>
      <button className="btn" data-testid="preset-table1" onClick={runTable1Preset} title="All six methods on airplane vs frog, seed 1, 100 training images per class, 2 epochs; then PGD-20 (link: ?preset=table1)">
        Small Table 1 run
      </button>
      {phase !== 'off' && (
        <span className="hint" data-testid="preset-status" data-phase={phase}>
          {phase === 'training' ? 'preset: training every model…' : 'preset: evaluating…'}
        </span>
      )}
    </>
  );
}
