import type { MethodId } from '../../contract/settings';

/** Where the hovered picture is: a test image of the run, or a Figure 4 cell (model, target class). */
export type HoverTarget = { kind: 'test'; index: number } | { kind: 'cell'; method: MethodId; target: number };

/** The hover target of a picture the panels render, from its data-testid (null: not one). */
export function hoverTargetOf(testId: string | null | undefined): HoverTarget | null {
  if (!testId) return null;
  const test = /^(?:saliency-image|gallery-source)-(\d+)$/.exec(testId);
  if (test) return { kind: 'test', index: Number(test[1]) };
  const cell = /^gallery-cell-([a-z0-9-]+?)-(\d+)$/.exec(testId);
  return cell ? { kind: 'cell', method: cell[1] as MethodId, target: Number(cell[2]) } : null;
}

export interface ModelPrediction {
  method: MethodId;
  /** Index of the most probable class, its probability, and the true class's (null: no true class). */
  predicted: number;
  confidence: number;
  trueProbability: number | null;
  correct: boolean | null;
}

/** Each model's prediction from its softmax; `label` is the true class, if the picture has one. */
export function predictionsOf(models: readonly { method: MethodId; probs: Float32Array }[], label: number | null): ModelPrediction[] {
  return models.map(({ method, probs }) => {
    let predicted = 0;
    probs.forEach((p, c) => {
      if (p > probs[predicted]) predicted = c;
    });
    return {
      method,
      predicted,
      confidence: probs[predicted] ?? 0,
      trueProbability: label === null ? null : (probs[label] ?? 0),
      correct: label === null ? null : predicted === label,
    };
  });
}
