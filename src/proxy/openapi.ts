/**
 * The widget↔proxy contract as an OpenAPI 3.1 document (ADR 0016), for a merchant who implements
 * the proxy in another language or generates a client. Nothing here is written twice: the bodies
 * are core's zod schemas turned into JSON Schema 2020-12 by zod itself (`z.toJSONSchema`), the
 * error codes, statuses and `retryable` defaults come from ERROR_TABLE (http/errors.ts), the
 * header patterns from the code that checks them. What is left to say here is which route answers
 * what — and test/e2e/openapi.test.ts holds the standalone server's real answers to it.
 *
 * `npm run build` writes it to dist/openapi.json (scripts/openapi.ts); the package exports it as
 * `mozarto-cashier/openapi.json`. It is not part of the proxy bundle.
 */
import * as z from 'zod/mini';
import {
  CONTRACT_VERSION,
  ConfigResponse,
  CreateTransactionRequest,
  CreateTransactionResponse,
  ERROR_CODES,
  ErrorIssue,
  ErrorResponse,
  FlowSchema,
  MethodInfo,
  OutcomeKindSchema,
  Refusal,
  StatusSchema,
  TransactionStatusResponse,
  type ErrorCode,
} from '../core/contract.js';
import { TransactionListResponse } from '../core/history.js';
import { ERROR_TABLE } from './http/errors.js';
import { MAX_JSON_DEPTH } from './http/http.js';
import { IDEMPOTENCY_KEY } from './idempotency.js';
import { CLIENT_REQUEST_ID, TRANSACTION_ID } from './ids.js';
import { DEFAULT_PAGE, MAX_PAGE } from './routes/list-transactions.js';
import { DEFAULT_SESSION_COOKIE } from './session.js';

type Json = Record<string, unknown>;

/**
 * One frame of `GET transactions/{id}/events` once parsed (the SSE fields by name, `data` read as
 * JSON): `event: status` with a TransactionStatusResponse, or the `: ping` comment. No frame
 * carries `id:` or `retry:`: a reconnecting EventSource gets the current status first anyway.
 */
export const StatusEventFrame = z.strictObject({ event: z.literal('status'), data: TransactionStatusResponse });
export const PingFrame = z.strictObject({ comment: z.literal('ping') });

/**
 * The webhook body as the proxy reads it (docs/mozarto-api.md §7, `readWebhook` in
 * mozarto/mozarto-webhook.ts): any JSON object; these keys are used (strings, or numbers). Kept
 * with the event are these and `psp_transaction_id` and the raw `status`, nothing else
 * (`storedWebhookPayload`); `amount` and `user_id`, and `currency` but for Payone, must be there
 * or the transaction goes to review (`REQUIRED_FACTS`, ADR 0017). test/e2e/openapi.test.ts
 * checks `readWebhook` reads each.
 */
const webhookText = z.union([z.string(), z.number()]);
export const MozartoWebhook = z.looseObject({
  transaction_id: z.optional(webhookText),
  merchantReference: z.optional(z.string()),
  transaction_status: z.optional(z.string()),
  user_id: z.optional(webhookText),
  amount: z.optional(webhookText),
  currency: z.optional(z.string()),
  message: z.optional(z.string()),
});

export const WebhookAck = z.strictObject({ received: z.literal(true) });

/** The schemas under components.schemas, by name; references between them become `$ref`s. */
const SCHEMAS = {
  Flow: FlowSchema,
  Status: StatusSchema,
  OutcomeKind: OutcomeKindSchema,
  CreateTransactionRequest,
  CreateTransactionResponse,
  TransactionStatusResponse,
  TransactionListResponse,
  MethodInfo,
  ConfigResponse,
  ErrorIssue,
  Refusal,
  ErrorResponse,
  StatusEventFrame,
  PingFrame,
  MozartoWebhook,
  WebhookAck,
} as const;

const ref = (name: keyof typeof SCHEMAS | 'ErrorCode') => ({ $ref: `#/components/schemas/${name}` });

