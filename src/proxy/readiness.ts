/**
 * Whether this proxy should get traffic now (a balancer's readiness probe, README "Several
 * instances"): not while it drains, not while its store fails to answer a read, not while a
 * shared notifier has lost the connection that brings other instances' changes (Postgres LISTEN),
 * since its event streams would then go deaf. Liveness is another question (`/healthz`): a
 * process that is not ready is still alive and finishing its work.
 *
 * The store is probed with a read of an id that cannot exist, so any store answers it, bounded by
 * a timeout (a database that hangs is as unready as one that refuses), and the answer is reused
 * for a moment so that many probes cost one read.
 */
import type { TransactionNotifier } from './store/notifier.js';
import type { TransactionStore } from './store/store.js';

export interface Readiness {
  readonly ready: boolean;
  readonly draining: boolean;
  /** `failing`: the probe read threw or did not answer in time. */
  readonly store: 'ok' | 'failing';
  /** `lost`: a shared notifier is not hearing other instances' changes; `ok` for the in-process one. */
  readonly notifier: 'ok' | 'lost';
}

/** A transaction id's shape (`tx_` + 24 hex) that no transaction has. */
const PROBE_ID = 'tx_000000000000000000000000';
const PROBE_TIMEOUT_MS = 2000;
/** How long one probe's answer serves the next ones. */
const PROBE_REUSE_MS = 500;

export class ReadinessProbe {
  readonly #store: TransactionStore;
  readonly #notifier: TransactionNotifier;
  readonly #draining: () => boolean;
  #last: { at: number; ok: boolean } | undefined;
  #running: Promise<boolean> | undefined;

  constructor(store: TransactionStore, notifier: TransactionNotifier, draining: () => boolean) {
    this.#store = store;
    this.#notifier = notifier;
    this.#draining = draining;
  }

  async check(): Promise<Readiness> {
    const storeOk = await this.#probeStore();
    const notifierOk = this.#notifier.connected ?? true;
    const draining = this.#draining();
    return { ready: storeOk && notifierOk && !draining, draining, store: storeOk ? 'ok' : 'failing', notifier: notifierOk ? 'ok' : 'lost' };
  }

  #probeStore(): Promise<boolean> {
    const now = Date.now();
    if (this.#last && now - this.#last.at < PROBE_REUSE_MS) return Promise.resolve(this.#last.ok);
    this.#running ??= (async () => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS)));
      const read = this.#store.getTransaction(PROBE_ID).then(
        () => true,
        () => false,
      );
      const ok = await Promise.race([read, timeout]);
      clearTimeout(timer);
      this.#last = { at: Date.now(), ok };
      this.#running = undefined;
      return ok;
    })();
    return this.#running;
  }
}
