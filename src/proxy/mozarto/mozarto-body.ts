/**
 * Builds the body of `POST /v1/api/mozarto/cashier` (docs/mozarto-api.md §4, §6) from a request the
 * proxy has already validated. Pure: no I/O, no clock, so every provider's body is unit-tested.
 */
import type { FlowDef, PspDefinition, Flow } from '../../core/psp/types.js';
import { nest } from '../../core/validate.js';

export interface MozartoBodyInput {
  readonly def: PspDefinition;
  readonly flow: Flow;
  readonly flowDef: FlowDef;
  /** Canonical decimal string from `parseAmount`, e.g. "100.00". */
  readonly amount: string;
  readonly currency: string;
  /** The merchant's user id (server source, docs/design.md "Server-only fields"). */
  readonly userId: string;
  /** Values of `user` fields after `validateFields` (already parsed, e.g. phone as digits). */
  readonly userFields: Readonly<Record<string, unknown>>;
  /** Values of `profile` fields taken from the merchant's user lookup, already validated. */
  readonly profileFields?: Readonly<Record<string, unknown>>;
  /** Values of other `server` fields the proxy knows (e.g. `userIp`, the KYC block). */
  readonly serverFields?: Readonly<Record<string, unknown>>;
  /** Our transaction id; Mozarto echoes `merchantReference` in webhooks (§4, §7). */
  readonly merchantReference: string;
}

export function buildMozartoBody(input: MozartoBodyInput): Record<string, unknown> {
  const { def, flow, flowDef, amount, currency } = input;
  const values = { ...(input.profileFields ?? {}), ...input.userFields, ...(input.serverFields ?? {}) };
  // A field may map to other body keys (card expiry → card.expMonth + card.expYear, §6.10).
  const flat: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const field = def.fields.find((f) => f.name === name);
    Object.assign(flat, field?.toBody ? field.toBody(value) : { [name]: value });
  }
  return {
    // Dotted names become the nested objects the docs show (`address`, `card`).
    ...nest({ ...(def.derive?.({ flow, amount, currency, values }) ?? {}), ...flat }),
    // The fields below come last so that nothing above can replace them.
    pspType: def.pspType,
    type: flowDef.type,
    // §4: `baseamount` is a JSON number; `serializeMozartoBody` writes its two decimals.
    baseamount: Number(amount),
    currency,
    // §4 and §12.18: a string, even though a legacy example sends a number.
    userId: input.userId,
    merchantReference: input.merchantReference,
    // `isTestMode` appears in every Apidog example but is never defined (§12.15): not sent; the
    // environment is chosen by the base URL (§2).
  };
}

/**
 * The JSON text sent upstream. Gigadat demands `baseamount` with exactly two decimals (§6.5;
 * §12.11: a JS number cannot carry "100.00"), so the amount is written from its canonical string
 * into the text itself — for every provider, as two decimals are never wrong for a money amount.
 */
export function serializeMozartoBody(body: Readonly<Record<string, unknown>>, amount: string): string {
  if (!/^\d+\.\d{2}$/.test(amount)) throw new TypeError(`amount must be canonical ("100.00"), got ${JSON.stringify(amount)}`);
  const { baseamount: _, ...rest } = body;
  const tail = JSON.stringify(rest);
  return `{"baseamount":${amount}${tail === '{}' ? '}' : `,${tail.slice(1)}`}`;
}
