import { useTeach } from './viewStore';

/** Says which parts of an opened link were ignored (unknown keys, a newer version). */
export function LinkNotice() {
  const notice = useTeach((s) => s.notice);
  if (!notice) return null;
  return (
    <div className="link-notice" role="status" data-testid="link-notice">
      <span className="msg">{notice}</span>
      <button onClick={() => useTeach.setState({ notice: null })} aria-label="Dismiss the notice" title="Dismiss">
        ×
      </button>
    </div>
  );
}
