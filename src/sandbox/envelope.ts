/**
 * Mozarto's response bodies (docs/mozarto-api.md §5 "Response envelope and errors"), copied from the
 * docs' own examples. The docs use three error shapes and the sandbox keeps all three, because
 * the proxy has to map every one of them:
 *
 * - `errors[]`   — 400 validation, 401 unauthorized ("Error body", §5);
 * - `data` string — "PSP Configuration not found" (400) and the generic 500 (§5 table);
 * - `errorCode`  — normalized PSP transport errors ("Normalized PSP transport errors", §5).
 */

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

/** `{ status: "success", message, isSuccess: true, data }` (§5 "Success envelope"). */
export function success(message: string, data: Record<string, unknown>): Response {
  return json(200, { status: 'success', message, isSuccess: true, data });
}

/** `{ status: "error", message, isSuccess: false, errors: [...] }` (§5 "Error body"). */
export function error(status: number, message: string, errors: string[] = []): Response {
  return json(status, { status: 'error', message, isSuccess: false, errors });
}

/** Missing/invalid company Bearer token, or no user header (§3, §5 "Invalid token"). */
export function unauthorized(): Response {
  return error(401, 'Unauthorized');
}

/** §5 "Validation failed": every failing rule, not only the first. */
export function validationFailed(errors: string[]): Response {
  return error(400, 'Validation failed', errors);
}

/** §5 "PSP not configured": `data` is a string and there is no `errors` (the typo is Mozarto's). */
export function pspNotConfigured(): Response {
  return json(400, {
    status: 'error',
    message: 'Something went wrong',
    isSuccess: false,
    data: 'PSP Configuration not found. Please check you psp Configuration',
  });
}

/** §5 "Generic server failure (Flexepin page)". */
export function internalError(): Response {
  return json(500, { status: 'error', message: 'Internal server error', isSuccess: false, data: 'Something went wrong' });
}

/**
 * §5 "Normalized PSP transport errors": `PSP_UNAVAILABLE` (PSP answered 5xx, safe to retry with
 * backoff). The docs give no HTTP status for this code; 400 follows Flexepin's
 * `INVALID_PSP_CREDENTIALS`, the one transport error whose status they do give.
 */
export function pspUnavailable(transactionId: string): Response {
  return json(400, {
    status: 'error',
    isSuccess: false,
    errorCode: 'PSP_UNAVAILABLE',
    message: 'The payment provider is unavailable. Try again later.',
    transactionId,
    errors: [],
  });
}

/**
 * §3: an `x-user-token` that is not a decodable JWT "makes the request hang and end in a 504
 * timeout". A 504 comes from the gateway in front of the API, not from the API, so the body is
 * a gateway's HTML page rather than Mozarto's JSON envelope — the proxy must not assume JSON.
 */
export function gatewayTimeout(): Response {
  return new Response('<html><head><title>504 Gateway Time-out</title></head><body><center><h1>504 Gateway Time-out</h1></center></body></html>\n', {
    status: 504,
    headers: { 'content-type': 'text/html' },
  });
}

export function notFound(): Response {
  return error(404, 'Not found');
}
