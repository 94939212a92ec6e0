import { useState } from 'react';
import { z } from 'zod';
import { numberIn, numberText, textParser } from '../../../ui/state/fieldSchema';
import { cifarLab } from '../state/store';

/**
 * A value typed as text, checked on Enter or leaving the field: a bad value is reported
 * (error-message) and the field shows the previous value again; Escape abandons the edit.
 */
export function TextField<T>({
  label,
  value,
  format,
  parse,
  onCommit,
  testId,
  title,
  changed,
  width,
}: {
  label: string;
  value: T;
  format: (v: T) => string;
  /** The value, or a phrase saying what is wrong with the text. */
  parse: (text: string) => T | { error: string };
  onCommit: (v: T) => void;
  testId: string;
  title?: string;
  changed?: boolean;
  width?: number;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    const v = parse(draft);
    if (v && typeof v === 'object' && 'error' in (v as object)) cifarLab.showError(`${label}: ${(v as { error: string }).error}; kept ${format(value)}.`);
    else onCommit(v as T);
    setDraft(null);
  };
  return (
    <label className={`field${changed ? ' changed' : ''}`} title={title}>
      <span>{label}</span>
      <input
        type="text"
        spellCheck={false}
        autoComplete="off"
        data-testid={testId}
        style={width ? { width } : undefined}
        value={draft ?? format(value)}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(null);
        }}
      />
    </label>
  );
}

/** A whole number in [lo, hi], in plain decimal notation ('' is not 0). */
export function intParser(lo: number, hi: number) {
  return textParser(numberText({ min: lo, max: hi, int: true }), `a whole number from ${lo} to ${hi}`);
}

/** A number in (lo, hi]; "8/255" style fractions allowed. */
export function numberParser(lo: number, hi: number, parse: (t: string) => number) {
  return textParser(z.string().transform(parse).pipe(numberIn({ min: lo, minExclusive: true, max: hi })), `a number above ${lo} and at most ${hi}`);
}
