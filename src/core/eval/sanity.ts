import type { RobustResult } from './evaluate';

/**
 * Sanity checks on an attack sweep (Carlini et al., "On Evaluating Adversarial Robustness"): a
 * sound attack drives accuracy to about zero once eps is large enough to reach the other class,
 * and more steps or restarts can only make it stronger. A figure that fails either is shown with
 * the warning "attack may be too weak here" rather than trusted.
 */
export type WarningKind = 'not-near-zero' | 'more-steps-raised';

export interface AttackWarning {
  /** The model (method id or lab key) the warning is about. */
  model: string;
  kind: WarningKind;
  norm: RobustResult['norm'];
  eps: number;
  /** The accuracy that fails the check. */
  accuracy: number;
  /** not-near-zero: the threshold; more-steps-raised: plain PGD's accuracy, which it exceeds. */
  reference: number;
  message: string;
}

/** The plain PGD entries of a robust list (files from before the suite have only those). */
export const isPlainPgd = (r: Pick<RobustResult, 'attack'>): boolean => (r.attack ?? 'pgd') === 'pgd';

/** "Near 0": at most this fraction still right at the largest eps of a sweep. */
export const NEAR_ZERO = 0.05;

export const TOO_WEAK = 'attack may be too weak here';

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
const normName = (n: string) => (n === 'linf' ? 'L∞' : 'L2');
/** eps as people write it: 8/255 for image L∞ radii, plain numbers otherwise. */
function epsText(e: number): string {
  const k = e * 255;
  return e < 1 && Math.round(k) > 0 && Math.abs(k - Math.round(k)) < 1e-6 ? `${Math.round(k)}/255` : `${Number(e.toPrecision(4))}`;
}

/**
 * The warnings for one model's robust results (any mix of attacks and radii). Per norm, the
 * figure at the largest eps (the suite's worst case where there is one, else plain PGD) must be
 * at most NEAR_ZERO; at every eps, PGD with more steps and restarts must not end above plain PGD.
 * `label` names the model in the message.
 */
export function attackWarnings(model: string, label: string, robust: RobustResult[]): AttackWarning[] {
  const out: AttackWarning[] = [];
  for (const norm of [...new Set(robust.map((r) => r.norm))]) {
    const rows = robust.filter((r) => r.norm === norm);
    const kind = (r: RobustResult) => r.attack ?? 'pgd';
    const maxEps = Math.max(...rows.map((r) => r.eps));
    const atMax = rows.filter((r) => r.eps === maxEps);
    const figure = atMax.find((r) => kind(r) === 'worst') ?? atMax.find((r) => kind(r) === 'pgd');
    if (figure && figure.accuracy > NEAR_ZERO) {
      out.push({
        model,
        kind: 'not-near-zero',
        norm,
        eps: maxEps,
        accuracy: figure.accuracy,
        reference: NEAR_ZERO,
        message: `${TOO_WEAK}: ${label} keeps ${pct(figure.accuracy)} at ${normName(norm)} eps ${epsText(maxEps)}, the largest radius tried (a sound attack reaches about 0 % once eps spans the gap between the classes, or eps is still too small)`,
      });
    }
    for (const eps of [...new Set(rows.map((r) => r.eps))].sort((a, b) => a - b)) {
      const plain = rows.find((r) => r.eps === eps && kind(r) === 'pgd');
      const longer = rows.find((r) => r.eps === eps && kind(r) === 'pgd-restarts');
      if (plain && longer && longer.accuracy > plain.accuracy) {
        out.push({
          model,
          kind: 'more-steps-raised',
          norm,
          eps,
          accuracy: longer.accuracy,
          reference: plain.accuracy,
          message: `${TOO_WEAK}: at ${normName(norm)} eps ${epsText(eps)}, ${longer.steps} steps with ${longer.restarts ?? 0} random restarts left ${label} at ${pct(longer.accuracy)}, above plain PGD-${plain.steps}'s ${pct(plain.accuracy)} (more steps should never help the model)`,
        });
      }
    }
  }
  return out;
}
