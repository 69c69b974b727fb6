/**
 * `GET {endpoint}/transactions?limit=&cursor=` (the contract, docs/design.md "The contract"): the
 * player's own transactions, newest first; `nextCursor` while there are more. Its own module: only
 * the proxy and the widget's history view (loaded on demand) read it, not the main bundle.
 */
import * as z from 'zod/mini';
import { TransactionStatusResponse } from './contract.js';

export const TransactionListResponse = z.object({
  transactions: z.array(z.extend(TransactionStatusResponse, { createdAt: z.string().check(z.maxLength(40)) })).check(z.maxLength(100)),
  nextCursor: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});
export type TransactionListResponse = z.infer<typeof TransactionListResponse>;
