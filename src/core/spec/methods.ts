/**
 * The training methods compared in the paper (and our control), by their short CLI names, with
 * every label the reports and the labs show. Pure (no TensorFlow.js), so pages import it.
 */
export const METHOD_IDS = ['vanilla', 'nn', 'oi', 'cm', 'rigd-l2', 'rigd-linf', 'shuffled'] as const;
export type MethodId = (typeof METHOD_IDS)[number];
/** The methods compared with vanilla (the Toy Lab's PAG panel). */
export type PagMethodId = Exclude<MethodId, 'vanilla'>;

export function isMethodId(s: string): s is MethodId {
  return (METHOD_IDS as readonly string[]).includes(s);
}

/** In reports (Markdown tables, figures). */
export const METHOD_LABELS: Record<MethodId, string> = {
  vanilla: 'Vanilla',
  nn: 'PAG: Nearest Neighbor',
  oi: 'PAG: One Image',
  cm: 'PAG: Class Mean',
  'rigd-l2': 'PAG: RIGD (L2 teacher)',
  'rigd-linf': 'PAG: RIGD (L∞ teacher)',
  shuffled: 'Control: shuffled classes',
};

/** In the CIFAR Lab's panels, one row per model. */
export const METHOD_SHORT_LABELS: Record<MethodId, string> = {
  vanilla: 'Vanilla',
  oi: 'One Image',
  cm: 'Class Mean',
  nn: 'Nearest Neighbor',
  'rigd-l2': 'RIGD L2',
  'rigd-linf': 'RIGD L∞',
  shuffled: 'Shuffled (control)',
};

/** The Toy Lab's choice of PAG method, in its menu's order: the option's label and a short name. */
export const TOY_PAG_METHODS: readonly { id: PagMethodId; label: string; short: string }[] = [
  { id: 'nn', label: 'Nearest Neighbor', short: 'NN' },
  { id: 'oi', label: 'One Image', short: 'OI' },
  { id: 'cm', label: 'Class Mean', short: 'CM' },
  { id: 'rigd-l2', label: 'RIGD (L2 robust teacher)', short: 'RIGD L2' },
  { id: 'rigd-linf', label: 'RIGD (L∞ robust teacher)', short: 'RIGD L∞' },
  // The control (not in the paper): Nearest Neighbor targets of the swapped class (SHUFFLED_EXPLAINED).
  { id: 'shuffled', label: 'Shuffled classes (control)', short: 'Shuffled' },
];
