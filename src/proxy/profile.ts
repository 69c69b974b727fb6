/**
 * The player's profile the providers need beyond what the player types (docs/design.md
 * "Server-only fields", docs/adr/0018-events-to-the-merchant.md "The player's profile"): the KYC and
 * risk block Cleo and Worldpay require (§6.2, §6.9) and `gender`. It comes from the merchant,
 * never the browser: from `getUser`'s record, and — fresh at payment time, since a balance and a
 * transaction count change — from the `profile` of the merchant's allowing `authorize` answer,
 * which wins.
 *
 * What a deployment can supply is known at start: a `getUser` may say which fields it returns
 * (`profileFields`; `sessionUser` returns the session token's claims only), and an authorize can
 * answer the block. A provider needing a field neither can supply is not offered (methods.ts).
 */
import type { FieldDef, Flow, PspDefinition } from '../core/psp/types.js';
import { fieldsFor } from '../core/validate.js';
import type { CashierUser } from './options.js';

/** What an allowing authorize answer's `profile` may carry, under the docs' names (§6.2, §6.9). */
export const PROFILE_KEYS = [
  'gender',
  'kycVerified',
  'blocked',
  'isVelocity',
  'transactionCount',
  'userBalance',
  'partnerName',
  'emailVerification',
  'verificationDate',
] as const;
export type ProfileKey = (typeof PROFILE_KEYS)[number];

/** The block as the merchant answers it; each provider's field schema checks the values. */
export type MerchantProfile = Partial<Pick<CashierUser, ProfileKey>>;

/** Server fields the proxy fills itself, not from the merchant: the session's id and the request's IP. */
export const PROXY_FILLED: ReadonlySet<string> = new Set(['userId', 'userIp']);

/** A `getUser` that says which of the user's fields it can return (`sessionUser` does). */
export interface DeclaredGetUser {
  readonly profileFields?: readonly string[];
}

/** The known keys of an answer's `profile` (absent: none); null when it is there and not an object. */
export function readProfile(value: unknown): MerchantProfile | null {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) return null;
  const profile: Record<string, unknown> = {};
  for (const key of PROFILE_KEYS) if (Object.hasOwn(value, key)) profile[key] = (value as Record<string, unknown>)[key];
  return profile as MerchantProfile;
}

/** The merchant-supplied fields a provider needs for a flow, under the user record's names. */
export function neededProfile(def: PspDefinition, flow: Flow): FieldDef[] {
  return fieldsFor(def, flow, ['profile', 'server']).filter((f) => !PROXY_FILLED.has(f.name));
}

/**
 * The required fields of a provider that this deployment cannot supply: not among what `getUser`
 * says it returns (when it says), and not in an authorize answer's block (when there is an authorize).
 */
export function unsuppliedProfile(def: PspDefinition, flow: Flow, sources: { readonly getUser?: readonly string[]; readonly authorize: boolean }): string[] {
  const supplied = (key: string) =>
    sources.getUser === undefined || sources.getUser.includes(key) || (sources.authorize && (PROFILE_KEYS as readonly string[]).includes(key));
  return neededProfile(def, flow)
    .filter((f) => !f.optional)
    .map((f) => f.from ?? f.name)
    .filter((key) => !supplied(key));
}
