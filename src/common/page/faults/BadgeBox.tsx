import type { ReactNode } from 'react';
import { backendWhy } from './backendWhy';

interface BadgeBackend {
  name: string;
  fallbacks: { reason: string }[];
  requested: string | null;
  switched: { from: string; reason: string } | null;
  device: { description: string; software: boolean } | null;
}

interface BadgeBoxProps {
  /** null: no backend yet (starting), or none at all (`failed`). */
  backend: BadgeBackend | null;
  failed?: boolean;
  details?: string[];
  children?: ReactNode;
}

/**
 * The frame of both labs' backend badges: which backend, why (fallbacks, the address, or a switch
 * after a failure), highlighted when not the first choice, with the test hooks e2e relies on.
 * `details` adds lines to the tooltip; `children` follow the reason.
 */
export function BadgeBox({ backend, failed = false, details = [], children }: BadgeBoxProps) {
  if (!backend) {
    return (
      <div className={`badge${failed ? ' failed' : ''}`} data-testid="backend-badge" data-backend="">
        <b>{failed ? 'no backend' : 'starting engine…'}</b>
      </div>
    );
  }
  const why = backendWhy(backend);
  const software = backend.device?.software;
  const title = [why, ...details, backend.device ? `device: ${backend.device.description}` : ''].filter(Boolean).join('\n');
  const flagged = backend.fallbacks.length > 0 || software || backend.switched;
  return (
    <div className={`badge${flagged ? ' fallback' : ''}`} data-testid="backend-badge" data-backend={backend.name} data-switched-from={backend.switched?.from ?? ''} title={title}>
      <b>
        backend: {backend.name}
        {software ? ' · software GPU' : ''}
      </b>
      <span data-testid="backend-reason">{why}</span>
      {children}
      {software && (
        <span>
          slow on this machine · <a href="?backend=wasm">use wasm</a>
        </span>
      )}
    </div>
  );
}
