import { PAPER_TABLE1 } from '../../../core/report/paperTable1';
import { PRETRAINED_TABLE } from '../../contract/settings';
import type { MethodId, ModelResult, PretrainedManifest } from '../../contract/protocol';
import { duration, epsLabel, pct } from '../format';
import { METHOD_COLORS } from '../methodColors';
import { missingRows } from '../state/pretrainedState';
import { cifarLab, useCifarLab } from '../state/store';
import type { PretrainedState } from '../state/types';

type Metric = 'clean' | 'linf' | 'l2';
const METRICS: Metric[] = ['clean', 'linf', 'l2'];

/** A row's figure: clean accuracy, or robust accuracy under the attack of `metric`'s norm at Table 1's radius. */
function figure(r: { cleanAccuracy?: number; clean?: number; robust: { norm: string; eps: number; accuracy: number }[] } | undefined, metric: Metric): number | null {
  if (!r) return null;
  if (metric === 'clean') return r.cleanAccuracy ?? r.clean ?? null;
  const eps = metric === 'linf' ? PRETRAINED_TABLE.linfEps : PRETRAINED_TABLE.l2Eps;
  return r.robust.find((a) => a.norm === metric && Math.abs(a.eps - eps) < 1e-6)?.accuracy ?? null;
}

const HEAD: Record<Metric, string> = { clean: 'clean', linf: `L∞ ${epsLabel(PRETRAINED_TABLE.linfEps)}`, l2: `L2 ${PRETRAINED_TABLE.l2Eps}` };

/**
 * Table 1 of the shipped models, computed here on the shipped sample (the paper's attacks: PGD-20,
 * random start, step 2 eps / 20), beside the manifest's figures on the full test set and the
 * paper's. Rows carry data-method, cells data-metric (clean, linf, l2) and data-source.
 */
