import { createEngineRpc } from '../../../common/page/persist/engineRpc';
import type { PersistCommand, PersistReply } from '../../contract/persistProtocol';

/** The Toy Lab's persist commands as promises (src/common/page/persist/engineRpc.ts). */
const rpc = createEngineRpc<PersistCommand, PersistReply>();

export const setPersistSender = rpc.setSender;
export const askEngine = rpc.ask;
export const receivePersist = rpc.receive;
