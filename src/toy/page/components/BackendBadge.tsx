import type { TrainingEngine } from '../../contract/protocol';
import { BadgeBox } from '../../../common/page/faults/BadgeBox';
import { FaultButton } from '../../../common/page/faults/NoticeBanner';
import { toyLab, useToyLab } from '../state/store';

/**
 * Which TensorFlow.js backend the engine runs on and, after a fallback, why. On a CPU-emulated
 * GPU it also says so and offers the backend that is faster on such a machine.
 */
export function BackendBadge() {
  const backend = useToyLab((s) => s.backend);
  const engines = useToyLab((s) => s.session?.engines);
  const failed = useToyLab((s) => s.status === 'failed' && !s.backend);
  return (
    <BadgeBox backend={backend} failed={failed}>
      {toyLab.faultsEnabled() && <FaultButton onInject={toyLab.injectFault} />}
      {engines && backend && <span data-testid="training-engine">{engineText(engines.vanilla, engines.pag, backend.name)}</span>}
    </BadgeBox>
  );
}

/** Where training runs: tiny MLPs skip TF.js's per-kernel dispatch on the fused CPU step. */
function engineText(vanilla: TrainingEngine, pag: TrainingEngine, backend: string): string {
  const say = (e: TrainingEngine) => (e === 'fused' ? 'fused CPU step' : `TF.js on ${backend}`);
  return vanilla === pag ? `training: ${say(vanilla)}` : `training: vanilla ${say(vanilla)}, PAG ${say(pag)}`;
}
