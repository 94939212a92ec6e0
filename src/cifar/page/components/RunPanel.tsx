import { CIFAR_CLASSES } from '../../../core/data/cifar';
import { CIFAR_LAB_METHODS, SHORT_LABELS, type CifarRunSettings, type MethodId } from '../../contract/settings';
import { METHOD_COLORS } from '../methodColors';
import { cifarLab, useCifarLab } from '../state/store';
import { SHUFFLED_EXPLAINED } from '../../../core/pag/shuffled';
import { ShuffledNote } from '../../../common/page/ShuffledNote';
import { linkParser, TextField } from './TextField';

/** The run's settings as edited; a field differs from the run on screen: marked, applied by Reset. */
function useSetting<K extends keyof CifarRunSettings>(key: K) {
  const value = useCifarLab((s) => s.settings[key]);
  const changed = useCifarLab((s) => s.session !== null && JSON.stringify(s.session.settings[key]) !== JSON.stringify(s.settings[key]));
  return { value, changed, set: (v: CifarRunSettings[K]) => cifarLab.setSettings({ [key]: v } as Partial<CifarRunSettings>) };
}

function toggle<T>(list: T[], item: T, order: T[]): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : order.filter((x) => x === item || list.includes(x));
}

/**
 * What to train: which classes and how many images, which methods (all share initial weights,
 * batches and hyperparameters), and the hyperparameters. Changes apply with Build / Reset.
 */
export function RunPanel() {
  const pending = useCifarLab((s) => s.session !== null && JSON.stringify(s.session.settings) !== JSON.stringify(s.settings));
  return (
    <section className="card settings" data-testid="run-settings" aria-label="Run settings">
      <h2>Subset</h2>
      <ClassPicker />
      <Numbers />
      <h2>Methods</h2>
      <MethodPicker />
      <details>
        <summary>Training</summary>
        <Training />
      </details>
      {pending && (
        <div className="restart" data-testid="settings-pending">
          Changed settings apply to new models: press <b>Reset</b>.
        </div>
      )}
    </section>
  );
}

function ClassPicker() {
  const { value: classes, changed, set } = useSetting('classes');
  const names = useCifarLab((s) => s.data.loaded?.classNames ?? CIFAR_CLASSES);
  const counts = useCifarLab((s) => s.data.loaded?.trainPerClass);
  const all = names.map((_, i) => i);
  return (
    <div className={`classes${changed ? ' changed' : ''}`} role="group" aria-label="Classes">
      {names.map((n, i) => (
        <label key={i} className="check" title={counts ? `${counts[i]} training images loaded` : undefined}>
          <input type="checkbox" data-testid={`class-${i}`} checked={classes.includes(i)} onChange={() => set(toggle(classes, i, all))} />
          {n}
        </label>
      ))}
    </div>
  );
}

function Numbers() {
  const train = useSetting('trainPerClass');
  const test = useSetting('testPerClass');
  return (
    <>
      <TextField label="training images / class" testId="train-per-class" {...common(train)} parse={linkParser('trainPerClass')} />
      <TextField label="test images / class" testId="test-per-class" {...common(test)} parse={linkParser('testPerClass')} />
    </>
  );
}

function common<T>(s: { value: T; changed: boolean; set: (v: T) => void }) {
  return { value: s.value, changed: s.changed, onCommit: s.set, format: (v: T) => String(v) };
}

function MethodPicker() {
  const { value: methods, changed, set } = useSetting('methods');
  const pool = useSetting('nnPoolSize');
  return (
    <div className={`methods${changed ? ' changed' : ''}`} role="group" aria-label="Methods">
      {CIFAR_LAB_METHODS.map((m: MethodId) => (
        <label key={m} className="check" title={m === 'shuffled' ? SHUFFLED_EXPLAINED : undefined}>
          <input type="checkbox" data-testid={`method-${m}`} checked={methods.includes(m)} onChange={() => set(toggle(methods, m, CIFAR_LAB_METHODS))} />
          <span className="dot" style={{ background: METHOD_COLORS[m] }} />
          {SHORT_LABELS[m]}
        </label>
      ))}
      {methods.includes('shuffled') && <ShuffledNote />}
      <TextField
        label="NN pool |Dt| per class"
        testId="nn-pool"
        {...common(pool)}
        format={(v) => String(v)}
        parse={linkParser('nnPoolSize')}
        title="Nearest Neighbor searches r_t(x) among this many random training images of class t (or all of them)"
      />
    </div>
  );
}

function Training() {
  const epochs = useSetting('epochs');
  const batch = useSetting('batchSize');
  const lr = useSetting('learningRate');
  const lambda = useSetting('lambda');
  const channels = useSetting('channels');
  const seed = useSetting('seed');
  const teacher = useSetting('teacherSteps');
  return (
    <>
      <TextField label="epochs" testId="epochs" {...common(epochs)} parse={linkParser('epochs')} />
      <TextField label="batch size" testId="batch-size" {...common(batch)} parse={linkParser('batchSize')} />
      <TextField label="learning rate (Adam)" testId="learning-rate" {...common(lr)} parse={linkParser('learningRate')} />
      <TextField label="λ (PAG weight)" testId="lambda" {...common(lambda)} parse={linkParser('lambda')} />
      <TextField
        label="CNN channels"
        testId="channels"
        {...common(channels)}
        format={(v) => v.join('-')}
        parse={linkParser('channels')}
        title="Output channels of each 3x3 convolution; a 2x2 average pool follows all but the last"
      />
      <TextField label="seed" testId="seed" {...common(seed)} parse={linkParser('seed')} />
      <TextField label="RIGD teacher PGD steps" testId="teacher-steps" {...common(teacher)} parse={linkParser('teacherSteps')} title="PGD steps of the teacher's adversarial training (L2 eps 0.5, L∞ eps 8/255)" />
    </>
  );
}
