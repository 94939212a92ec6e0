/**
 * What both labs' workers say about their backend, and the page's view of it: one definition,
 * used by each lab's protocol (src/toy/contract/protocol.ts, src/cifar/contract/protocol.ts).
 */
import type { BackendName, Fallback } from '../../core/backend';

export type { TrainingEngine } from '../../core/spec/backends';

/** What both labs' engines say about their backend ('backend' events). */
export interface BackendAnnouncement {
  backend: BackendName;
  fallbacks: Fallback[];
  requested: BackendName | null;
  device: DeviceInfo | null;
  /** Set when the run moved here because the previous backend failed mid-run. */
  switched?: BackendSwitch;
}

/** A move to another backend after the running one failed. */
export interface BackendSwitch {
  from: BackendName;
  reason: string;
}

/** The device under a GPU backend; `software` = CPU-emulated (slow for training here). */
export interface DeviceInfo {
  description: string;
  software: boolean;
}

/** The page's view of the backend announcements. */
export interface BackendInfo {
  name: BackendName;
  fallbacks: Fallback[];
  requested: BackendName | null;
  device: DeviceInfo | null;
  /** Set when the run moved to this backend because the previous one failed. */
  switched: BackendSwitch | null;
}
