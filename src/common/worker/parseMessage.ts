/**
 * The one way both labs' workers check a message from the page (a worker must not trust what
 * arrives on its port): a table of checks, one per command type, each giving the problem as a
 * sentence or null. Value ranges of settings and requests are checked later, by the labs'
 * contracts (settings checks), with the same kind of sentences.
 */
import { isBackendName } from '../../core/backend';

export type Message = Record<string, unknown> & { type: string };
/** A command's shape check: what is wrong with `m`, or null. */
export type Check = (m: Message) => string | null;

/** The message as the command it says it is, or a sentence saying what is wrong with it. */
export function parseMessage<C>(raw: unknown, checks: Readonly<Record<string, Check>>, everyMessage?: Check): C | string {
  if (!raw || typeof raw !== 'object' || typeof (raw as { type?: unknown }).type !== 'string') return 'message without a type';
  const m = raw as Message;
  const first = everyMessage?.(m);
  if (first) return first;
  const check = Object.hasOwn(checks, m.type) ? checks[m.type] : undefined;
  if (!check) return `unknown message type "${m.type}"`;
  return check(m) ?? (m as unknown as C);
}

export const isObject = (v: unknown): boolean => !!v && typeof v === 'object';
export const isPositiveInt = (v: unknown, max: number): boolean => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= max;
const ok: Check = () => null;

/** The checks of the commands the run loop handles (common/worker/runLoop.ts), the same in both labs. */
export function loopChecks(maxSteps: number): Record<'init' | 'configure' | 'play' | 'pause' | 'injectFault' | 'visibility' | 'step', Check> {
  return {
    init: (m) => {
      if (m.faults !== undefined && typeof m.faults !== 'boolean') return 'faults must be true or false';
      return m.backend === null || (typeof m.backend === 'string' && isBackendName(m.backend)) ? null : `unknown backend "${String(m.backend)}"`;
    },
    configure: (m) => (isObject(m.settings) ? null : 'configure without settings'),
    play: ok,
    pause: ok,
    injectFault: ok,
    visibility: (m) => (typeof m.hidden === 'boolean' ? null : 'visibility needs hidden: true or false'),
    step: (m) => (isPositiveInt(m.count, maxSteps) ? null : `step count must be a whole number from 1 to ${maxSteps}`),
  };
}

/** Persist commands carry an id (their answer's); then `check`. */
export const withId =
  (check: Check): Check =>
  (m) =>
    Number.isInteger(m.id) ? check(m) : `${m.type} without an id`;

export { ok as anyShape };
