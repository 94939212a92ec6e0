import { BadgeBox } from '../../../common/page/faults/BadgeBox';
import { FaultButton } from '../../../common/page/faults/NoticeBanner';
import { engineText } from '../format';
import { cifarLab, useCifarLab } from '../state/store';

/**
 * Which TensorFlow.js backend the engine runs on and, after a fallback, why; and what trains the
 * models: the fused CPU step (the default: never a software GPU) or TF.js on that backend (RIGD,
 * or `engine=tfjs`). On a CPU-emulated GPU it says so and offers wasm, which is faster for these
 * small CNNs' attacks and TF.js training on such a machine.
 */
export function BackendBadge() {
  const backend = useCifarLab((s) => s.backend);
  const models = useCifarLab((s) => s.session?.models);
  const failed = useCifarLab((s) => s.engine === 'failed' && !s.backend);
  const conv = backend?.conv === 'matmul' ? 'convolutions as matMul' : 'native convolutions';
  return (
    <BadgeBox backend={backend} failed={failed} details={[conv]}>
      {cifarLab.faultsEnabled() && <FaultButton onInject={cifarLab.injectFault} />}
      {models && models.length > 0 && backend && <span data-testid="training-engine">{engineText(models, backend.name)}</span>}
    </BadgeBox>
  );
}