/** JSON Schema 2020-12 of every schema above, by zod, as OpenAPI 3.1 components. */
function componentSchemas(): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(SCHEMAS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'output',
    uri: (id) => `#/components/schemas/${id}`,
    // `text()` in core/contract.ts leaves a string unbounded with maxLength(Infinity), which JSON cannot say.
    override: ({ jsonSchema }) => {
      const s = jsonSchema as Json;
      if (s.maxLength === Infinity) delete s.maxLength;
      if (s.minLength === 0) delete s.minLength;
    },
  }) as { schemas: Record<string, Json> };
  for (const schema of Object.values(schemas)) {
    // The document's jsonSchemaDialect says it once; a fragment-only $id is not an id.
    delete schema.$schema;
    delete schema.$id;
  }
  return schemas;
}

/** The closed list of codes, each with its status, default `retryable` and meaning. */
function errorCodeSchema(): Json {
  return {
    description:
      'The closed list of error codes (`ERROR_CODES`). `x-status` is the HTTP status the code travels with (405 and 415 are `invalid_request` too), `x-retryable` its default `retryable`: the answer’s own `retryable` is the one to follow. `network` and `bad_response` are the widget’s own, never sent.',
    type: 'string',
    oneOf: ERROR_CODES.map((code) => {
      const info = ERROR_TABLE[code];
      return {
        const: code,
        description: info.meaning,
        'x-status': info.status,
        'x-retryable': info.retryable,
        ...(info.clientOnly ? { 'x-client-only': true } : {}),
      };
    }),
  };
}

const header = (description: string, schema: Json = { type: 'string' }, required = false): Json => ({ description, required, schema });

const HEADERS: Record<string, Json> = {
  'X-Request-Id': header(
    'On every answer: the request id the log lines carry. A well-formed `X-Request-Id` sent by the caller is kept, else a new one.',
    { type: 'string' },
    true,
  ),
  'Cache-Control': header('Payment state is never cached: `no-store` on JSON answers, `no-cache` on the event stream.', { type: 'string' }, true),
  'X-Content-Type-Options': header('Always `nosniff`.', { const: 'nosniff' }, true),
  Vary: header('`Origin` on the browser routes: the answer depends on it.', { type: 'string' }),
  'Retry-After': header('Seconds to wait before trying again.', { type: 'string', pattern: '^[0-9]+$' }, true),
  'Idempotent-Replayed': header('`true` when this is the stored answer of an earlier request with the same Idempotency-Key.', { const: 'true' }),
  Allow: header('The methods the route takes.', { type: 'string' }, true),
  'Access-Control-Allow-Origin': header('The calling origin, echoed, when it is an allowed other origin (never `*`).', { type: 'string' }),
  'Access-Control-Allow-Credentials': header('`true` with an allowed other origin: the widget may send cookies.', { const: 'true' }),
  'Access-Control-Expose-Headers': header('`x-request-id, idempotent-replayed, retry-after`.', { type: 'string' }),
  'Access-Control-Allow-Headers': header(
    'The request headers the widget may send: content-type, idempotency-key, x-request-id and authorization (or the forwarded user header).',
    { type: 'string' },
  ),
  'Access-Control-Max-Age': header('How long a browser may keep the preflight answer, in seconds (600).', { type: 'string', pattern: '^[0-9]+$' }),
};

/** Response headers every answer of a browser route may carry. */
const browserHeaders = (): Json => ({
  'Cache-Control': { $ref: '#/components/headers/Cache-Control' },
  'X-Content-Type-Options': { $ref: '#/components/headers/X-Content-Type-Options' },
  ...corsHeaders(),
});
/** The request id and the CORS answer (the preflight has nothing else). */
const corsHeaders = (): Json => ({
  'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' },
  Vary: { $ref: '#/components/headers/Vary' },
  'Access-Control-Allow-Origin': { $ref: '#/components/headers/Access-Control-Allow-Origin' },
  'Access-Control-Allow-Credentials': { $ref: '#/components/headers/Access-Control-Allow-Credentials' },
  'Access-Control-Expose-Headers': { $ref: '#/components/headers/Access-Control-Expose-Headers' },
  'Access-Control-Allow-Headers': { $ref: '#/components/headers/Access-Control-Allow-Headers' },
  'Access-Control-Max-Age': { $ref: '#/components/headers/Access-Control-Max-Age' },
});
const serverHeaders = (): Json => ({
  'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' },
  'Cache-Control': { $ref: '#/components/headers/Cache-Control' },
  'X-Content-Type-Options': { $ref: '#/components/headers/X-Content-Type-Options' },
});

