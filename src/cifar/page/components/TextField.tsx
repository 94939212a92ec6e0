import { useState } from 'react';
import type { z } from 'zod';
import { textParser } from '../../../common/share/fieldSchema';
import { CIFAR_LINK, type CifarLinkValues } from '../share/cifarLink';
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

/**
 * The parser of a field that is a row of the lab's one table (cifarLink.ts): the same schema the
 * address bar uses, so a value is accepted or refused with the same words on both ways in.
 */
export function linkParser<K extends keyof CifarLinkValues>(key: K): (text: string) => CifarLinkValues[K] | { error: string } {
  return textParser(CIFAR_LINK.fields[key].schema as z.ZodType<CifarLinkValues[K], string>);
}
