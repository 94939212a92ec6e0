/**
 * The ArrayBuffers of every typed array in a message, to transfer instead of copy: both labs'
 * workers post events whose arrays are fresh (each controller copies what it keeps). Pure.
 */
export function transferablesOf(message: unknown): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const visit = (v: unknown): void => {
    if (ArrayBuffer.isView(v)) out.add(v.buffer as ArrayBuffer);
    else if (v && typeof v === 'object') for (const w of Object.values(v)) visit(w);
  };
  visit(message);
  return [...out];
}
