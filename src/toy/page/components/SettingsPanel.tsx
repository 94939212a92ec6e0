import { pendingRestart, SETTINGS_TABLE, type SettingKey } from '../state/settings';
import { toyLab, useToyLab } from '../state/store';
import { SettingField } from './SettingField';

const GROUPS: { title: string; keys: SettingKey[] }[] = [
  { title: 'Data', keys: ['dataset', 'noise', 'seed', 'trainPerClass'] },
  { title: 'Model', keys: ['hiddenWidth', 'hiddenLayers', 'activation'] },
  { title: 'Training', keys: ['pagMethod', 'lambda', 'optimizer', 'learningRate', 'batchSize', 'epochs'] },
];

/** The run's settings. Changes after training has started wait for a restart, and say so. */
export function SettingsPanel() {
  const settings = useToyLab((s) => s.settings);
  const base = useToyLab((s) => s.requested ?? s.applied);
  const pending = pendingRestart(settings, base);
  return (
    <aside className="settings" aria-label="Settings">
      {pending.length > 0 && (
        <div className="restart" role="status">
          <b>Needs a restart:</b> {pending.map((k) => SETTINGS_TABLE[k].label).join(', ')} changed. The models on screen still use the old values.
          <div>
            <button className="btn small primary" onClick={() => toyLab.reset()}>
              Restart with new settings
            </button>
          </div>
        </div>
      )}
      {GROUPS.map((g) => (
        <section className="card" key={g.title}>
          <h3>{g.title}</h3>
          {g.keys.map((k) => (
            <SettingField key={k} name={k} />
          ))}
        </section>
      ))}
      <p className="hint">
        Defaults are the paper’s toy setting.{pending.length > 0 && ' Settings marked • take effect after a restart.'}
      </p>
    </aside>
  );
}
