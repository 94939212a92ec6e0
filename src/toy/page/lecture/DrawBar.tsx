import { classCounts } from '../../../core/data/drawn';
import { drawnPointsOf } from '../state/settings';
import { toyLab, useToyLab } from '../state/store';
import { clearPoints, useDrawClass } from './drawState';

/** Under the plots when the dataset is "Draw your own": which class a click adds, how many, clear. */
export function DrawBar() {
  const draw = useToyLab((s) => s.settings.dataset === 'draw');
  const text = useToyLab((s) => s.settings.points);
  const cls = useDrawClass((s) => s.cls);
  if (!draw) return null;
  const [n0, n1] = classCounts(drawnPointsOf(text));
  return (
    <div className="card bar-card draw-bar" data-testid="draw-bar">
      <div className="bar-row">
        <b>Draw your data</b>
        <label className="inline-field">
          class
          <select data-testid="draw-class" value={cls} onChange={(e) => useDrawClass.setState({ cls: e.target.value === '1' ? 1 : 0 })}>
            <option value="0">class 0</option>
            <option value="1">class 1</option>
          </select>
        </label>
        <span data-testid="draw-count">
          <span className="dot c0" />
          {n0} · <span className="dot c1" />
          {n1}
        </span>
        <button className="btn small" data-testid="draw-clear" onClick={clearPoints} disabled={n0 + n1 === 0}>
          Clear
        </button>
        <button className="btn small" onClick={() => toyLab.setField('dataset', 'paper')}>
          Back to the paper’s data
        </button>
      </div>
      <div className="progress-line">
        {n0 === 0 || n1 === 0 ? 'Click or tap on a plot to add a point of the chosen class; at least one of each class to train. ' : ''}
        Drag a point to move it; click it again to remove it. Every change starts new models; press play to train.
      </div>
    </div>
  );
}
