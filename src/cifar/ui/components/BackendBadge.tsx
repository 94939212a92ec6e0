import { BadgeBox } from '../../../lab/faults/BadgeBox';
import { FaultButton } from '../../../lab/faults/NoticeBanner';
import { cifarLab, useCifarLab } from '../state/store';

/**
 * Which TensorFlow.js backend the engine runs on and, after a fallback, why. On a CPU-emulated
 * GPU it says so and offers wasm, which is faster for these small CNNs on such a machine.
 */
export function BackendBadge() {
  const backend = useCifarLab((s) => s.backend);
  const failed = useCifarLab((s) => s.engine === 'failed' && !s.backend);
  const conv = backend?.conv === 'matmul' ? 'convolutions as matMul' : 'native convolutions';
  return (
    <BadgeBox backend={backend} failed={failed} details={[conv]}>
      {cifarLab.faultsEnabled() && <FaultButton onInject={cifarLab.injectFault} />}
    </BadgeBox>
  );
}