const json = (schema: Json) => ({ 'application/json': { schema } });

/** Where an extra status carries a code away from its usual one. */
interface ExtraStatus {
  readonly status: number;
  readonly code: ErrorCode;
  readonly why: string;
}
const METHOD_NOT_ALLOWED: ExtraStatus = { status: 405, code: 'invalid_request', why: 'the route does not take this method (`Allow` lists those it takes)' };
const PROFILE_GAP: ExtraStatus = {
  status: 503,
  code: 'unsupported_method',
  why: "the merchant did not supply the player's profile the provider needs (nothing was sent to Mozarto)",
};
const NOT_JSON: ExtraStatus = { status: 415, code: 'invalid_request', why: 'the body is not `application/json`' };

/** The error answers of one operation: its codes grouped by status, each status's `code` narrowed to them. */
function errorResponses(codes: readonly ErrorCode[], extra: readonly ExtraStatus[], headers: () => Json): Record<string, Json> {
  const byStatus = new Map<number, { codes: ErrorCode[]; why: string[] }>();
  const add = (status: number, code: ErrorCode, why?: string) => {
    const entry = byStatus.get(status) ?? { codes: [], why: [] };
    if (!entry.codes.includes(code)) entry.codes.push(code);
    if (why) entry.why.push(why);
    byStatus.set(status, entry);
  };
  for (const code of codes) add(ERROR_TABLE[code].status, code);
  for (const e of extra) add(e.status, e.code, e.why);
  const out: Record<string, Json> = {};
  for (const [status, { codes: list, why }] of [...byStatus].sort(([a], [b]) => a - b)) {
    const responseHeaders: Json = headers();
    if (status === 405) responseHeaders.Allow = { $ref: '#/components/headers/Allow' };
    if (status === 429) responseHeaders['Retry-After'] = { $ref: '#/components/headers/Retry-After' };
    out[String(status)] = {
      description: `${list.map((c) => `\`${c}\``).join(', ')}${why.length ? `: ${why.join('; ')}` : ''}.`,
      headers: responseHeaders,
      content: json({
        allOf: [
          ref('ErrorResponse'),
          { type: 'object', properties: { error: { type: 'object', properties: { code: { enum: list } } } } },
          ...(list.includes('refused') ? [{ type: 'object', properties: { error: { type: 'object', required: ['refusal'] } } }] : []),
        ],
      }),
    };
  }
  return out;
}

const SECURITY_PLAYER = [{ sessionBearer: [] }, { sessionCookie: [] }];
const BROWSER_ERRORS: readonly ErrorCode[] = ['forbidden_origin', 'internal'];
const PLAYER_ERRORS: readonly ErrorCode[] = [...BROWSER_ERRORS, 'unauthorized'];

const param = {
  origin: {
    name: 'Origin',
    in: 'header',
    required: false,
    description:
      'Sent by browsers. Only the proxy’s own origin (scheme and Host) is allowed unless `allowedOrigins` lists others (then answered with CORS and credentials); any other is a 403 `forbidden_origin`. The opaque `null` origin is never allowed.',
    schema: { type: 'string' },
  },
  requestId: {
    name: 'X-Request-Id',
    in: 'header',
    required: false,
    description: 'Kept as the request id when well-formed (tracing through a gateway); otherwise the proxy makes one.',
    schema: { type: 'string', pattern: CLIENT_REQUEST_ID.source },
  },
  idempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: true,
    description:
      'New for each payment attempt. The same key with the same body replays the first answer (status, body and `Idempotent-Replayed: true`) and never creates a second transaction; with another body it is a 409 `idempotency_conflict`. A refusal before any transaction exists (validation, rate limit, `authorize`) and a retryable error that proves nothing was created free the key. Missing or malformed: 400 `invalid_request` with `field: "Idempotency-Key"`.',
    schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source },
  },
  transactionId: {
    name: 'id',
    in: 'path',
    required: true,
    description: 'The `transactionId` of the create answer. Another user’s id and an unknown one are the same 404.',
    schema: { type: 'string', pattern: TRANSACTION_ID.source },
  },
} as const;

/** The CORS preflight of a browser route. */
function preflight(methods: string): Json {
  return {
    summary: 'CORS preflight',
    description: `Answered for an allowed origin with \`Access-Control-Allow-Methods: ${methods}\`, the request headers the widget sends (content-type, idempotency-key, x-request-id and authorization, or the forwarded user header) and \`Access-Control-Max-Age: 600\`. No session is needed.`,
    security: [],
    parameters: [param.origin],
    responses: {
      '204': {
        description: 'The origin may call this route.',
        headers: {
          ...corsHeaders(),
          'Access-Control-Allow-Methods': header('The methods the route takes.', { const: methods }, true),
        },
      },
      ...errorResponses(['forbidden_origin'], [], browserHeaders),
    },
  };
}

