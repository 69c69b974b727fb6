/**
 * Why `npx mozarto-cashier-proxy` needs this: npm runs a package's bin through a shell
 * (`sh -c mozarto-cashier-proxy`), and on SIGTERM or SIGINT it forwards the signal to that shell
 * only. Debian's and Alpine's `sh` (dash, busybox) do not exec the last command, so the shell dies
 * of the signal, npm exits, and the server, which never got it, goes on serving as an orphan (the
 * next start then fails with EADDRINUSE). Nothing in this package can make that shell pass the
 * signal on, but the server can see the shell go: its parent changes. When npm started it
 * (`npm_lifecycle_event` is set: npx, npm exec, npm run) and its parent goes away, it stops as
 * if signalled. Started directly (`node …/server.js`, a container's exec-form command, systemd),
 * it gets the signal itself and this never fires.
 */

/** How often the parent is looked at; a drain delay of seconds follows, so this is small beside it. */
const EVERY_MS = 250;

/**
 * Calls `onGone` once when this process, started by npm, loses the parent it started with.
 * Returns the function that stops watching.
 */
export function whenNpmParentGoes(onGone: (detail: { readonly launcher: string }) => void, env: NodeJS.ProcessEnv = process.env): () => void {
  const launcher = env.npm_lifecycle_event;
  if (!launcher) return () => {};
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone({ launcher });
  }, EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
