import { isBackendName } from '../../core/backend';
import { CIFAR_PIXELS } from '../../core/data/cifar';
import { CIFAR_PERSIST_COMMANDS, parseCifarPersistCommand } from '../contract/persistProtocol';
import type { Command } from '../contract/protocol';

/**
 * Shape checks on a message from the page (a worker must not trust what arrives on its port).
 * Returns the command, or a sentence saying what is wrong. Value ranges of settings and requests
 * are checked by ../settings.ts.
 */
export function parseCommand(raw: unknown): Command | string {
  if (!raw || typeof raw !== 'object' || typeof (raw as { type?: unknown }).type !== 'string') return 'message without a type';
  const m = raw as Record<string, unknown> & { type: string };
  const obj = (v: unknown) => !!v && typeof v === 'object';
  if (m.on !== undefined && m.on !== 'live' && m.on !== 'pretrained') return 'on must be live or pretrained';
  switch (m.type) {
    case 'init':
      if (m.faults !== undefined && typeof m.faults !== 'boolean') return 'faults must be true or false';
      return m.backend === null || (typeof m.backend === 'string' && isBackendName(m.backend)) ? (m as Command) : `unknown backend "${String(m.backend)}"`;
    case 'loadServed':
    case 'loadPretrained':
      return typeof m.url === 'string' ? (m as Command) : `${m.type} without a url`;
    case 'loadFiles': {
      const files = m.files;
      const ok = Array.isArray(files) && files.length > 0 && files.every((f) => obj(f) && typeof (f as File).name === 'string' && typeof (f as File).stream === 'function');
      return ok ? (m as Command) : 'loadFiles needs at least one file';
    }
    case 'configure':
      return obj(m.settings) ? (m as Command) : 'configure without settings';
    case 'play':
    case 'pause':
    case 'cancelJob':
    case 'injectFault':
      return m as Command;
    case 'visibility':
      return typeof m.hidden === 'boolean' ? (m as Command) : 'visibility needs hidden: true or false';
    case 'step':
      return Number.isInteger(m.count) && (m.count as number) >= 1 && (m.count as number) <= 10_000 ? (m as Command) : 'step count must be a whole number from 1 to 10000';
    case 'gallery':
      return Number.isInteger(m.id) && sourceOk(m.source) && obj(m.request) ? (m as Command) : 'gallery needs an id, a test image index or 32x32 RGB pixels, and a request';
    case 'predict':
      return Number.isInteger(m.id) && sourceOk(m.source) ? (m as Command) : 'predict needs an id and a test image index or 32x32 RGB pixels';
    case 'evaluate':
      if (m.methods !== undefined && !(Array.isArray(m.methods) && m.methods.every((x) => typeof x === 'string'))) return 'evaluate: methods must be a list of method ids';
      return Number.isInteger(m.id) && obj(m.request) ? (m as Command) : 'evaluate without id or request';
    default:
      if ((CIFAR_PERSIST_COMMANDS as readonly string[]).includes(m.type)) return parseCifarPersistCommand(m);
      return `unknown message type "${m.type}"`;
  }
}

/** A test image index, or 32x32 RGB pixels (GallerySource). */
function sourceOk(v: unknown): boolean {
  const s = v as Record<string, unknown> | undefined;
  return (
    !!s &&
    ((s.kind === 'test' && Number.isInteger(s.index) && (s.index as number) >= 0) ||
      (s.kind === 'image' && s.pixels instanceof Float32Array && s.pixels.length === 3 * CIFAR_PIXELS))
  );
}
