import { anyShape, isObject, isPositiveInt, loopChecks, parseMessage, withId, type Check } from '../../common/worker/parseMessage';
import type { PersistCommand } from '../contract/persistProtocol';
import type { Command } from '../contract/protocol';

const loop = loopChecks(100_000);

/** Shape checks on the persist commands from the UI (common/worker/parseMessage.ts). */
const PERSIST_CHECKS: Record<PersistCommand['type'], Check> = {
  exportWeights: withId(anyShape),
  saveRun: withId(anyShape),
  importWeights: withId((m) => {
    if (m.model !== 'vanilla' && m.model !== 'pag') return 'importWeights: model must be vanilla or pag';
    return typeof m.modelJson === 'string' && m.weightsBin instanceof Uint8Array ? null : 'importWeights needs model.json text and weights.bin bytes';
  }),
  restoreRun: withId((m) => {
    const s = m.states as Record<string, unknown> | undefined;
    const ok = !!s && typeof s === 'object' && !!s.vanilla && typeof s.vanilla === 'object' && !!s.pag && typeof s.pag === 'object';
    return ok ? null : 'restoreRun needs a saved state for both models';
  }),
};

/**
 * Shape checks on a message from the page, one per command type (common/worker/parseMessage.ts).
 * Value ranges of settings and attacks are checked by ../contract/runSettings.ts.
 */
const CHECKS: Record<Command['type'], Check> = {
  ...loop,
  init: (m) => (m.engine !== undefined && m.engine !== 'fused' && m.engine !== 'tfjs' ? `unknown training engine "${String(m.engine)}"` : loop.init(m)),
  setSpeed: (m) =>
    m.stepsPerSecond === null || (typeof m.stepsPerSecond === 'number' && m.stepsPerSecond > 0 && Number.isFinite(m.stepsPerSecond))
      ? null
      : 'speed must be a positive number of steps per second, or null',
  setView: (m) => {
    const v = m.view as Record<string, unknown> | undefined;
    return !!v && isPositiveInt(v.gridSize, 400) && (v.arrowGrid === 0 || isPositiveInt(v.arrowGrid, 64)) ? null : 'view must have gridSize 1..400 and arrowGrid 0..64';
  },
  attack: (m) => (Number.isInteger(m.id) && isObject(m.request) ? null : 'attack without id or request'),
  ...PERSIST_CHECKS,
};

/** The command, or a sentence saying what is wrong with the message. */
export function parseCommand(raw: unknown): Command | string {
  return parseMessage<Command>(raw, CHECKS);
}
