import { normLabel, num, pct, phaseText } from '../format';
import { attackAlphaOf } from '../state/settings';
import { toyLab, useToyLab } from '../state/store';
import { SettingField } from './SettingField';
import { SuiteReport } from './SuiteReport';

/** PGD settings and the Attack button, in one row under the plots; then what was run. */
export function AttackBar() {
  const settings = useToyLab((s) => s.settings);
  const attack = useToyLab((s) => s.attack);
  const canAttack = useToyLab((s) => s.session !== null && s.status === 'ready');
  const busy = attack.status === 'attacking' || attack.status === 'sweeping';
  const r = attack.result?.request;
  return (
    <section className="card bar-card" aria-label="Attack">
      <div className="bar-row">
        <button className="btn primary" data-testid="attack-run" onClick={() => toyLab.attack()} disabled={!canAttack || attack.status === 'attacking'} title="PGD on the whole test set against both models">
          ⚡ Attack
        </button>
        <SettingField name="attackNorm" inline />
        <SettingField name="attackEps" inline />
        <SettingField name="attackSteps" inline />
        <SettingField name="attackAlpha" inline />
        {settings.attackAlpha === null && (
          <span className="muted" title="The step size the attack will use: 2.5·ε / steps">
            = {num(attackAlphaOf(settings))}
          </span>
        )}
        <SettingField name="attackTargeted" inline />
      </div>
      <div className="progress-line" role="status">
        {busy && attack.progress
          ? phaseText(attack.progress.phase, attack.progress.done, attack.progress.total)
          : attack.result && r
            ? `${r.targeted ? 'Targeted' : 'Untargeted'} ${normLabel(r.norm)} PGD on all ${attack.result.models.vanilla.predictions.length} test points, ε ${num(r.eps)}, ${r.steps} steps of ${num(r.alpha)}, at training step ${attack.result.step}: vanilla keeps ${pct(attack.result.models.vanilla.robustAccuracy)}, PAG ${pct(attack.result.models.pag.robustAccuracy)}.`
            : 'PGD on the whole test set against both models (training pauses), then an ε sweep for the charts below and the attack suite.'}
      </div>
      {attack.result && attack.result.step === 0 && (
        <p className="untrained-note" role="note" data-testid="untrained-attack">
          These models have not trained yet (step 0): both are still their random starting weights, so what the attack keeps says nothing about PAG. Press Play,
          let them train, then attack again.
        </p>
      )}
      <SuiteReport />
    </section>
  );
}
