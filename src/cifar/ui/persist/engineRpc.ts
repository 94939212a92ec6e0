import { createEngineRpc } from '../../../lab/persist/engineRpc';
import type { CifarPersistCommand, CifarPersistReply } from '../../worker/persistProtocol';

/** The CIFAR Lab's persist commands as promises (src/lab/persist/engineRpc.ts); the store wires it. */
export const cifarRpc = createEngineRpc<CifarPersistCommand, CifarPersistReply>();