export function PretrainedTable() {
  const p = useCifarLab((s) => s.pretrained);
  if (p.status !== 'loaded' || !p.manifest) return null;
  const m = p.manifest;
  const fullN = m.models[0]?.fullTest.n;
  return (
    <section className="card table-panel" data-testid="pretrained-table" aria-label="Table 1 of the pretrained models" data-export-panel>
      <h2>Table 1 of the pretrained models: robust accuracy</h2>
      <Controls p={p} />
      <table className="results" data-testid="pretrained-table-result" data-n={p.table.n || m.sample.count} data-status={p.table.status}>
        <thead>
          <tr>
            <th rowSpan={2}>method</th>
            <th colSpan={3}>here, on {m.sample.count} sample images</th>
            <th colSpan={3}>full test set{fullN ? ` (${fullN.toLocaleString('en')} images)` : ''}</th>
            <th rowSpan={2} className="time">train time</th>
            <th colSpan={3} className="paper">paper (ResNet-18, all of CIFAR-10)</th>
          </tr>
          <tr>
            {[0, 1, 2].map((k) => METRICS.map((x) => <th key={`${k}${x}`} className={k === 2 ? 'paper' : ''}>{HEAD[x]}</th>))}
          </tr>
        </thead>
        <tbody>
          {m.models.map((entry) => {
            const row = p.table.rows.find((r) => r.method === entry.method);
            // A method of ours that the paper has no row for gets dashes.
            const paper: Partial<Record<Metric, number>> = (PAPER_TABLE1 as Partial<typeof PAPER_TABLE1>)[entry.method] ?? {};
            return (
              <tr key={entry.method} data-testid={`pretrained-row-${entry.method}`} data-method={entry.method} data-done={row ? 'true' : 'false'}>
                <td>
                  <span className="dot" style={{ background: METHOD_COLORS[entry.method] }} />
                  {entry.label}
                </td>
                {METRICS.map((x) => (
                  <td key={x} data-metric={x} data-source="sample" data-value={figure(row, x) ?? ''}>
                    {row ? pct(figure(row, x)) : '…'}
                  </td>
                ))}
                {METRICS.map((x) => (
                  <td key={x} data-metric={x} data-source="fullTest" data-value={figure(entry.fullTest, x) ?? ''}>
                    {pct(figure(entry.fullTest, x))}
                  </td>
                ))}
                <td className="time">{duration(entry.trainSeconds)}</td>
                {METRICS.map((x) => (
                  <td key={x} className="paper" data-metric={x} data-source="paper">
                    {paper[x] === undefined ? '–' : `${paper[x].toFixed(2)} %`}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      <Summary manifest={m} rows={p.table.rows} n={p.table.n} />
    </section>
  );
}

function Controls({ p }: { p: PretrainedState }) {
  const t = p.table;
  const missing = missingRows(p).length;
  return (
    <div className="bar-row" data-export-skip>
      <span className="hint">
        Untargeted PGD-{PRETRAINED_TABLE.steps} from a random start, step 2 ε / {PRETRAINED_TABLE.steps}, inputs kept in [0, 1] (the paper’s evaluation), run in this browser.
      </span>
      {t.status === 'running' ? (
        <button className="btn" data-testid="pretrained-table-stop" onClick={() => cifarLab.stopPretrainedTable()}>
          Stop
        </button>
      ) : missing > 0 && t.rows.length > 0 ? (
        <button className="btn primary" data-testid="pretrained-table-continue" onClick={() => cifarLab.continuePretrained()}>
          Continue ({missing} left)
        </button>
      ) : (
        <button className="btn" data-testid="pretrained-table-run" onClick={() => cifarLab.evaluatePretrained()}>
          {t.rows.length ? 'Compute again' : 'Compute'}
        </button>
      )}
      {t.progress && (
        <span className="table-progress" data-testid="pretrained-table-progress">
          <span className="bar">
            <span style={{ width: `${(100 * t.progress.done) / t.progress.total}%` }} />
          </span>
          {t.progress.phase}
        </span>
      )}
      {t.status !== 'running' && missing > 0 && t.rows.length > 0 && !t.auto && <span className="hint">stopped</span>}
    </div>
  );
}

/** What the figures say, in words taken from the figures themselves (never from prose). */
function Summary({ manifest, rows, n }: { manifest: PretrainedManifest; rows: ModelResult[]; n: number }) {
  const here = (method: MethodId) => rows.find((r) => r.method === method);
  const full = (method: MethodId) => manifest.models.find((x) => x.method === method)?.fullTest;
  const pag = manifest.models.filter((x) => x.method !== 'vanilla' && !x.method.startsWith('rigd'));
  const range = (vals: (number | null)[]) => {
    const v = vals.filter((x): x is number => x !== null);
    if (!v.length) return '–';
    const [lo, hi] = [Math.min(...v), Math.max(...v)];
    return lo === hi ? pct(lo, 0) : `${pct(lo, 0)} to ${pct(hi, 0)}`;
  };
  const sentence = (label: string, get: (m: MethodId) => Parameters<typeof figure>[0], count: number) => {
    if (!get('vanilla') || pag.every((x) => !get(x.method))) return null;
    return (
      <>
        {label} ({count.toLocaleString('en')} images): vanilla {pct(figure(get('vanilla'), 'clean'), 0)} clean, {pct(figure(get('vanilla'), 'l2'), 0)} under L2 {PRETRAINED_TABLE.l2Eps}; the
        data-only PAG models {range(pag.map((x) => figure(get(x.method), 'clean')))} clean, {range(pag.map((x) => figure(get(x.method), 'l2')))} under L2 {PRETRAINED_TABLE.l2Eps}.{' '}
      </>
    );
  };
  // Claims in words only where the figures bear them out.
  const cleans = manifest.models.map((x) => x.fullTest.clean);
  const spread = Math.max(...cleans) - Math.min(...cleans);
  const count = n || manifest.sample.count;
  return (
    <p className="hint" data-testid="pretrained-summary">
      {sentence('Full test set', full, manifest.models[0]?.fullTest.n ?? 0)}
      {sentence('Here', here, count)}
      {spread <= 0.1 && `Clean accuracy hardly tells the models apart (${range(cleans)} on the full test set); the attack does. `}
      On {count} images one standard error is at most {(50 / Math.sqrt(count)).toFixed(1)} points. Small CNNs on {manifest.classNames.length} classes, not the paper’s
      ResNet-18 on all of CIFAR-10: compare the pattern, not the numbers.
    </p>
  );
}
