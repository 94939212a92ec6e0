import { backendWhy } from '../../../lab/faults/backendWhy';
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
  const reasons = backend.fallbacks.map((f) => f.reason);
  const why = backendWhy(backend);
  const software = backend.device?.software;
  const conv = backend.conv === 'matmul' ? 'convolutions as matMul' : 'native convolutions';
  const title = [why, conv, backend.device ? `device: ${backend.device.description}` : ''].filter(Boolean).join('\n');
  return (
    <div
      className={`badge${reasons.length || software || backend.switched ? ' fallback' : ''}`}
      data-testid="backend-badge"
      data-backend={backend.name}
      data-switched-from={backend.switched?.from ?? ''}
      title={title}
    >
      <b>
        backend: {backend.name}
        {software ? ' (software GPU)' : ''}
      </b>
      <span data-testid="backend-reason">{why}</span>
      {cifarLab.faultsEnabled() && <FaultButton onInject={cifarLab.injectFault} />}
      {software && (
        <span>
          slow on this machine · <a href="?backend=wasm">use wasm</a>
        </span>
      )}
    </div>
  );
}