function paths(): Json {
  return {
    '/config': {
      get: {
        operationId: 'getConfig',
        summary: 'The methods, limits and presets the widget offers',
        description:
          'Not user-specific: no session is needed to render the form. Each method carries its own limits, fee and presets for the flow where they differ from the top-level ones.',
        security: [],
        parameters: [param.origin, param.requestId],
        responses: {
          '200': { description: 'The configuration.', headers: browserHeaders(), content: json(ref('ConfigResponse')) },
          ...errorResponses(BROWSER_ERRORS, [METHOD_NOT_ALLOWED], browserHeaders),
        },
      },
      options: preflight('GET'),
    },
    '/transactions': {
      post: {
        operationId: 'createTransaction',
        summary: 'Start a pay-in or pay-out',
        description: `Validates strictly (unknown and server-only fields refused, control and bidi characters refused, JSON nested deeper than ${MAX_JSON_DEPTH} levels refused), dedupes by Idempotency-Key, stores the transaction, asks the merchant's \`authorize\` (or authorize URL) with its id as \`authorizationId\`, calls Mozarto and answers the outcome. \`redirect\`: send the player to \`redirectUrl\` (https only, on an allowed host); \`await\`: follow the status; \`sync\`: the status is final already.`,
        security: SECURITY_PLAYER,
        parameters: [param.idempotencyKey, param.origin, param.requestId],
        requestBody: { required: true, content: json(ref('CreateTransactionRequest')) },
        responses: {
          '201': {
            description: 'Mozarto took the request.',
            headers: { ...browserHeaders(), 'Idempotent-Replayed': { $ref: '#/components/headers/Idempotent-Replayed' } },
            content: json(ref('CreateTransactionResponse')),
          },
          '202': {
            description:
              'The request may have reached Mozarto, but its outcome cannot be known (a timeout or a dropped connection after sending, a 5xx, an unreadable answer): the transaction is `unknown`, the key stays bound to it (a retry replays this and never calls Mozarto again), and a webhook settles it. Follow the status.',
            headers: { ...browserHeaders(), 'Idempotent-Replayed': { $ref: '#/components/headers/Idempotent-Replayed' } },
            content: json({
              allOf: [ref('CreateTransactionResponse'), { type: 'object', properties: { status: { const: 'unknown' }, outcome: { const: 'await' } } }],
            }),
          },
          ...errorResponses(
            [
              ...PLAYER_ERRORS,
              'invalid_request',
              'invalid_field',
              'unsupported_method',
              'declined',
              'idempotency_conflict',
              'payload_too_large',
              'refused',
              'authorize_unavailable',
              'rate_limited',
              'upstream_unauthorized',
              'upstream_rejected',
              'psp_not_configured',
              'rules_not_matched',
              'psp_credentials',
              'psp_timeout',
              'psp_unavailable',
              'psp_rate_limited',
              'psp_error',
              'upstream_error',
              'upstream_timeout',
            ],
            [METHOD_NOT_ALLOWED, NOT_JSON, PROFILE_GAP],
            () => ({ ...browserHeaders(), 'Idempotent-Replayed': { $ref: '#/components/headers/Idempotent-Replayed' } }),
          ),
        },
      },
      get: {
        operationId: 'listTransactions',
        summary: "The player's own transactions, newest first",
        description: 'A page at a time; pass `nextCursor` back as `cursor` for the next. The user always comes from the session, whatever the cursor.',
        security: SECURITY_PLAYER,
        parameters: [
          {
            name: 'limit',
            in: 'query',
            required: false,
            description: `Page size, default ${DEFAULT_PAGE}.`,
            schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE },
          },
          { name: 'cursor', in: 'query', required: false, description: 'Opaque: a `nextCursor` as it was given.', schema: { type: 'string', maxLength: 200 } },
          param.origin,
          param.requestId,
        ],
        responses: {
          '200': { description: 'One page.', headers: browserHeaders(), content: json(ref('TransactionListResponse')) },
          ...errorResponses([...PLAYER_ERRORS, 'invalid_request'], [METHOD_NOT_ALLOWED], browserHeaders),
        },
      },
      options: preflight('GET, POST'),
    },
    '/transactions/{id}': {
      parameters: [param.transactionId],
      get: {
        operationId: 'getTransactionStatus',
        summary: 'The status of one of the player’s transactions',
        description: 'Mozarto has no status query: this answers from the proxy’s own record of its webhooks. Poll it, or follow the event stream.',
        security: SECURITY_PLAYER,
        parameters: [param.origin, param.requestId],
        responses: {
          '200': { description: 'The status.', headers: browserHeaders(), content: json(ref('TransactionStatusResponse')) },
          ...errorResponses([...PLAYER_ERRORS, 'not_found'], [METHOD_NOT_ALLOWED], browserHeaders),
        },
      },
      options: preflight('GET'),
    },
    '/transactions/{id}/events': {
      parameters: [param.transactionId],
      get: {
        operationId: 'streamTransactionStatus',
        summary: 'The status of one transaction as Server-Sent Events',
        description:
          'Same session and ownership as `GET /transactions/{id}`: errors come as JSON before any stream. Then `text/event-stream`: at once an `event: status` frame whose `data:` is the current TransactionStatusResponse as one line of JSON, then one on every change of status or message, a `: ping` comment every `eventsPingMs` (15 s by default); the stream closes right after a final status (approved, declined, failed, rejected, review). Frames carry no `id:` and no `retry:`: an EventSource reconnects after its own delay and is sent the current status first. At most `maxEventStreamsPerUser` streams per player and instance (429 beyond).',
        security: SECURITY_PLAYER,
        parameters: [param.origin, param.requestId],
        responses: {
          '200': {
            description:
              'The stream. Each frame, parsed (`event` and `data` by name, `data` read as JSON; a comment as `comment`), is a StatusEventFrame or a PingFrame.',
            headers: {
              ...browserHeaders(),
              'X-Accel-Buffering': header('`no`: tells buffering reverse proxies to pass events through at once.', { const: 'no' }),
            },
            content: {
              'text/event-stream': {
                schema: { type: 'string', description: 'Frames separated by a blank line: `event: status\\ndata: {…}\\n\\n` or `: ping\\n\\n`.' },
                'x-frame-schema': { oneOf: [ref('StatusEventFrame'), ref('PingFrame')] },
                examples: {
                  settled: {
                    summary: 'A pay-out followed to its end',
                    value:
                      'event: status\ndata: {"transactionId":"tx_5d1c0e6f2a3b4c5d6e7f8091","status":"pending","type":"payout","pspType":"PAYONE","amount":"10.00","currency":"EUR","updatedAt":"2026-12-01T10:00:00.000Z"}\n\n: ping\n\nevent: status\ndata: {"transactionId":"tx_5d1c0e6f2a3b4c5d6e7f8091","status":"approved","type":"payout","pspType":"PAYONE","amount":"10.00","currency":"EUR","updatedAt":"2026-12-01T10:00:02.000Z"}\n\n',
                  },
                },
              },
            },
          },
          ...errorResponses([...PLAYER_ERRORS, 'not_found', 'rate_limited'], [METHOD_NOT_ALLOWED], browserHeaders),
        },
      },
      options: preflight('GET'),
    },
    '/webhooks/mozarto': {
      post: {
        operationId: 'receiveMozartoWebhook',
        summary: 'Mozarto’s status notification (server to server)',
        description:
          'Not for browsers: no Origin check. Matched by `transaction_id`, else by `merchantReference` (our transaction id); `amount`, `currency` and `user_id` are compared with the transaction (a mismatch puts it in `review`). Duplicates and out-of-order deliveries never move a final status. An unknown transaction is acknowledged and kept. Answered at once; the merchant’s `onOutcome` runs after.',
        security: [{ webhookBearer: [] }],
        parameters: [param.requestId],
        requestBody: { required: true, content: json(ref('MozartoWebhook')) },
        responses: {
          '200': {
            description: 'Taken (also for an unknown transaction, so that Mozarto stops retrying).',
            headers: serverHeaders(),
            content: json(ref('WebhookAck')),
          },
          ...errorResponses(['invalid_request', 'unauthorized', 'payload_too_large', 'internal'], [METHOD_NOT_ALLOWED, NOT_JSON], serverHeaders),
        },
      },
    },
    '/healthz': {
      servers: [
        { url: '{origin}', description: 'The standalone server only, outside the base path.', variables: { origin: { default: 'http://127.0.0.1:8787' } } },
      ],
      get: {
        operationId: 'health',
        summary: 'Liveness of the standalone server (for load balancers)',
        security: [],
        responses: {
          '200': {
            description: '`ok`, whatever the configuration.',
            headers: { 'Cache-Control': { $ref: '#/components/headers/Cache-Control' } },
            content: { 'text/plain': { schema: { type: 'string', const: 'ok\n' } } },
          },
        },
      },
    },
  };
}

