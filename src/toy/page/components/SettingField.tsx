import { useState } from 'react';
import { formatField, SETTINGS_TABLE, type SettingKey } from '../state/settings';
import { toyLab, useToyLab } from '../state/store';

/**
 * One setting's control, generated from the settings table. Numbers are typed as text and
 * checked on Enter or leaving the field: a bad value is reported (error-message) and the field
 * shows the previous value again; Escape abandons an edit.
 */
export function SettingField({ name, inline }: { name: SettingKey; inline?: boolean }) {
  const spec = SETTINGS_TABLE[name];
  const value = useToyLab((s) => s.settings[name]);
  const pending = useToyLab((s) => {
    const base = s.requested ?? s.applied;
    return spec.restart && base !== null && base[name] !== s.settings[name];
  });
  const [draft, setDraft] = useState<string | null>(null);
  const id = `setting-${name}`;
  const cls = `${inline ? 'inline-field' : 'field'}${pending ? ' changed' : ''}`;
  const title = [spec.help, pending ? 'Changed: needs a restart (Reset) to take effect' : ''].filter(Boolean).join('. ') || undefined;

  if (spec.kind === 'bool') {
    return (
      <label className={inline ? 'check inline' : 'check'} title={title}>
        <input id={id} type="checkbox" checked={value as boolean} onChange={(e) => toyLab.setField(name, String(e.target.checked))} />
        {spec.label}
      </label>
    );
  }
  if (spec.kind === 'enum') {
    return (
      <div className={cls} title={title}>
        <label htmlFor={id}>{spec.label}</label>
        <select id={id} value={String(value)} onChange={(e) => toyLab.setField(name, e.target.value)}>
          {spec.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    );
  }
  const commit = () => {
    if (draft === null) return;
    toyLab.setField(name, draft);
    setDraft(null); // shows the setting's value: the new one, or the kept one after an error
  };
  return (
    <div className={cls} title={title}>
      <label htmlFor={id}>{spec.label}</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        spellCheck={false}
        autoComplete="off"
        placeholder={'optional' in spec && spec.optional ? 'auto' : undefined}
        value={draft ?? formatField(name, value)}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(null);
        }}
      />
    </div>
  );
}
