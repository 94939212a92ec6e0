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
  if (!backend) {
    return (
      <div className={`badge${failed ? ' failed' : ''}`} data-testid="backend-badge" data-backend="">
        <b>{failed ? 'no backend' : 'starting engine…'}</b>
      </div>
    );
  }
  const conv = backend.conv === 'matmul' ? 'convolutions as matMul' : 'native convolutions';
  return (
    <BadgeBox backend={backend} details={[conv]}>
      {cifarLab.faultsEnabled() && <FaultButton onInject={cifarLab.injectFault} />}
    </BadgeBox>
  );
}
