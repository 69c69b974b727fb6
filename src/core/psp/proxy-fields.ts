/**
 * Builders of the fields the proxy fills from the merchant's user lookup or alone (docs/design.md
 * "Server-only fields"), and the body entries of player fields whose value is not sent as typed.
 * Only the providers' proxy parts (`./<name>.proxy.ts`) import this module.
 */
import * as z from 'zod/mini';
import type { LabelKey } from '../messages/en.js';
import { expiry, isoDate, pattern, text } from './fields.js';
import type { BodyEntries, FieldDef, FieldSource } from './types.js';

const from = (source: FieldSource, name: string, schema: z.ZodMiniType, label: LabelKey | undefined, optional?: boolean, key?: string): FieldDef => ({
  name,
  source,
  ...(label ? { label } : {}),
  schema,
  ...(optional ? { optional: true } : {}),
  ...(key ? { from: key } : {}),
});

/** A value only the proxy sets: no label, its messages name it by `name`. */
export const server = (name: string, schema: z.ZodMiniType, optional?: boolean): FieldDef => from('server', name, schema, undefined, optional);
export const profile = (name: string, schema: z.ZodMiniType, label: LabelKey, optional?: boolean, key?: string): FieldDef =>
  from('profile', name, schema, label, optional, key);

export const bool = z.boolean('error.required');
const country = pattern(2, /^[A-Z]{2}$/, 'error.country');

/** `countryCode` (ISO 3166-1 alpha-2) from the user record (§3 payload, §6.9, §6.10). */
export const countryCode = (optional?: boolean, name = 'countryCode'): FieldDef => profile(name, country, 'label.country', optional, 'countryCode');

/** The KYC and risk block Cleo, Worldpay (and Trust V1) require (§6.2, §6.9), all server-only. */
export const kycFields = (): FieldDef[] => [
  server('kycVerified', bool),
  server('blocked', bool),
  server('isVelocity', bool),
  // §6.2 "transactionCount … number of prior transactions (as string)".
  server('transactionCount', pattern(12, /^\d+$/, 'error.invalid')),
  server('userBalance', z.number('error.required')),
  server('partnerName', text(100)),
  server('emailVerification', text(254)),
  server('verificationDate', isoDate),
];

export const gender = (): FieldDef => profile('gender', text(16), 'label.gender');

/** The card fields' body entries (§6.10): the checked expiry "12/2030" → `card.expMonth` "12", `card.expYear` "2030". */
export const CARD_BODY: Readonly<Record<string, BodyEntries>> = {
  'card.expiry': (v) => {
    const [year, month] = expiry(String(v)).split('-');
    return { 'card.expMonth': month, 'card.expYear': year };
  },
};
