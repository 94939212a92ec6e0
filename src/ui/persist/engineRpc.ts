import { createEngineRpc } from '../../lab/persist/engineRpc';
import type { PersistCommand, PersistReply } from '../../worker/persistProtocol';

/** The Toy Lab's persist commands as promises (src/lab/persist/engineRpc.ts). */
const rpc = createEngineRpc<PersistCommand, PersistReply>();

export const setPersistSender = rpc.setSender;
export const askEngine = rpc.ask;
export const receivePersist = rpc.receive;
