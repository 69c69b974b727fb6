/**
 * Wraps the TransactionStore so that every stored change is published to the notifier (the
 * event streams) and, when it is a reportable final outcome, hands it to the outcome hook.
 * Whoever writes — the webhook route, a create call applying an early webhook — is covered,
 * and the routes stay unaware of either.
 */
import type { TransactionNotifier } from './notifier.js';
import type { OutcomeHook } from '../outcome-hook.js';
import { isReportableOutcome, type TransactionStore } from './store.js';

export function liveStore(
  store: TransactionStore,
  notifier: TransactionNotifier,
  hook: OutcomeHook | undefined,
  onError: (error: unknown) => void,
): TransactionStore {
  const updateTransaction: TransactionStore['updateTransaction'] = async (id, patch, options) => {
    const updated = await store.updateTransaction(id, patch, options);
    if (updated) {
      try {
        const published = notifier.publish(updated);
        if (published && typeof published.catch === 'function') published.catch(onError);
      } catch (error) {
        onError(error);
      }
      if (hook && isReportableOutcome(updated) && !updated.outcomeNotifiedAt) hook.trigger(updated.id);
    }
    return updated;
  };
  // A Proxy rather than a copy: a class-based store keeps `this` (and its private fields).
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'updateTransaction') return updateTransaction;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
