/** Random hex from Web Crypto (no `node:` module, so the handler runs on edge runtimes too). */
export function randomHex(bytes: number): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  let hex = '';
  for (const b of buf) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** Our transaction ids: `tx_` + 24 random hex characters (96 bits: unguessable, so a 404 leaks nothing). */
export function newTransactionId(): string {
  return `tx_${randomHex(12)}`;
}

export const TRANSACTION_ID = /^tx_[0-9a-f]{24}$/;

/** The merchant's events: `evt_` + 24 hex, the `webhook-id` the merchant dedupes on. */
export function newEventId(): string {
  return `evt_${randomHex(12)}`;
}

export const EVENT_ID = /^evt_[0-9a-f]{24}$/;

/** One proxy instance, as its delivery attempts name it: `inst_` + 12 hex. */
export function newInstanceId(): string {
  return `inst_${randomHex(6)}`;
}

export const CLIENT_REQUEST_ID = /^[A-Za-z0-9_.:-]{8,64}$/;

/**
 * A caller's `x-request-id` is kept when well-formed (tracing through a gateway), else a new one:
 * 16 hex characters of a random UUID, which the runtime draws from entropy it fetched in bulk; a
 * fresh `getRandomValues` call per request was a tenth of a status poll's cost (ADR 0012). A
 * request id only has to be unique in the logs, not unguessable.
 */
export function requestIdFrom(header: string | null): string {
  if (header && CLIENT_REQUEST_ID.test(header)) return header;
  const uuid = crypto.randomUUID();
  return `req_${uuid.slice(0, 8)}${uuid.slice(9, 13)}${uuid.slice(14, 18)}`;
}
