/** A fake clock for the poller and the watcher: timers fire only when a test advances time. */
export function fakeClock() {
  let now = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  /** Lets the promise chains a timer started settle. */
  const flush = async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number) => {
      timers.set(++seq, { at: now + ms, fn });
      return seq;
    },
    clearTimer: (h: unknown) => void timers.delete(h as number),
    /** The pending timers' delays from now, soonest first. */
    pending: () => [...timers.values()].map((t) => t.at - now).sort((a, b) => a - b),
    flush,
    /** Moves the clock without running timers (time spent hidden). */
    skip: (ms: number) => void (now += ms),
    /** Advances to the next timer, runs it, lets its promise chain settle; resolves the time waited. */
    async next(): Promise<number> {
      const [id, t] = [...timers.entries()].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
      if (id === undefined || !t) throw new Error('no timer pending');
      timers.delete(id);
      const waited = t.at - now;
      now = t.at;
      t.fn();
      await flush();
      return waited;
    },
  };
}
