/**
 * The admin API's inputs, read with zod (`zod/mini`): the search's query string, the resolve's
 * body, the export's range. Each problem is one specific sentence for a 400, never a 5xx.
 */
import * as z from 'zod/mini';
import { FLOWS } from '../../core/psp/types.js';
import { isStatus, STATUSES } from '../../core/status.js';
import { RESOLVED_STATUSES, type HistoryPosition, type TransactionQuery } from '../store/store.js';

const AMOUNT = /^\d{1,12}(\.\d{1,2})?$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z)?$/;
const text = (max: number, what: string) =>
  z.string().check(z.minLength(1, `${what} must not be empty`), z.maxLength(max, `${what} is at most ${max} characters`));

/** A date (`2026-01-31`) or an instant in UTC (`2026-01-31T12:00:00Z`) as the stores' ISO text. */
const instant = (what: string) =>
  z.pipe(
    z.string().check(z.regex(INSTANT, `${what} must be a date (2026-01-31) or a UTC time (2026-01-31T12:00:00Z)`)),
    z.transform((v, ctx) => {
      const at = new Date(v.length === 10 ? `${v}T00:00:00.000Z` : v);
      if (Number.isNaN(at.getTime())) {
        ctx.issues.push({ code: 'custom', message: `${what} is not a real date: ${v}`, input: v });
        return '';
      }
      return at.toISOString();
    }),
  );

const searchSchema = z.object({
  status: z.optional(
    z.pipe(
      z.string(),
      z.transform((v, ctx) => {
        const list = v.split(',').map((s) => s.trim());
        const bad = list.filter((s) => !isStatus(s));
        if (bad.length)
          ctx.issues.push({ code: 'custom', message: `status must be among ${STATUSES.join(', ')}; got ${bad.join(', ').slice(0, 80)}`, input: v });
        return list.filter(isStatus);
      }),
    ),
  ),
  user: z.optional(text(128, 'user')),
  provider: z.optional(z.string().check(z.regex(/^[A-Z][A-Z0-9_]{0,39}$/, 'provider must be a pspType in capitals, e.g. PAYONE'))),
  flow: z.optional(z.enum(FLOWS, `flow must be ${FLOWS.join(' or ')}`)),
  minAmount: z.optional(z.string().check(z.regex(AMOUNT, 'minAmount must be a decimal amount such as 10 or 10.50'))),
  maxAmount: z.optional(z.string().check(z.regex(AMOUNT, 'maxAmount must be a decimal amount such as 10 or 10.50'))),
  from: z.optional(instant('from')),
  to: z.optional(instant('to')),
  olderThanMinutes: z.optional(z.string().check(z.regex(/^\d{1,7}$/, 'olderThanMinutes must be a whole number of minutes'))),
  limit: z.optional(z.string().check(z.regex(/^([1-9]\d{0,2}|1000)$/, 'limit must be a whole number from 1 to 1000'))),
  cursor: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,200}$/, 'cursor must be the `next` of an earlier page'))),
});

/** Where the next page starts, as an opaque text for the query string. */
export function encodeCursor(position: HistoryPosition): string {
  return btoa(JSON.stringify([position.createdAt, position.id]))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function decodeCursor(cursor: string): HistoryPosition | null {
  try {
    const value: unknown = JSON.parse(atob(cursor.replace(/-/g, '+').replace(/_/g, '/')));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string' && INSTANT.test(value[0])) {
      return { createdAt: value[0], id: value[1] };
    }
  } catch {
    // told by the caller
  }
  return null;
}

const firstProblem = (error: z.core.$ZodError): string => {
  const issue = error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return issue.message.startsWith(String(issue.path[0] ?? '\u0000')) ? issue.message : `${where}${issue.message}`;
};

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const KNOWN = new Set(Object.keys(searchSchema.shape));

/** The search's query string (admin API `GET transactions`) as a store query, or the first problem. */
export function readSearch(params: URLSearchParams, now: Date, defaultLimit = 50): Parsed<TransactionQuery> {
  const input: Record<string, string> = {};
  for (const [key, value] of params) {
    if (!KNOWN.has(key)) return { ok: false, message: `Unknown query parameter ${JSON.stringify(key.slice(0, 40))}; known: ${[...KNOWN].join(', ')}` };
    if (key in input) return { ok: false, message: `${key} is given twice` };
    input[key] = value;
  }
  const result = searchSchema.safeParse(input);
  if (!result.success) return { ok: false, message: firstProblem(result.error) };
  const q = result.data;
  if (q.minAmount !== undefined && q.maxAmount !== undefined && Number(q.minAmount) > Number(q.maxAmount))
    return { ok: false, message: 'minAmount must not be above maxAmount' };
  if (q.from !== undefined && q.to !== undefined && q.from >= q.to) return { ok: false, message: 'from must be before to' };
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
  if (after === null) return { ok: false, message: 'cursor must be the `next` of an earlier page' };
  const olderThan = q.olderThanMinutes === undefined ? undefined : new Date(now.getTime() - Number(q.olderThanMinutes) * 60_000).toISOString();
  const before = [q.to, olderThan].filter((v): v is string => v !== undefined).sort()[0];
  return {
    ok: true,
    value: {
      ...(q.status?.length ? { statuses: q.status } : {}),
      ...(q.user !== undefined ? { userId: q.user } : {}),
      ...(q.provider !== undefined ? { pspType: q.provider } : {}),
      ...(q.flow !== undefined ? { flow: q.flow } : {}),
      ...(q.minAmount !== undefined ? { minAmount: q.minAmount } : {}),
      ...(q.maxAmount !== undefined ? { maxAmount: q.maxAmount } : {}),
      ...(q.from !== undefined ? { createdFrom: q.from } : {}),
      ...(before !== undefined ? { createdBefore: before } : {}),
      ...(after ? { after } : {}),
      limit: q.limit === undefined ? defaultLimit : Number(q.limit),
    },
  };
}

/** Why, in an operator's words, for the audit log: the same rule for a resolve and a re-delivery. */
const reasonSchema = (why: string, example: string) =>
  z
    .pipe(
      z.string(`reason is required: ${why} (${example})`),
      z.transform((v) => v.trim()),
    )
    .check(z.minLength(10, `reason must say why in at least 10 characters (${example})`), z.maxLength(1000, 'reason is at most 1000 characters'));

const resolveSchema = z.object({
  status: z.enum(RESOLVED_STATUSES, `status must be one of ${RESOLVED_STATUSES.join(', ')}`),
  expectedStatus: z.enum(STATUSES, 'expectedStatus must be the status the transaction had when you decided (e.g. review)'),
  reason: reasonSchema('why this status', 'what you checked, e.g. in Mozarto’s back office'),
});

export type ResolveBody = z.output<typeof resolveSchema>;

/** The resolve's JSON body, or the first problem. */
export function readResolve(body: unknown): Parsed<ResolveBody> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, message: 'The body must be a JSON object { status, expectedStatus, reason }' };
  const result = resolveSchema.safeParse(body);
  return result.success ? { ok: true, value: result.data } : { ok: false, message: firstProblem(result.error) };
}

const redeliverSchema = z.object({ reason: reasonSchema('why send it again', 'e.g. the endpoint is fixed') });

/** The re-delivery's JSON body `{ reason }`, or the first problem. */
export function readRedeliver(body: unknown): Parsed<z.output<typeof redeliverSchema>> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, message: 'The body must be a JSON object { reason }' };
  const result = redeliverSchema.safeParse(body);
  return result.success ? { ok: true, value: result.data } : { ok: false, message: firstProblem(result.error) };
}
