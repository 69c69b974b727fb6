import type * as z from 'zod/mini';

/** Direction of money: a player deposit (`payin`) or a withdrawal to the player (`payout`). */
export type Flow = 'payin' | 'payout';
export const FLOWS: readonly Flow[] = ['payin', 'payout'];

/**
 * Who supplies a field's value (design.md, "The PSP catalog"):
 * - `user`: typed by the player in the widget;
 * - `profile`: known to the merchant, filled by the proxy's user lookup;
 * - `server`: only the proxy may set it; a browser that sends one is refused;
 * - `derived`: computed from other values (pspType, type, currencyCode…).
 */
export type FieldSource = 'user' | 'profile' | 'server' | 'derived';

/** How a successful submission ends (design.md): redirect to a hosted page, await a webhook, or final at once. */
export type Outcome =
  | { readonly kind: 'redirect'; readonly urlFields: readonly string[] }
  | { readonly kind: 'await' }
  | { readonly kind: 'sync' };

/** Hints for rendering a `user` field as a native input. */
export interface InputHints {
  readonly type?: 'text' | 'email' | 'tel' | 'password';
  readonly autocomplete?: string;
  readonly inputmode?: 'text' | 'email' | 'tel' | 'numeric' | 'decimal';
  readonly maxlength?: number;
}

export interface FieldDef {
  /** Name in the widget's `fields` object and in Mozarto's request body. */
  readonly name: string;
  readonly source: FieldSource;
  /**
   * Parses what the player typed (a string) into the value sent upstream. Issue messages are
   * message keys (see core/messages), never prose, so browser and proxy report identically.
   */
  readonly schema: z.ZodMiniType;
  /** Message key of the field's visible label. */
  readonly label: string;
  readonly input?: InputHints;
  /** Flows that use this field; absent means every flow the provider supports. */
  readonly flows?: readonly Flow[];
  readonly optional?: boolean;
}

export interface FlowDef {
  /** Mozarto's `type` value for this flow. */
  readonly type: 'PAYIN' | 'PAYOUT';
  readonly outcome: Outcome;
}

export interface PspDefinition {
  /** Mozarto's `pspType` code. */
  readonly pspType: string;
  readonly name: string;
  /** Short description for the method picker (a message key). */
  readonly description: string;
  readonly flows: Readonly<Partial<Record<Flow, FlowDef>>>;
  /** ISO 4217 codes the provider accepts; the proxy configuration may narrow them. */
  readonly currencies: readonly string[];
  readonly fields: readonly FieldDef[];
  /** Body fields computed from the validated request (e.g. Payone's `currencyCode`). */
  readonly derive?: (ctx: DeriveContext) => Record<string, unknown>;
}

export interface DeriveContext {
  readonly flow: Flow;
  readonly amount: string;
  readonly currency: string;
}
