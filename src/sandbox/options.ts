/**
 * The sandbox's configuration: what a merchant would set in Mozarto's back office (company
 * credentials, the PSPs configured, each PSP account's `webhookUrl`, `isWebhookSecured` and
 * `siteUrl` — docs/mozarto-api.md §2 "Merchant onboarding", §6.7) plus the sandbox's own timings.
 */
import { assertModelled, PSP_MODELS } from './psps.js';

export interface SandboxOptions {
  /** Expected company JWT (`Authorization: Bearer <companyToken>`, §3). Default `'sandbox-company-token'`. */
  companyToken?: string;
  /** Where webhooks are POSTed (the merchant proxy's `/webhooks/mozarto`); may be set later via `configure()`. */
  webhookUrl?: string;
  /** When set (`isWebhookSecured`), webhooks carry `Authorization: Bearer <secret>` (legacy webhook page's format, §7). */
  webhookSecret?: string;
  /** The merchant return page the hosted payment page sends the player back to (Payone `siteUrl`, §6.7). */
  siteUrl?: string;
  /** Base URL browsers use to reach the sandbox (for `redirect_url`). Default: the listening URL. */
  publicUrl?: string;
  /** PSPs "configured in the back office"; others answer "PSP Configuration not found" (§5). Default: every modelled PSP. */
  enabledPsps?: string[];
  /** Delay before an automatic pay-out outcome webhook. Default 1500 ms. */
  payoutSettleMs?: number;
  /** An undecodable `x-user-token` hangs this long, then answers 504 (§3). Default 2000 ms. */
  userTokenHangMs?: number;
  /** Redeliveries after a failed (non-2xx or timed-out) webhook, with a doubling backoff from 200 ms. Default 3. */
  webhookRetries?: number;
}

export interface ResolvedSandboxOptions {
  companyToken: string;
  webhookUrl: string | undefined;
  webhookSecret: string | undefined;
  siteUrl: string | undefined;
  publicUrl: string | undefined;
  enabledPsps: string[];
  payoutSettleMs: number;
  userTokenHangMs: number;
  webhookRetries: number;
}

export const DEFAULT_SANDBOX_OPTIONS: ResolvedSandboxOptions = {
  companyToken: 'sandbox-company-token',
  webhookUrl: undefined,
  webhookSecret: undefined,
  siteUrl: undefined,
  publicUrl: undefined,
  enabledPsps: Object.keys(PSP_MODELS),
  payoutSettleMs: 1500,
  userTokenHangMs: 2000,
  webhookRetries: 3,
};

/**
 * Applies a patch and checks the result; a bad configuration throws at once rather than
 * surfacing as a confusing failure mid-payment. Keys present with `undefined` clear optional
 * settings (and restore defaults for the others).
 */
export function resolveSandboxOptions(current: ResolvedSandboxOptions, patch: Partial<SandboxOptions>): ResolvedSandboxOptions {
  const next: ResolvedSandboxOptions = { ...current };
  for (const key of Object.keys(DEFAULT_SANDBOX_OPTIONS) as (keyof SandboxOptions)[]) {
    if (!(key in patch)) continue; // other keys (e.g. startSandbox's port) are not options
    const value = patch[key];
    (next as unknown as Record<string, unknown>)[key] = value === undefined ? DEFAULT_SANDBOX_OPTIONS[key] : value;
  }
  if (typeof next.companyToken !== 'string' || !next.companyToken) throw new Error('mozarto sandbox: companyToken must be a non-empty string');
  for (const key of ['webhookUrl', 'siteUrl', 'publicUrl'] as const) {
    if (next[key] !== undefined) assertHttpUrl(key, next[key]);
  }
  if (next.publicUrl) next.publicUrl = next.publicUrl.replace(/\/+$/, '');
  for (const key of ['payoutSettleMs', 'userTokenHangMs', 'webhookRetries'] as const) {
    if (!Number.isInteger(next[key]) || next[key] < 0) throw new Error(`mozarto sandbox: ${key} must be a non-negative integer`);
  }
  if (!Array.isArray(next.enabledPsps)) throw new Error('mozarto sandbox: enabledPsps must be an array of pspType codes');
  next.enabledPsps = [...next.enabledPsps];
  assertModelled(next.enabledPsps);
  return next;
}

function assertHttpUrl(name: string, value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`mozarto sandbox: ${name} must be an absolute URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`mozarto sandbox: ${name} must be an http(s) URL`);
}
