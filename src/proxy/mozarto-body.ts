/**
 * Builds the body of `POST /v1/api/mozarto/cashier` (mozarto-api.md §4, §6) from a request the
 * proxy has already validated. Pure: no I/O, no clock, so every provider's body is unit-tested.
 */
import type { FlowDef, PspDefinition, Flow } from '../core/psp/types.js';

export interface MozartoBodyInput {
  readonly def: PspDefinition;
  readonly flow: Flow;
  readonly flowDef: FlowDef;
  /** Canonical decimal string from `parseAmount`, e.g. "100.00". */
  readonly amount: string;
  readonly currency: string;
  /** The merchant's user id (server source, design.md "Server-only fields"). */
  readonly userId: string;
  /** Values of `user` fields after `validateFields` (already parsed, e.g. phone as digits). */
  readonly userFields: Readonly<Record<string, unknown>>;
  /** Values of `profile` fields taken from the merchant's user lookup, already validated. */
  readonly profileFields?: Readonly<Record<string, unknown>>;
  /** Values of other `server` fields the proxy knows (e.g. `userIp`). */
  readonly serverFields?: Readonly<Record<string, unknown>>;
  /** Our transaction id; Mozarto echoes `merchantReference` in webhooks (§4, §7). */
  readonly merchantReference: string;
}

export function buildMozartoBody(input: MozartoBodyInput): Record<string, unknown> {
  const { def, flow, flowDef, amount, currency } = input;
  return {
    ...(def.derive?.({ flow, amount, currency }) ?? {}),
    ...(input.profileFields ?? {}),
    ...input.userFields,
    ...(input.serverFields ?? {}),
    // The fields below come last so that nothing above can replace them.
    pspType: def.pspType,
    type: flowDef.type,
    // §4: `baseamount` is a JSON number. A number cannot carry trailing zeros ("100.00" is sent as
    // 100); §12.11 notes the docs do not say how "exactly two decimals" is judged for Gigadat.
    baseamount: Number(amount),
    currency,
    // §4 and §12.18: a string, even though a legacy example sends a number.
    userId: input.userId,
    merchantReference: input.merchantReference,
    // `isTestMode` appears in every Apidog example but is never defined (§12.15): not sent; the
    // environment is chosen by the base URL (§2).
  };
}
