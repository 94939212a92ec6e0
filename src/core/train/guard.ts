import type { StepMetrics } from './trainer';
import type { TrainerLike, TrainerState } from './trainerLike';

/**
 * Keeps the last good state of a trainer and brings it back when training diverges (a NaN or an
 * infinity in the loss). The caller pauses training and tells the user; nothing trained before
 * the last checkpoint is lost. Checkpoints are taken only from states whose metrics are finite.
 */
export interface GuardVerdict {
  ok: boolean;
  /** On divergence: what went wrong, for the user. */
  message?: string;
  /** On divergence: the step training was rolled back to. */
  restoredStep?: number;
}

export function metricsFinite(m: StepMetrics): boolean {
  return [m.ce, m.pag, m.accuracy, ...m.alignment].every(Number.isFinite);
}

export class DivergenceGuard {
  private good: TrainerState | null = null;
  private lastCheckpointStep = -Infinity;

  constructor(
    private readonly trainer: TrainerLike,
    /** Checkpoint at most this often (steps): saving reads weights back from the device. */
    private readonly every = 50,
  ) {}

  /** The last good state (for autosave and for a backend switch). */
  get lastGood(): TrainerState | null {
    return this.good;
  }

  /** Call after metrics are read; restores the last good state if they are not finite. */
  async check(label = 'training'): Promise<GuardVerdict> {
    const m = await this.trainer.metrics();
    if (!m || metricsFinite(m)) {
      if (this.trainer.step - this.lastCheckpointStep >= this.every) {
        this.good = await this.trainer.saveState();
        this.lastCheckpointStep = this.trainer.step;
      }
      return { ok: true };
    }
    const what = !Number.isFinite(m.ce) ? `cross-entropy ${m.ce}` : !Number.isFinite(m.pag) ? `PAG term ${m.pag}` : 'a metric';
    if (!this.good) return { ok: false, message: `${label}: ${what} at step ${m.step}; no earlier good state to go back to (try a smaller learning rate)` };
    await this.trainer.restoreState(this.good);
    return {
      ok: false,
      restoredStep: this.good.step,
      message: `${label}: ${what} at step ${m.step} (the loss diverged; try a smaller learning rate). Paused, back at step ${this.good.step} with the last good weights.`,
    };
  }
}
