import { isBackendName } from '../../core/backend';
import { parsePersistCommand, PERSIST_COMMANDS } from '../contract/persistProtocol';
import type { Command } from '../contract/protocol';

/**
 * Shape checks on a message from the UI (a worker must not trust what arrives on its port).
 * Returns the command, or a sentence saying what is wrong with it. Value ranges of settings and
 * attacks are checked by runSettings.ts.
 */
export function parseCommand(raw: unknown): Command | string {
  if (!raw || typeof raw !== 'object' || typeof (raw as { type?: unknown }).type !== 'string') return 'message without a type';
  const m = raw as Record<string, unknown> & { type: string };
  const posInt = (v: unknown, max: number) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= max;
  switch (m.type) {
    case 'init':
      if (m.engine !== undefined && m.engine !== 'fused' && m.engine !== 'tfjs') return `unknown training engine "${String(m.engine)}"`;
      if (m.faults !== undefined && typeof m.faults !== 'boolean') return 'faults must be true or false';
      return m.backend === null || (typeof m.backend === 'string' && isBackendName(m.backend)) ? (m as Command) : `unknown backend "${String(m.backend)}"`;
    case 'configure':
      return m.settings && typeof m.settings === 'object' ? (m as Command) : 'configure without settings';
    case 'play':
    case 'pause':
    case 'injectFault':
      return m as Command;
    case 'visibility':
      return typeof m.hidden === 'boolean' ? (m as Command) : 'visibility needs hidden: true or false';
    case 'step':
      return posInt(m.count, 100_000) ? (m as Command) : 'step count must be a whole number from 1 to 100000';
    case 'setSpeed':
      return m.stepsPerSecond === null || (typeof m.stepsPerSecond === 'number' && m.stepsPerSecond > 0 && Number.isFinite(m.stepsPerSecond))
        ? (m as Command)
        : 'speed must be a positive number of steps per second, or null';
    case 'setView': {
      const v = m.view as Record<string, unknown> | undefined;
      const ok = !!v && posInt(v.gridSize, 400) && (v.arrowGrid === 0 || posInt(v.arrowGrid, 64));
      return ok ? (m as Command) : 'view must have gridSize 1..400 and arrowGrid 0..64';
    }
    case 'attack':
      return Number.isInteger(m.id) && m.request && typeof m.request === 'object' ? (m as Command) : 'attack without id or request';
    default:
      if ((PERSIST_COMMANDS as readonly string[]).includes(m.type)) return parsePersistCommand(m);
      return `unknown message type "${m.type}"`;
  }
}