/** The document; `version` is the package's. */
export function openApiDocument(version: string): Json {
  return {
    openapi: '3.1.1',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'mozarto-cashier proxy',
      version,
      summary: `The routes the <mozarto-cashier> widget calls, and Mozarto's webhook (contract version ${CONTRACT_VERSION}).`,
      description:
        "What a merchant proxy must answer for the widget to work, whatever it is written in. Every answer carries `X-Request-Id`; JSON answers are `Cache-Control: no-store`. Errors are `{ error: { code, message, retryable, requestId, field?, issues?, refusal? } }` with a code from the closed list `ErrorCode`; a path that is not a route is a 404 `not_found`, a method a route does not take a 405. GET routes answer HEAD alike. Generated from the package's zod schemas (ADR 0016).",
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [
      {
        url: '{origin}{basePath}',
        description: 'The proxy: the standalone server (`npx mozarto-cashier-proxy`) or `proxy.handle` mounted in your server.',
        variables: {
          origin: { default: 'http://127.0.0.1:8787' },
          basePath: { default: '/api/cashier', description: 'The `basePath` option (`CASHIER_BASE_PATH`).' },
        },
      },
    ],
    security: SECURITY_PLAYER,
    paths: paths(),
    components: {
      schemas: { ...componentSchemas(), ErrorCode: errorCodeSchema() },
      headers: HEADERS,
      securitySchemes: {
        sessionBearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "The standalone server's player session: a short-lived HS256 token `{ sub, email?, firstName?, lastName?, phone?, countryCode?, exp }` the merchant's site signs with `CASHIER_SESSION_SECRET` (ADR 0005). A proxy mounted in your own server asks your `getUser` instead. None or a bad one: 401 `unauthorized`.",
        },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: DEFAULT_SESSION_COOKIE,
          description:
            'The same token in a cookie (`CASHIER_SESSION_COOKIE`), which same-origin fetches and EventSource send; for a proxy on another origin the widget needs `credentials="include"` and the origin listed in `allowedOrigins`.',
        },
        webhookBearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'Mozarto’s `Authorization: Bearer <webhookSecret>` (`isWebhookSecured`), compared in constant time. Missing or wrong: 401, and nothing changes.',
        },
      },
    },
  };
}
