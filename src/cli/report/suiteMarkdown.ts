import { METHOD_LABELS, SHUFFLED_EXPLAINED, type MethodId } from '../../core/experiment/methods';
import type { RunResult, SummaryRow } from '../../core/experiment/results';
import type { AttackWarning } from '../../core/eval/sanity';

/**
 * Reports of an attack-suite run (`--attacks suite`): with five attacks per setting one row per
 * method no longer fits, so each norm gets a table with a row per method and attack and a column
 * per eps. Multi-seed reports add the difference from vanilla with its bootstrap interval.
 */
const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
const signedPts = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(100 * v).toFixed(1)}`;
const normName = (n: string) => (n === 'linf' ? 'L∞' : 'L2');

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const ATTACK_NAMES: Record<string, string> = {
  pgd: 'PGD',
  'pgd-restarts': 'PGD, more steps + restarts',
  margin: 'PGD on the margin loss',
  transfer: 'transfer from vanilla',
  worst: '**worst case**',
};

/** One sentence per attack of the suite, for the report's legend. */
export function suiteLegend(settings: Record<string, unknown>): string {
  const s = settings.suite as { restarts: number; stepsFactor: number } | undefined;
  return [
    'Attacks (a test point counts as robust only if it survives all of them; **worst case** is that per-point figure):',
    '- PGD: the sweep as configured;',
    `- more steps + restarts: ${s?.stepsFactor ?? 2}x the steps, once from the clean point and ${s?.restarts ?? 4} times from random points of the ball;`,
    '- margin loss: the same PGD on max_{j≠t} z_j − z_t of the logits (Carlini-Wagner style) instead of cross-entropy;',
    "- transfer: the vanilla model's adversarial points, replayed unchanged (no gradient of the attacked model needed).",
  ].join('\n');
}

function methodsOf(rows: { method: MethodId }[]): MethodId[] {
  return [...new Set(rows.map((r) => r.method))];
}

/** One seed: per norm, a row per method and attack, a column per eps. */
export function suiteRunTables(run: RunResult): string {
  const parts: string[] = [];
  for (const norm of [...new Set(run.models.flatMap((m) => m.robust.map((r) => r.norm)))]) {
    const eps = [...new Set(run.models.flatMap((m) => m.robust.filter((r) => r.norm === norm).map((r) => r.eps)))].sort((a, b) => a - b);
    const rows: string[][] = [];
    for (const m of run.models) {
      const attacks = [...new Set(m.robust.filter((r) => r.norm === norm).map((r) => r.attack ?? 'pgd'))];
      for (const a of attacks) {
        const cells = eps.map((e) => m.robust.find((r) => r.norm === norm && r.eps === e && (r.attack ?? 'pgd') === a));
        rows.push([METHOD_LABELS[m.method], ATTACK_NAMES[a] ?? a, ...cells.map((c) => (c ? pct(c.accuracy) : ''))]);
      }
    }
    parts.push(`${normName(norm)} (clean: ${run.models.map((m) => `${METHOD_LABELS[m.method]} ${pct(m.cleanAccuracy)}`).join(', ')})\n\n${table(['method', 'attack', ...eps.map((e) => `ε ${e}`)], rows)}`);
  }
  return parts.join('\n\n');
}

/** Several seeds: median [min, max] per method, attack and eps; then the difference from vanilla. */
export function suiteSummaryTables(summary: SummaryRow[]): string {
  const parts: string[] = [];
  const robust = summary.filter((r) => r.eps !== null);
  for (const norm of [...new Set(robust.map((r) => r.norm))]) {
    const rows = robust.filter((r) => r.norm === norm);
    const eps = [...new Set(rows.map((r) => r.eps!))].sort((a, b) => a - b);
    const body: string[][] = [];
    for (const m of methodsOf(rows)) {
      for (const a of [...new Set(rows.filter((r) => r.method === m).map((r) => r.attack ?? 'pgd'))]) {
        const cell = (e: number) => rows.find((r) => r.method === m && r.eps === e && (r.attack ?? 'pgd') === a);
        body.push([METHOD_LABELS[m], ATTACK_NAMES[a] ?? a, ...eps.map((e) => (cell(e) ? `${pct(cell(e)!.median)} [${pct(cell(e)!.min)}, ${pct(cell(e)!.max)}]` : ''))]);
      }
    }
    parts.push(`${normName(norm)}, median [min, max] over seeds\n\n${table(['method', 'attack', ...eps.map((e) => `ε ${e}`)], body)}`);
    const diffs = rows.filter((r) => r.ci95 && (r.attack === 'worst' || r.attack === 'pgd'));
    if (diffs.length > 0) {
      const dbody = methodsOf(diffs).flatMap((m) =>
        ['pgd', 'worst'].map((a) => {
          const cell = (e: number) => diffs.find((r) => r.method === m && r.eps === e && r.attack === a);
          const text = (r: SummaryRow | undefined) => (r ? `${signedPts(r.diffMean!)} [${signedPts(r.ci95![0])}, ${signedPts(r.ci95![1])}], ${r.wins}/${r.n}` : '');
          return [METHOD_LABELS[m], ATTACK_NAMES[a], ...eps.map((e) => text(cell(e)))];
        }),
      );
      parts.push(
        `${normName(norm)}, minus vanilla: mean difference in points [paired bootstrap 95 % interval], seeds above vanilla / seeds\n\n${table(['method', 'attack', ...eps.map((e) => `ε ${e}`)], dbody)}`,
      );
    }
  }
  return parts.join('\n\n');
}

/** The warnings as a Markdown list (empty string when there are none). */
export function warningsMarkdown(warnings: (AttackWarning & { seed?: number })[]): string {
  if (warnings.length === 0) return '';
  return ['**Warnings (attack sanity checks):**', '', ...warnings.map((w) => `- ${w.seed !== undefined ? `seed ${w.seed}: ` : ''}${w.message}`)].join('\n');
}

/** The control's one-sentence explanation, when a report includes it. */
export function controlNote(methods: MethodId[]): string {
  return methods.includes('shuffled') ? `Shuffled classes: ${SHUFFLED_EXPLAINED}` : '';
}
