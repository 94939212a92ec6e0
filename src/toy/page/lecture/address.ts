/**
 * `?dataset=draw` (issue 15's spelling) is the link table's `data=draw`: the long key is renamed in
 * the address before the link is read. `data` wins when both are there.
 */
export function aliasDatasetKey(): void {
  const url = new URL(window.location.href);
  const q = url.searchParams;
  if (!q.has('dataset')) return;
  const v = q.get('dataset')!;
  q.delete('dataset');
  if (!q.has('data')) q.set('data', v);
  history.replaceState(history.state, '', url.pathname + (q.size ? `?${q}` : '') + url.hash);
}
