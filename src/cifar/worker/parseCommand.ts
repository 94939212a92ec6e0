import { CIFAR_PIXELS } from '../../core/data/cifar';
import { anyShape, isObject, loopChecks, parseMessage, withId, type Check } from '../../common/worker/parseMessage';
import type { CifarPersistCommand, CifarRunState } from '../contract/persistProtocol';
import type { Command } from '../contract/protocol';

/** Shape checks on the persist commands from the page (common/worker/parseMessage.ts). */
const CIFAR_PERSIST_CHECKS: Record<CifarPersistCommand['type'], Check> = {
  saveRun: withId(anyShape),
  exportWeights: withId((m) => (typeof m.method === 'string' ? null : 'exportWeights needs a method')),
  importWeights: withId((m) => {
    if (typeof m.method !== 'string') return 'importWeights needs a method';
    return typeof m.modelJson === 'string' && m.weightsBin instanceof Uint8Array ? null : 'importWeights needs model.json text and weights.bin bytes';
  }),
  restoreRun: withId((m) => {
    const s = m.state as Partial<CifarRunState> | undefined;
    const ok = !!s && typeof s === 'object' && Number.isInteger(s.round) && Array.isArray(s.models) && Array.isArray(s.teachers);
    return ok ? null : 'restoreRun needs a saved run state';
  }),
};

/** A test image index, or 32x32 RGB pixels (GallerySource). */
function sourceOk(v: unknown): boolean {
  const s = v as Record<string, unknown> | undefined;
  return (
    !!s &&
    ((s.kind === 'test' && Number.isInteger(s.index) && (s.index as number) >= 0) ||
      (s.kind === 'image' && s.pixels instanceof Float32Array && s.pixels.length === 3 * CIFAR_PIXELS))
  );
}

/**
 * Shape checks on a message from the page, one per command type (common/worker/parseMessage.ts).
 * Value ranges of settings and requests are checked by ../contract/settings.ts.
 */
const CHECKS: Record<Command['type'], Check> = {
  ...loopChecks(10_000),
  loadServed: (m) => (typeof m.url === 'string' ? null : `${m.type} without a url`),
  loadPretrained: (m) => (typeof m.url === 'string' ? null : `${m.type} without a url`),
  loadFiles: (m) => {
    const files = m.files;
    const ok = Array.isArray(files) && files.length > 0 && files.every((f) => isObject(f) && typeof (f as File).name === 'string' && typeof (f as File).stream === 'function');
    return ok ? null : 'loadFiles needs at least one file';
  },
  cancelJob: anyShape,
  gallery: (m) => (Number.isInteger(m.id) && sourceOk(m.source) && isObject(m.request) ? null : 'gallery needs an id, a test image index or 32x32 RGB pixels, and a request'),
  predict: (m) => (Number.isInteger(m.id) && sourceOk(m.source) ? null : 'predict needs an id and a test image index or 32x32 RGB pixels'),
  evaluate: (m) => {
    if (m.methods !== undefined && !(Array.isArray(m.methods) && m.methods.every((x) => typeof x === 'string'))) return 'evaluate: methods must be a list of method ids';
    return Number.isInteger(m.id) && isObject(m.request) ? null : 'evaluate without id or request';
  },
  ...CIFAR_PERSIST_CHECKS,
};

/** Every message may say which models it is about. */
const onCheck: Check = (m) => (m.on !== undefined && m.on !== 'live' && m.on !== 'pretrained' ? 'on must be live or pretrained' : null);

/** The command, or a sentence saying what is wrong with the message. */
export function parseCommand(raw: unknown): Command | string {
  return parseMessage<Command>(raw, CHECKS, onCheck);
}
