import { randomBytes } from 'node:crypto';

/** Our transaction ids: `tx_` + 24 random hex characters (96 bits: unguessable, so a 404 leaks nothing). */
export function newTransactionId(): string {
  return `tx_${randomBytes(12).toString('hex')}`;
}

export const TRANSACTION_ID = /^tx_[0-9a-f]{24}$/;

const CLIENT_REQUEST_ID = /^[A-Za-z0-9_.:-]{8,64}$/;

/** A caller's `x-request-id` is kept when well-formed (tracing through a gateway), else a new one. */
export function requestIdFrom(header: string | null): string {
  if (header && CLIENT_REQUEST_ID.test(header)) return header;
  return `req_${randomBytes(8).toString('hex')}`;
}
