/**
 * The trust boundary for `POST {endpoint}/transactions` (docs/design.md, "The proxy": validate
 * strictly; unknown and server-only keys refused; amount limits and currencies enforced). Every
 * refusal names what is wrong so a developer can fix the request and the widget can put the
 * message back on its field (CONVENTIONS.md, "Validation").
 */
import { checkAmount, type Quote } from '../core/fees.js';
import { CreateTransactionRequest } from '../core/contract.js';
import { en, format, type MessageKey } from '../core/messages/en.js';
import type { FieldDef, Flow, PspDefinition } from '../core/psp/types.js';
import { validateField, validateFields, type FieldIssue } from '../core/validate.js';
import { ProxyError, type ErrorIssueBody } from './http/errors.js';
import type { EnabledMethod, MethodsConfig } from './methods.js';
import { neededProfile } from './profile.js';

export interface ValidRequest {
  readonly method: EnabledMethod;
  readonly flow: Flow;
  /** What the merchant's wallet moves, its fee, and what Mozarto moves (core/fees.ts, ADR 0019). */
  readonly quote: Quote;
  readonly currency: string;
  readonly userFields: Record<string, unknown>;
}

const KEY_HINTS: Record<string, string> = {
  pspType: 'pspType must be a provider code such as "PAYONE".',
  type: 'type must be "payin" or "payout".',
  amount: 'amount must be a decimal string such as "100.00".',
  currency: 'currency must be a three-letter ISO 4217 code such as "EUR".',
  fields: 'fields must be an object of field values.',
};

/** Checks the body's shape with the contract schema; throws `invalid_request` naming the bad key. */
export function parseCreateRequest(body: unknown): CreateTransactionRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ProxyError('invalid_request', 'The request body must be a JSON object with pspType, type, amount, currency and fields.');
  }
  const result = CreateTransactionRequest.safeParse(body);
  // The raw `fields` object, not zod's copy: the copy silently drops an own "__proto__" key
  // (assigning it sets a prototype), which would accept an unknown field unrefused (test/fuzz).
  if (result.success) return { ...result.data, fields: (body as { fields: Record<string, unknown> }).fields };
  const issue = result.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    throw new ProxyError('invalid_request', `Unknown key "${key}" in the request body; expected pspType, type, amount, currency and fields.`, { field: key });
  }
  const key = String(issue?.path[0] ?? '');
  const present = Object.hasOwn(body, key);
  const hint = KEY_HINTS[key] ?? 'The request body does not match the contract.';
  throw new ProxyError('invalid_request', present ? hint : `Missing "${key}": ${hint}`, key ? { field: key } : {});
}

/** Full validation of a create request against the merchant's enabled methods. */
export function validateCreateRequest(body: unknown, config: MethodsConfig): ValidRequest {
  const request = parseCreateRequest(body);
  const flow = request.type;
  const method = config.byFlow[flow].get(request.pspType);
  if (!method) {
    const enabled = [...config.byFlow[flow].keys()].join(', ') || 'none';
    throw new ProxyError('unsupported_method', `${request.pspType} is not enabled for ${flow}; enabled: ${enabled}.`, { field: 'pspType' });
  }
  if (!method.currencies.includes(request.currency)) {
    throw new ProxyError('unsupported_method', `${request.pspType} does not accept ${request.currency} here; accepted: ${method.currencies.join(', ')}.`, {
      field: 'currency',
    });
  }
  // The method's range and fee for the flow: the same check (core/fees.ts) the widget ran.
  const amount = checkAmount(request.amount, method.terms.limits, method.terms.fee, flow);
  if (!amount.ok) {
    const issue = issueBody({ field: 'amount', key: amount.key, params: amount.params ?? {} }, 'label.amount');
    throw new ProxyError('invalid_field', issue.message, { field: 'amount', issues: [issue] });
  }
  // The currency takes part in cross-field rules (Cleo's currency ↔ country, docs/mozarto-api.md §6.2).
  const fields = validateFields(method.def, flow, request.fields, ['user'], request.currency);
  if (!fields.ok) throw fieldError(method.def, fields.issues);
  return { method, flow, quote: amount.quote, currency: request.currency, userFields: fields.values };
}

/**
 * Validates the `profile` and `server` fields the provider needs, read from the merchant's record
 * of the player (`getUser`, then the authorize answer's `profile` over it: profile.ts) under the
 * docs' names (or `from`, e.g. ForumPay's `country` ← `countryCode`). The browser never supplies
 * these, so a missing or invalid one is the deployment's gap, not the player's input: the player
 * is told the method is not available (never "Some details need attention" over a valid form),
 * and `ProfileGap` names the fields for the merchant's log and the transaction's terminal event.
 */
export function profileValues(def: PspDefinition, flow: Flow, profile: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const gaps: string[] = [];
  for (const field of neededProfile(def, flow)) {
    const key = field.from ?? field.name;
    const result = validateField(field, Object.hasOwn(profile, key) ? profile[key] : undefined);
    if (!result.ok) gaps.push(`${key} (${Object.hasOwn(profile, key) ? 'invalid' : 'missing'})`);
    else if (result.value !== undefined) values[field.name] = result.value;
  }
  if (gaps.length) throw new ProfileGap(def.pspType, gaps);
  return values;
}

/** The player's profile lacks what a provider needs: the deployment's gap (a 503 the widget shows as "not available"). */
export class ProfileGap extends ProxyError {
  override name = 'ProfileGap';
  /** `kycVerified (missing)`, `verificationDate (invalid)`: the names, never the values. */
  readonly gaps: readonly string[];
  constructor(pspType: string, gaps: readonly string[]) {
    super('unsupported_method', `${pspType} is not available for this account: the merchant did not supply ${gaps.join(', ')}.`, {
      status: 503,
      retryable: false,
    });
    this.gaps = gaps;
  }
}

function fieldError(def: PspDefinition, issues: readonly FieldIssue[]): ProxyError {
  const bodies = issues.map((issue) => issueBody(issue, def.fields.find((f: FieldDef) => f.name === issue.field)?.label));
  return new ProxyError(
    'invalid_field',
    bodies.length === 1 ? bodies[0]!.message : `${bodies.length} fields are not valid: ${bodies.map((b) => b.field).join(', ')}.`,
    {
      field: bodies[0]!.field,
      issues: bodies,
    },
  );
}

/** `{ field, code: <message key>, message: <English text with {label} filled> }` */
export function issueBody(issue: FieldIssue, labelKey: string | undefined): ErrorIssueBody {
  const label = labelKey && labelKey in en ? en[labelKey as MessageKey] : (labelKey ?? issue.field);
  const template = en[issue.key] ?? en['error.invalid'];
  return { field: issue.field, code: issue.key, message: format(template, { label, ...(issue.params ?? {}) }) };
}
