import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorResponse } from '../../src/core/contract.js';
import { findRedirectUrl, mapMozartoResponse, successStatus, upstreamTransactionId } from '../../src/proxy/mozarto/mozarto-response.js';

const err = (message: string, extra: Record<string, unknown> = {}) => JSON.stringify({ status: 'error', message, isSuccess: false, ...extra });

function mapped(status: number, body: string, outcome: 'redirect' | 'await' | 'sync' = 'redirect') {
  const result = mapMozartoResponse(status, body, outcome);
  assert.equal(result.ok, false, 'expected an error');
  if (result.ok) throw new Error('unreachable');
  // Every mapped error is a valid contract error body.
  assert.equal(ErrorResponse.safeParse({ error: result.error.toBody('req_test') }).success, true);
  return result.error;
}

describe('mapMozartoResponse (docs/mozarto-api.md §5)', () => {
  it('reads a success envelope', () => {
    const result = mapMozartoResponse(200, JSON.stringify({ status: 'success', isSuccess: true, message: 'ok', data: { transactionId: 'abc' } }), 'redirect');
    assert.deepEqual(result, { ok: true, data: { transactionId: 'abc' }, message: 'ok' });
  });

  const table: [string, number, string, string, number, boolean][] = [
    ['401 Unauthorized', 401, err('Unauthorized', { errors: [] }), 'upstream_unauthorized', 502, false],
    ['403', 403, err('Forbidden'), 'upstream_unauthorized', 502, false],
    [
      'PSP not configured',
      400,
      err('Something went wrong', { data: 'PSP Configuration not found. Please check you psp Configuration' }),
      'psp_not_configured',
      502,
      false,
    ],
    ['no orchestration rule', 400, err('Rules action is not matched', { errors: [] }), 'rules_not_matched', 502, false],
    [
      'INVALID_PSP_CREDENTIALS',
      400,
      err('Payment could not be processed due to invalid PSP credentials.', { errorCode: 'INVALID_PSP_CREDENTIALS', errors: [] }),
      'psp_credentials',
      502,
      false,
    ],
    ['PSP_TIMEOUT', 400, err('timeout', { errorCode: 'PSP_TIMEOUT' }), 'psp_timeout', 502, true],
    ['PSP_UNAVAILABLE', 400, err('down', { errorCode: 'PSP_UNAVAILABLE' }), 'psp_unavailable', 502, true],
    ['PSP_RATE_LIMITED', 400, err('slow down', { errorCode: 'PSP_RATE_LIMITED' }), 'psp_rate_limited', 502, true],
    ['UNKNOWN_PSP_ERROR on 500', 500, err('An unexpected error occurred.', { errorCode: 'UNKNOWN_PSP_ERROR' }), 'psp_error', 502, false],
    ['UNKNOWN_PSP_ERROR on 200 (Brite)', 200, err('rejected', { errorCode: 'UNKNOWN_PSP_ERROR' }), 'psp_error', 502, false],
    ['an errorCode not in the docs', 400, err('x', { errorCode: 'SOMETHING_NEW' }), 'psp_error', 502, false],
    ['Validation failed', 400, err('Validation failed', { errors: ['email must be a valid email'] }), 'upstream_rejected', 502, false],
    ['Missing required field', 400, err('Missing required field: pspType', { errors: [] }), 'upstream_rejected', 502, false],
    ['500 Internal server error', 500, err('Internal server error', { data: 'Something went wrong' }), 'upstream_error', 502, true],
    ['502 HTML', 502, '<html>Bad gateway</html>', 'upstream_error', 502, true],
    ['504', 504, '', 'upstream_timeout', 504, true],
    ['429', 429, '', 'upstream_error', 502, true],
    ['200 that is not JSON', 200, 'OK', 'upstream_error', 502, true],
    ['200 success without data', 200, JSON.stringify({ status: 'success', isSuccess: true }), 'upstream_error', 502, true],
  ];
  for (const [name, status, body, code, http, retryable] of table) {
    it(`${name} → ${code}`, () => {
      const error = mapped(status, body);
      assert.equal(error.code, code);
      assert.equal(error.status, http);
      assert.equal(error.retryable, retryable);
    });
  }

  it('names Mozarto errors[] in upstream_rejected for the log, never in the browser message', () => {
    const result = mapMozartoResponse(400, err('Validation failed', { errors: ['email must be a valid email', 'phone must not be empty'] }), 'redirect');
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.match(result.upstreamMessage ?? '', /email must be a valid email; phone must not be empty/);
    assert.doesNotMatch(result.error.message, /email must be/);
  });

  it('tells the developer to check the company token on 401', () => {
    assert.match(mapped(401, '').message, /company token/);
  });

  it('reads a 400 refusal of a synchronous provider as a decline (docs/design.md "Flexepin")', () => {
    const error = mapped(400, err('Voucher already redeemed', { data: {} }), 'sync');
    assert.equal(error.code, 'declined');
    assert.equal(error.message, 'Voucher already redeemed');
    assert.equal(error.retryable, false);
    // but a validation failure stays a rejection, and an errorCode stays a transport error
    assert.equal(mapped(400, err('Validation failed', { errors: ['x'] }), 'sync').code, 'upstream_rejected');
    assert.equal(mapped(400, err('x', { errorCode: 'PSP_TIMEOUT' }), 'sync').code, 'psp_timeout');
  });
});

describe('reading a success', () => {
  it('finds the redirect URL by the provider field, then the fallbacks in order', () => {
    assert.equal(findRedirectUrl({ redirect_url: 'https://a', url: 'https://b' }, ['redirect_url']), 'https://a');
    assert.equal(findRedirectUrl({ url: 'https://b', paymentUrl: 'https://c' }, ['redirect_url']), 'https://b');
    assert.equal(findRedirectUrl({ redirectUrl: 'https://e', webflowURL: 'https://d' }, []), 'https://d');
    assert.equal(findRedirectUrl({ paymentUrl: 'https://c', redirectUrl: 'https://e' }, []), 'https://c');
    assert.equal(findRedirectUrl({ redirectUrl: 'https://e' }, []), 'https://e');
    assert.equal(findRedirectUrl({ special: 'https://s', url: 'https://b' }, ['special']), 'https://s');
    assert.equal(findRedirectUrl({ url: '' }, []), null);
  });

  it('reads the upstream id', () => {
    assert.equal(upstreamTransactionId({ transactionId: '64a1' }), '64a1');
    assert.equal(upstreamTransactionId({ transaction_id: 'x' }), 'x');
    assert.equal(upstreamTransactionId({}), null);
  });

  it('normalizes the status; absent reads pending without a warning', () => {
    assert.deepEqual(successStatus({ transaction_status: 'Pending' }, 'redirect'), { status: 'pending', raw: 'Pending', known: true });
    assert.deepEqual(successStatus({ status: 'PENDING' }, 'await'), { status: 'pending', raw: 'PENDING', known: true });
    assert.deepEqual(successStatus({}, 'redirect'), { status: 'pending', raw: undefined, known: true });
    assert.equal(successStatus({ status: 'WEIRD' }, 'await').known, false);
    assert.equal(successStatus({ status: 'PENDING' }, 'sync').status, 'approved');
  });
});
