import { ToyLectureTools } from '../lecture/ToyLectureTools';
import { figure3Svg } from '../../../core/report/figure3';
import { pct } from '../format';
import { useToyLab } from '../state/store';
import { SettingField } from './SettingField';
import { PAG_METHODS } from '../../contract/runSettings';

/** Live view options under the plots, and the SVG export of what they show. */
export function ViewBar() {
  const canExport = useToyLab((s) => s.frame !== null && s.session !== null);
  return (
    <div className="viewbar">
      <SettingField name="arrows" inline />
      <SettingField name="arrowClass" inline />
      <span className="muted">points:</span>
      <SettingField name="showTrain" inline />
      <SettingField name="showTest" inline />
      <span className="legend" title="Colour: the model's P(class 1). Line: its decision boundary P = 0.5. Click a test point to follow its attack.">
        <span>
          <span className="dot c0" />0
        </span>
        <span>
          <span className="dot c1" />1
        </span>
      </span>
      <button className="btn small" onClick={exportSvg} disabled={!canExport} title="Download both boundaries as an SVG figure">
        Export SVG
      </button>
      <ToyLectureTools />
    </div>
  );
}

function exportSvg(): void {
  const s = useToyLab.getState();
  if (!s.frame || !s.session) return;
  const attack = s.attack.result && s.attack.result.session === s.session.id ? s.attack.result : null;
  const sub = (k: 'vanilla' | 'pag') =>
    `clean ${pct(s.metrics[k]?.testAccuracy)}${attack ? `, robust ${pct(attack.models[k].robustAccuracy)} (${attack.request.norm.toUpperCase()} eps ${attack.request.eps})` : ''}`;
  const method = PAG_METHODS.find((m) => m.id === s.applied?.pagMethod)?.label ?? '';
  const svg = figure3Svg({
    grid: s.frame.grid,
    panels: [
      { title: 'Vanilla', subtitle: sub('vanilla'), probs: s.frame.models.vanilla.probs },
      { title: `PAG (${method})`, subtitle: sub('pag'), probs: s.frame.models.pag.probs },
    ],
    points: s.session.test,
    title: `PAG Lab, step ${s.step}, seed ${s.applied?.seed ?? ''}`,
  });
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `pag-lab-step${s.step}.svg`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
