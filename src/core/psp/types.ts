import type * as z from 'zod/mini';
import type { DescriptionKey, ErrorKey, LabelKey } from '../messages/en.js';

/** Direction of money: a player deposit (`payin`) or a withdrawal to the player (`payout`). */
export type Flow = 'payin' | 'payout';
export const FLOWS: readonly Flow[] = ['payin', 'payout'];

/**
 * Who supplies a field's value (docs/design.md, "The PSP catalog"):
 * - `user`: typed by the player in the widget;
 * - `profile`: known to the merchant, filled by the proxy's user lookup;
 * - `server`: only the proxy may set it; a browser that sends one is refused;
 * - `derived`: computed from other values (pspType, type, currencyCode…).
 */
export type FieldSource = 'user' | 'profile' | 'server' | 'derived';

/**
 * How a successful submission ends (docs/design.md "The PSP catalog"): redirect to a hosted page, await a webhook, or
 * final at once. `optional` redirects (eMerchantPay 3DS) fall back to `await` without a URL.
 */
export type Outcome =
  { readonly kind: 'redirect'; readonly urlFields: readonly string[]; readonly optional?: true } | { readonly kind: 'await' } | { readonly kind: 'sync' };

/** Hints for rendering a `user` field as a native control. */
export interface InputHints {
  readonly type?: 'text' | 'email' | 'tel' | 'password' | 'date' | 'select';
  readonly autocomplete?: string;
  readonly inputmode?: 'text' | 'email' | 'tel' | 'numeric' | 'decimal';
  readonly maxlength?: number;
  readonly placeholder?: string;
}

export interface FieldDef {
  /**
   * Name in the widget's `fields` object. A dotted name (`address.city`) is a member of a nested
   * object in Mozarto's body (docs/mozarto-api.md §6.2 `address`, §6.10 `card`).
   */
  readonly name: string;
  readonly source: FieldSource;
  /**
   * Parses the raw value (a string from the widget; any JSON for `server` fields) into the value
   * sent upstream. Issue messages are message keys (see core/messages), never prose.
   */
  readonly schema: z.ZodMiniType;
  /**
   * Message key of the field's label, which the player sees (and the proxy's messages name it
   * by). Absent for a `server` field, which nobody types: its messages name it by `name`.
   */
  readonly label?: LabelKey;
  readonly input?: InputHints;
  /** Values of a `select` (shown as they are: codes such as `BTC`, `CL`). */
  readonly options?: readonly string[];
  /** Message key of the fieldset legend grouping this field with its neighbours (an address). */
  readonly group?: LabelKey;
  /** Flows that use this field; absent means every flow the provider supports. */
  readonly flows?: readonly Flow[];
  readonly optional?: boolean;
  /** `profile`/`server` fields: the key in the merchant's user record, when it differs from `name`. */
  readonly from?: string;
  /**
   * Body entries for the parsed value when it is not `{ [name]: value }` (card expiry → month,
   * year). The proxy's alone: set from the provider's proxy part (`PspProxyPart.toBody`).
   */
  readonly toBody?: BodyEntries;
  /** Card data and voucher PINs: never prefilled, never in events, logs or storage. */
  readonly secret?: true;
}

export type BodyEntries = (value: unknown) => Record<string, unknown>;

/** Mozarto's side of one flow: the proxy's alone. */
export interface FlowDef {
  /** Mozarto's `type` value for this flow. */
  readonly type: 'PAYIN' | 'PAYOUT';
  /** How Mozarto's answer ends the flow. */
  readonly outcome: Outcome;
}

/** A rule across fields (Cleo's currency ↔ country); returns issues keyed by field. */
export type CrossRule = (
  values: Readonly<Record<string, unknown>>,
  ctx: { readonly currency: string; readonly flow: Flow },
) => { readonly field: string; readonly key: ErrorKey; readonly params?: Record<string, string | number> } | undefined;

/** What a method is to the player, for its tile's icon (our own drawings, no brand marks). */
export const METHOD_KINDS = ['card', 'bank', 'interac', 'crypto', 'voucher', 'open_banking'] as const;
export type MethodKind = (typeof METHOD_KINDS)[number];

/**
 * What the player's form needs of a provider, and all the widget knows of it: one declarative
 * file per provider, `./<name>.ts`. The widget imports these alone (`../forms.ts`).
 */
export interface PspForm {
  /** Mozarto's `pspType` code. */
  readonly pspType: string;
  readonly name: string;
  /** Short description for the method tiles: a message key, `psp.<name>.description`. */
  readonly description: DescriptionKey;
  /** The tile's icon; absent: a generic one. */
  readonly kind?: MethodKind;
  /** The flows the provider offers (`true`); the proxy part says how Mozarto runs each. */
  readonly flows: Readonly<Partial<Record<Flow, FlowDef | true>>>;
  /** ISO 4217 codes the provider accepts; the proxy configuration may narrow them. */
  readonly currencies: readonly string[];
  /** The fields the player types (`source: 'user'`), in the order the form shows them. */
  readonly fields: readonly FieldDef[];
  readonly rules?: readonly CrossRule[];
  /**
   * Raw card data passes through the merchant's page (PCI DSS scope): the proxy serves the
   * provider only with `cardEntry: true` (docs/adr/0004-card-entry.md).
   */
  readonly cardEntry?: true;
}

/**
 * The parts of a provider only the proxy reads, `./<name>.proxy.ts`: how Mozarto runs each flow,
 * the fields the proxy fills, how values become body entries, and what the docs leave out. Never
 * imported by the widget, so its bundle carries none of it.
 */
export interface PspProxyPart {
  /**
   * The English of the form's `description` key (at most 60 characters): what the proxy sends in
   * `GET config`, and what the widget shows where the player's language has no text for the key.
   */
  readonly englishDescription?: string;
  readonly flows: Readonly<Partial<Record<Flow, FlowDef>>>;
  /** Fields the proxy fills from the merchant's user record (`profile`) or alone (`server`). */
  readonly fields?: readonly FieldDef[];
  /** Body entries of a player's field, by field name, when they are not `{ [name]: value }`. */
  readonly toBody?: Readonly<Record<string, BodyEntries>>;
  /** Body fields computed from the validated request (e.g. Payone's `currencyCode`). */
  readonly derive?: (ctx: DeriveContext) => Record<string, unknown>;
  /** What the docs leave out and the catalog does not guess (shown in README). */
  readonly gaps?: readonly string[];
}

/** A whole provider, as the proxy's catalog holds it: its form and its proxy part (`definePsp`). */
export interface PspDefinition extends PspForm {
  /** The English of `description` (the proxy part's). */
  readonly englishDescription?: string;
  readonly flows: Readonly<Partial<Record<Flow, FlowDef>>>;
  /** Every field: the player's, then those the proxy fills. */
  readonly fields: readonly FieldDef[];
  readonly derive?: (ctx: DeriveContext) => Record<string, unknown>;
  readonly gaps?: readonly string[];
}

export interface DeriveContext {
  readonly flow: Flow;
  readonly amount: string;
  readonly currency: string;
  /** The validated field values (user, profile, server). */
  readonly values: Readonly<Record<string, unknown>>;
}
