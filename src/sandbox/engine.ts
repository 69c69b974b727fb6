/**
 * The sandbox's moving parts in one place: configuration, transactions, outcomes and the
 * webhooks they trigger, pay-out timers, and the lifetime that `close()` ends. The HTTP routes
 * (cashier-endpoint.ts, hpp.ts, backoffice.ts) only read requests and call in here.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { FaultSwitch } from './faults.js';
import { resolveSandboxOptions, DEFAULT_SANDBOX_OPTIONS, type ResolvedSandboxOptions, type SandboxOptions } from './options.js';
import type { Outcome } from './psp-model.js';
import { pspModel } from './psps.js';
import { SandboxLedger, type SandboxTransaction } from './ledger.js';
import { deliverWebhook, webhookPayload, type WebhookDelivery, type WebhookPayload } from './webhooks.js';

export class SandboxEngine {
  options: ResolvedSandboxOptions;
  readonly ledger = new SandboxLedger();
  /** Armed faults (faults.ts, `/__sandbox/faults`). */
  readonly faults = new FaultSwitch();
  readonly #log: WebhookDelivery[] = [];
  readonly #lastWebhook = new Map<string, WebhookPayload>();
  readonly #payoutTimers = new Map<string, NodeJS.Timeout>();
  readonly #lifetime = new AbortController();

  constructor(options: SandboxOptions) {
    this.options = resolveSandboxOptions(DEFAULT_SANDBOX_OPTIONS, options);
  }

  configure(patch: Partial<SandboxOptions>): void {
    this.options = resolveSandboxOptions(this.options, patch);
  }

  get closed(): boolean {
    return this.#lifetime.signal.aborted;
  }

  webhookLog(): WebhookDelivery[] {
    return this.#log.map((d) => ({ ...d }));
  }

  /**
   * Records a final outcome and delivers its webhook; resolves when delivery succeeded or gave
   * up. Overrides any earlier outcome — the back office's `settle` uses that to produce
   * conflicting or out-of-order webhooks for the proxy's tests.
   */
  settle(tx: SandboxTransaction, outcome: Outcome): Promise<WebhookDelivery[]> {
    this.#cancelTimer(tx.transactionId);
    const model = pspModel(tx.pspType);
    if (!model) throw new Error(`no model for ${tx.pspType}`); // unreachable: created only for modelled PSPs
    this.ledger.update(tx, model.outcome(outcome));
    const payload = webhookPayload(tx);
    this.#lastWebhook.set(tx.transactionId, payload);
    return this.#send(payload);
  }

  /** Sends the last webhook again (a duplicate delivery, §7 "duplicates possible"); undefined if none was sent. */
  resendLast(tx: SandboxTransaction): Promise<WebhookDelivery[]> | undefined {
    const payload = this.#lastWebhook.get(tx.transactionId);
    return payload && this.#send(payload);
  }

  /** Settles a pay-out by itself after `payoutSettleMs` (docs/mozarto-api.md §8: the outcome comes by webhook). */
  settleLater(tx: SandboxTransaction, outcome: Outcome): void {
    if (this.closed) return;
    this.#cancelTimer(tx.transactionId);
    const timer = setTimeout(() => {
      this.#payoutTimers.delete(tx.transactionId);
      if (!this.closed && tx.transaction_status === 'Pending') void this.settle(tx, outcome);
    }, this.options.payoutSettleMs);
    timer.unref(); // a forgotten sandbox must not keep a process alive
    this.#payoutTimers.set(tx.transactionId, timer);
  }

  /** Waits like the real API does on an undecodable user token (§3); cut short by the client leaving or `close()`. */
  async hang(ms: number, signal: AbortSignal): Promise<void> {
    try {
      await delay(ms, undefined, { signal: AbortSignal.any([signal, this.#lifetime.signal]) });
    } catch {
      // aborted: answer at once
    }
  }

  close(): void {
    if (this.closed) return;
    this.#lifetime.abort();
    for (const timer of this.#payoutTimers.values()) clearTimeout(timer);
    this.#payoutTimers.clear();
  }

  #send(payload: WebhookPayload): Promise<WebhookDelivery[]> {
    const { webhookUrl, webhookSecret, webhookRetries } = this.options;
    // A webhook fault armed on this transaction may send it twice or follow it with a stale one.
    return this.faults.deliver(payload, (p) =>
      deliverWebhook({ url: webhookUrl, secret: webhookSecret, retries: webhookRetries }, p, this.#lifetime.signal, (attempt) => this.#log.push(attempt)),
    );
  }

  #cancelTimer(id: string): void {
    const timer = this.#payoutTimers.get(id);
    if (timer) clearTimeout(timer);
    this.#payoutTimers.delete(id);
  }
}
