/** Why the engine runs on its backend, in the words both labs' badges show. */
export function backendWhy(b: { fallbacks: { reason: string }[]; requested: string | null; switched: { from: string; reason: string } | null }): string {
  if (b.switched) return `switched from ${b.switched.from}: ${b.switched.reason}`;
  if (b.fallbacks.length) return `fell back: ${b.fallbacks.map((f) => f.reason).join('; ')}`;
  return b.requested ? 'chosen in the address (?backend=)' : 'fastest available';
}
