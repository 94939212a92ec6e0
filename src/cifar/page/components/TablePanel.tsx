import { paperCells } from '../../../core/report/paperTable1';
import { downloadText as download } from '../../../common/page/export/download';
import { tableCsv, tableJson } from '../exportTable';
import { epsLabel, pct } from '../format';
import { METHOD_COLORS } from '../methodColors';
import { cifarLab, useCifarLab } from '../state/store';
import { Table1Preset } from './Table1Preset';
import { isPlainPgd } from '../../../core/eval/sanity';
import { WorstCaseNotice } from './WorstCaseNotice';
import { UntrainedNotice } from './GalleryPanel';
import { linkParser, TextField } from './TextField';

/**
 * The small Table 1: every model of the run on the test subset, clean and under untargeted
 * PGD (L∞ and L2), beside the paper's numbers; downloadable as CSV, JSON and Markdown.
 */
export function TablePanel() {
  const mini = useCifarLab((s) => s.presetTable);
  return (
    <section className="card table-panel" data-testid="table" aria-label="Small Table 1" data-export-panel>
      <h2>{mini ? 'Live mini-run: a minute of training, to show how the table is made (not a result)' : 'Small Table 1 of the live run: robust accuracy on its test subset'}</h2>
      <TableControls />
      <ResultTable />
      <WorstCaseNotice />
    </section>
  );
}

function TableControls() {
  const req = useCifarLab((s) => s.tableRequest);
  const t = useCifarLab((s) => s.table);
  const anyModel = useCifarLab((s) => s.models.some((m) => m.exists));
  const p = t.progress;
  return (
    <div className="bar-row" data-export-skip>
      <TextField label="L∞ ε" testId="table-linf" width={60} value={req.linfEps} format={epsLabel} parse={linkParser('tableLinfEps')} onCommit={(linfEps) => cifarLab.setTableRequest({ linfEps })} />
      <TextField label="L2 ε" testId="table-l2" width={52} value={req.l2Eps} format={String} parse={linkParser('tableL2Eps')} onCommit={(l2Eps) => cifarLab.setTableRequest({ l2Eps })} />
      <TextField label="PGD steps" testId="table-steps" width={44} value={req.steps} format={String} parse={linkParser('tableSteps')} onCommit={(steps) => cifarLab.setTableRequest({ steps })} />
      {t.status === 'running' ? (
        <button className="btn" data-testid="table-cancel" onClick={() => cifarLab.cancelJob()}>
          Stop
        </button>
      ) : (
        <button className="btn primary" data-testid="evaluate" onClick={() => cifarLab.evaluate()} disabled={!anyModel} title="Pauses training while it runs, then resumes it">
          Evaluate every model
        </button>
      )}
      <Table1Preset />
      {p && (
        <span className="table-progress" data-testid="table-progress">
          <span className="bar">
            <span style={{ width: `${(100 * p.done) / p.total}%` }} />
          </span>
          {p.phase}
        </span>
      )}
    </div>
  );
}

function ResultTable() {
  const result = useCifarLab((s) => s.table.result);
  const session = useCifarLab((s) => s.session);
  const untrained = useCifarLab((s) => !!s.session && (!s.progress || (s.progress.round === 0 && s.progress.teacherStep === 0)));
  if (!result) {
    return (
      <>
        {untrained && <UntrainedNotice what="table" />}
        <div className="hint">Untargeted PGD, inputs kept in [0, 1]: the paper's Table 1 radii, on this run's test subset.</div>
      </>
    );
  }
  const { run } = result;
  const labels = Object.fromEntries((session?.models ?? []).map((m) => [m.method, m.label]));
  const attacks = (run.models[0]?.robust ?? []).filter(isPlainPgd); // the suite's entries: WorstCaseNotice
  // The step size as a multiple of eps / steps, from the result itself.
  const alphaText = attacks[0] ? `α = ${+((attacks[0].alpha * attacks[0].steps) / attacks[0].eps).toFixed(2)} ε / ${attacks[0].steps}` : '';
  const stale = !session || result.session !== session.id;
  const s = run.settings as { trainPerClass?: number; testPerClass?: number; classes?: number[] };
  return (
    <>
      {result.round === 0 && <UntrainedNotice what="table" />}
      <table className="results" data-testid="table-result" data-round={result.round}>
        <thead>
          <tr>
            <th rowSpan={2}>method</th>
            <th colSpan={2 + attacks.length}>this run</th>
            <th colSpan={3} className="paper">paper (ResNet-18, all of CIFAR-10)</th>
          </tr>
          <tr>
            <th>clean</th>
            {attacks.map((a) => (
              <th key={a.norm}>
                PGD-{a.steps} {a.norm === 'linf' ? 'L∞' : 'L2'} {epsLabel(a.eps)}
              </th>
            ))}
            <th>train time</th>
            <th className="paper">clean</th>
            <th className="paper">L∞ 8/255</th>
            <th className="paper">L2 0.5</th>
          </tr>
        </thead>
        <tbody>
          {run.models.map((m) => {
            const paper = paperCells(m.method, (v) => `${v.toFixed(2)} %`);
            return (
              <tr key={m.method} data-testid={`table-row-${m.method}`} data-method={m.method}>
                <td>
                  <span className="dot" style={{ background: METHOD_COLORS[m.method] }} />
                  {labels[m.method] ?? m.method}
                </td>
                <td data-metric="clean" data-source="run">{pct(m.cleanAccuracy)}</td>
                {m.robust.filter(isPlainPgd).map((r) => (
                  <td key={r.norm} data-metric={r.norm} data-source="run">
                    {pct(r.accuracy)}
                  </td>
                ))}
                <td>{m.trainSeconds.toFixed(1)} s</td>
                <td className="paper" data-metric="clean" data-source="paper">{paper.clean}</td>
                <td className="paper" data-metric="linf" data-source="paper">{paper.linf}</td>
                <td className="paper" data-metric="l2" data-source="paper">{paper.l2}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="bar-row">
        <span className="hint">
          {stale ? 'From an earlier run. ' : ''}After {result.round} of {result.totalRounds} steps; {s.classes?.length} classes, {s.trainPerClass} training / {s.testPerClass} test
          images per class; untargeted PGD, {alphaText}. A few minutes of training on a few hundred images: the paper trains a ResNet-18 for 100 epochs on 50,000.
        </span>
        <span className="spacer" />
        <button className="btn small" data-testid="export-csv" onClick={() => download('pag-lab-table1.csv', tableCsv(run, labels), 'text/csv')}>
          CSV
        </button>
        <button className="btn small" data-testid="export-json" onClick={() => download('pag-lab-table1.json', tableJson(run), 'application/json')}>
          JSON
        </button>
        <button className="btn small" data-testid="export-md" onClick={() => download('pag-lab-table1.md', result.markdown, 'text/markdown')}>
          Markdown
        </button>
      </div>
    </>
  );
}
