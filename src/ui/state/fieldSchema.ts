/**
 * The one schema of a Toy Lab setting: a zod schema built from its row of the settings table,
 * from text (a typed field, the address bar, a saved run's value printed back) to the value. Every
 * entry point goes through it, so a value is accepted or refused with the same words everywhere.
 * Only type imports from settings.ts: that module builds its schemas with this one.
 */
import { z } from 'zod';
import type { FieldSpec } from './settings';

/** Plain decimal notation only: Number() would also take '', '0x10', 'Infinity' and ' '. */
export const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The first sentence of a zod error (each refinement below carries its own words). */
export const firstIssue = (e: z.ZodError): string => e.issues[0]?.message ?? 'is not valid';

const BOOL_TEXT = z.enum(['1', '0', 'true', 'false'], 'is not true or false (1 or 0)').transform((t) => t === '1' || t === 'true');

/** Text to the value of a field with this spec, or an issue phrased to follow the quoted text. */
export function fieldSchema(spec: FieldSpec): z.ZodType<unknown, string> {
  if (spec.kind === 'enum') {
    const values = spec.options.map((o) => o.value);
    return z
      .string()
      .trim()
      .refine((t) => values.includes(t), `is not one of ${values.join(', ')}`);
  }
  if (spec.kind === 'bool') return z.string().trim().pipe(BOOL_TEXT);
  // zod refuses ±Infinity (from '1e309') as not a number: say what happened instead.
  let num = z.number({ error: (iss) => (typeof iss.input === 'number' && !Number.isNaN(iss.input) ? 'is too large (not a finite number)' : 'is not a number') });
  if (spec.kind === 'int') num = num.refine(Number.isInteger, 'is not a whole number');
  num = spec.minExclusive ? num.refine((v) => v > spec.min, `must be greater than ${spec.min}`) : num.refine((v) => v >= spec.min, `must be at least ${spec.min}`);
  num = num.refine((v) => v <= spec.max, `must be at most ${spec.max}`);
  const text = z.string().trim().regex(DECIMAL, 'is not a number').transform(Number).pipe(num);
  if (!spec.optional) return text;
  // Empty = null ("automatic"); otherwise the number, with the number's own message.
  return z.string().transform((t, ctx) => {
    if (t.trim() === '') return null;
    const r = text.safeParse(t);
    if (r.success) return r.data;
    ctx.addIssue({ code: 'custom', message: firstIssue(r.error) });
    return z.NEVER;
  });
}
