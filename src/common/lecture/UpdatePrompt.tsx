import { useOffline } from './offline';

/** "A new version is available — Reload" (offline.ts), in the page's corner. */
export function UpdatePrompt() {
  const need = useOffline((s) => s.needReload);
  const reload = useOffline((s) => s.reload);
  if (!need) return null;
  return (
    <div className="update-prompt card" role="status" data-testid="update-prompt">
      A new version of PAG Lab is available.
      <button className="btn primary" data-testid="update-reload" onClick={() => reload?.()}>
        Reload
      </button>
      <button className="btn" onClick={() => useOffline.setState({ needReload: false })}>
        Later
      </button>
    </div>
  );
}
