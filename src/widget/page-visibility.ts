/**
 * Nothing polls for a tab nobody looks at: pauses a poller (poller.ts) or a watcher
 * (transaction-watcher.ts) while the page is hidden, and resumes it — which checks at once — when
 * the page shows again. Returns what removes the listener.
 */
export function pauseWhileHidden(target: { pause(): void; resume(): void }): () => void {
  const sync = () => (document.hidden ? target.pause() : target.resume());
  document.addEventListener('visibilitychange', sync);
  return () => document.removeEventListener('visibilitychange', sync);
}
