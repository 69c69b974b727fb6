/**
 * `mozarto-cashier/proxy/testing` — what a merchant needs to prove their own store and to try
 * the proxy without a database: the TransactionStore conformance suite and the in-memory store.
 * Imports `node:test`, so it is kept out of the main `mozarto-cashier/proxy` entry.
 */
export { conformanceCases, describeStoreConformance, type ConformanceCase, type ConformancePair } from './store/conformance.js';
export { createMemoryStore } from './store/memory-store.js';
