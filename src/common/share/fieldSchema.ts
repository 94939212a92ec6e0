/**
 * The building blocks of the labs' one schema per setting: zod schemas from text (a typed field,
 * the address bar, a saved run's value printed back) to a value, each way to fail with its own
 * phrase. The Toy Lab builds each setting's schema from its row of the settings table
 * (fieldSchema below, used by settings.ts); the CIFAR Lab's link table (cifarLink.ts) uses the
 * same blocks. Every entry point goes through them, so a value is accepted or refused with the
 * same words everywhere. The Toy Lab's settings.ts builds its schemas here.
 */
import { z } from 'zod';

/** Plain decimal notation only: Number() would also take '', '0x10', 'Infinity' and ' '. */
export const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The first sentence of a zod error (each refinement below carries its own words). */
export const firstIssue = (e: z.ZodError): string => e.issues[0]?.message ?? 'is not valid';

/** '1', '0', 'true' or 'false' (spaces around allowed) to a boolean. */
export const boolText = z
  .string()
  .trim()
  .pipe(z.enum(['1', '0', 'true', 'false'], 'is not true or false (1 or 0)'))
  .transform((t) => t === '1' || t === 'true');

/** One of fixed words. */
export const enumText = (values: readonly string[]) =>
  z
    .string()
    .trim()
    .refine((t) => values.includes(t), `is not one of ${values.join(', ')}`);

export interface NumberBounds {
  min: number;
  max: number;
  /** min itself is not allowed (learning rate > 0). */
  minExclusive?: boolean;
  int?: boolean;
}

/** A number within bounds; each way to miss them has its own phrase. */
export function numberIn(b: NumberBounds): z.ZodType<number, number> {
  // zod refuses ±Infinity (from '1e309') as not a number: say what happened instead.
  let num = z.number({ error: (iss) => (typeof iss.input === 'number' && !Number.isNaN(iss.input) ? 'is too large (not a finite number)' : 'is not a number') });
  if (b.int) num = num.refine(Number.isInteger, 'is not a whole number');
  num = b.minExclusive ? num.refine((v) => v > b.min, `must be greater than ${b.min}`) : num.refine((v) => v >= b.min, `must be at least ${b.min}`);
  return num.refine((v) => v <= b.max, `must be at most ${b.max}`);
}

/** A number in plain decimal notation within bounds. */
export function numberText(b: NumberBounds): z.ZodType<number, string> {
  return z.string().trim().regex(DECIMAL, 'is not a number').transform(Number).pipe(numberIn(b));
}

const PLAIN = /^(\d+\.?\d*|\.\d+)$/;

/**
 * A number as people write radii and rates: plain decimal notation, or a fraction of two plain
 * decimals ("8/255"). NaN when it is neither (Number() alone would take "0x10" and "Infinity").
 */
export function parseDecimal(text: string): number {
  const t = text.trim();
  const frac = /^(\S+)\s*\/\s*(\S+)$/.exec(t);
  if (frac) return PLAIN.test(frac[1]) && PLAIN.test(frac[2]) ? Number(frac[1]) / Number(frac[2]) : NaN;
  return DECIMAL.test(t) ? Number(t) : NaN;
}

/** A number within bounds, typed as a decimal or a fraction ("8/255"). */
export function fractionText(b: NumberBounds): z.ZodType<number, string> {
  return z.string().transform(parseDecimal).pipe(numberIn(b));
}

/** Empty text is null ("automatic"); anything else `inner`, with its own message. */
export function orEmpty<T>(inner: z.ZodType<T, string>): z.ZodType<T | null, string> {
  return z.string().transform((t, ctx) => {
    if (t.trim() === '') return null;
    const r = inner.safeParse(t);
    if (r.success) return r.data;
    ctx.addIssue({ code: 'custom', message: firstIssue(r.error) });
    return z.NEVER;
  });
}

/** What fieldSchema needs of a settings-table row (the Toy Lab's FieldSpec is one). */
export type FieldRow =
  | { kind: 'enum'; options: readonly { value: string }[] }
  | { kind: 'bool' }
  | { kind: 'number' | 'int'; min: number; max: number; minExclusive?: boolean; optional?: boolean };

/** Text to the value of a field with this spec, or an issue phrased to follow the quoted text. */
export function fieldSchema(spec: FieldRow): z.ZodType<unknown, string> {
  if (spec.kind === 'enum') return enumText(spec.options.map((o) => o.value));
  if (spec.kind === 'bool') return boolText;
  const num = numberText({ ...spec, int: spec.kind === 'int' });
  return spec.optional ? orEmpty(num) : num;
}

/**
 * A text field's parser from a schema: the value, or `{ error }` quoting the text with the
 * schema's phrase. The CIFAR Lab's fields use it over their rows of the lab's one table
 * (src/cifar/page/share/cifarLink.ts).
 */
export function textParser<T>(schema: z.ZodType<T, string>): (text: string) => T | { error: string } {
  return (text) => {
    const r = schema.safeParse(text);
    if (r.success) return r.data;
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    return { error: `"${shown}" ${firstIssue(r.error)}` };
  };
}
