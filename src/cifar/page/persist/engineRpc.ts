import { createEngineRpc } from '../../../common/page/persist/engineRpc';
import type { CifarPersistCommand, CifarPersistReply } from '../../contract/persistProtocol';

/** The CIFAR Lab's persist commands as promises (src/common/page/persist/engineRpc.ts); the store wires it. */
export const cifarRpc = createEngineRpc<CifarPersistCommand, CifarPersistReply>();
