/** CSV for either lab's exports: RFC 4180 quoting, and no cell a spreadsheet would run as a formula. */
export type CsvValue = string | number | boolean | null | undefined;

export function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const t = String(v);
  return /[",\n\r]|^[=+\-@]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/** Rows (the header first) as CSV text, one line each, ending in a newline. */
export function csvText(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}
