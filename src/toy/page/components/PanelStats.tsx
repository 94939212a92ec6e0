import type { ModelKey } from '../../contract/protocol';
import { normLabel, num, pct } from '../format';
import { useToyLab } from '../state/store';

/** Clean and robust test accuracy of one model, the numbers the paper reports. */
export function PanelStats({ model }: { model: ModelKey }) {
  const clean = useToyLab((s) => s.metrics[model]?.testAccuracy ?? null);
  const attack = useToyLab((s) => (s.attack.result && s.session && s.attack.result.session === s.session.id ? s.attack.result : null));
  const step = useToyLab((s) => s.step);
  const attacking = useToyLab((s) => s.attack.status === 'attacking');
  const r = attack?.request;
  return (
    <div className="stats">
      <div>
        <div className="sub">clean test accuracy</div>
        <span className="v" data-testid={`clean-acc-${model}`}>
          {pct(clean)}
        </span>
      </div>
      <div className="robust">
        <div className="sub">
          {r ? `robust: ${r.targeted ? 'targeted ' : ''}${normLabel(r.norm)} PGD-${r.steps}, ε ${num(r.eps)}` : 'robust accuracy (run an attack)'}
        </div>
        <span className={`v${attack || attacking ? '' : ' none'}`} data-testid={`robust-acc-${model}`}>
          {attacking ? '…' : pct(attack ? attack.models[model].robustAccuracy : null)}
        </span>
        {attack && attack.step !== step && <span className="sub"> (at step {attack.step})</span>}
      </div>
    </div>
  );
}
