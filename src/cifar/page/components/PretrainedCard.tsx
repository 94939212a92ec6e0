import type { PretrainedManifest } from '../../contract/protocol';
import { cifarLab, useCifarLab } from '../state/store';

const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;

/**
 * The shipped pretrained models: what they are and how they were made (all from their manifest),
 * or why they are not there. `data-state` is loading, loaded, missing or damaged.
 */
export function PretrainedCard() {
  const p = useCifarLab((s) => s.pretrained);
  return (
    <section className="card pretrained" data-testid="pretrained" data-state={p.status} aria-label="Pretrained models">
      <h2>Pretrained models</h2>
      {p.status === 'loading' && (
        <div className="hint" data-testid="pretrained-progress">
          Loading the pretrained models{p.progress ? ` (${p.progress.name}, ${mb(p.progress.done)})` : ''}…
        </div>
      )}
      {(p.status === 'missing' || p.status === 'damaged') && (
        <div className={p.status === 'damaged' ? 'restart' : 'hint'} role={p.status === 'damaged' ? 'alert' : undefined} data-testid="pretrained-message">
          {p.message}
        </div>
      )}
      {p.status === 'loaded' && p.manifest && <About m={p.manifest} />}
      <button className="btn primary" data-testid="train-live" onClick={() => cifarLab.setView('live')} title="Train your own models in this browser and watch the alignment grow">
        Train live →
      </button>
    </section>
  );
}

/** A recipe field the page knows how to say, if the manifest has it. */
function field(r: Record<string, unknown>, key: string): string | null {
  const v = r[key];
  if (typeof v === 'number' || typeof v === 'string') return String(v);
  if (Array.isArray(v)) return v.join('-');
  return null;
}

function About({ m }: { m: PretrainedManifest }) {
  const r = m.recipe as Record<string, unknown>;
  const lambdas = Object.entries(m.recipe.lambdaByMethod).map(([k, v]) => `${k} ${v}`).join(', ');
  const facts: [string, string | null][] = [
    ['classes', m.classNames.join(', ')],
    ['training images', field(r, 'trainPerClass') && `${field(r, 'trainPerClass')} per class`],
    ['CNN', `${m.recipe.channels.join('-')} channels, ${m.recipe.head} head, ${m.recipe.activation}`],
    ['epochs', field(r, 'epochs') && `${field(r, 'epochs')}${m.recipe.warmupEpochs ? ` (${m.recipe.warmupEpochs} of cross-entropy only first)` : ''}`],
    ['optimiser', field(r, 'optimizer') && `${field(r, 'optimizer')}${field(r, 'learningRate') ? `, lr ${field(r, 'learningRate')}` : ''}${field(r, 'batchSize') ? `, batch ${field(r, 'batchSize')}` : ''}`],
    ['λ', lambdas || field(r, 'lambda')],
    ['targets per image', m.recipe.targetsPerImage ? `${m.recipe.targetsPerImage} of ${m.classNames.length} classes` : `all ${m.classNames.length} classes`],
    ['seed', String(m.seed)],
    ['made', `${m.createdAt.slice(0, 10)} with ${m.command}`],
  ];
  return (
    <>
      <p className="hint">
        {m.models.length} models trained by this project ({m.models.map((x) => x.label).join(', ')}), all from the same initial weights and batches; only the loss
        differs. Nearest Neighbor is the paper’s main method. {m.sample.count} CIFAR-10 test images ({m.sample.perClass} per class) ship with them: Figure 4 and
        Table 1 below run on them in this browser.
      </p>
      <dl className="facts" data-testid="pretrained-recipe">
        {facts
          .filter((f): f is [string, string] => !!f[1])
          .map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
      </dl>
    </>
  );
}
