/**
 * The proxy's signatures are the Standard Webhooks specification's (docs/adr/0018): the signer
 * (src/proxy/merchant/signing.ts, over the `standardwebhooks` package) reproduces the test vector of
 * the specification's own libraries, and a secret that is not `whsec_` + 24 to 64 bytes is refused.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { secretProblem, signer } from '../../src/proxy/merchant/signing.js';

/** The vector of the specification's libraries (github.com/standard-webhooks/standard-webhooks, the JavaScript library's test "sign function works"). */
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('signing per Standard Webhooks', () => {
  it('reproduces the specification’s test vector', () => {
    const headers = signer(VECTOR.secret).sign(VECTOR.id, new Date(VECTOR.timestamp * 1000), VECTOR.body);
    assert.deepEqual(headers, { 'webhook-id': VECTOR.id, 'webhook-timestamp': String(VECTOR.timestamp), 'webhook-signature': VECTOR.signature });
  });

  it('takes a secret of whsec_ and the base64 of 24 to 64 bytes, and says what is wrong with another', () => {
    assert.equal(secretProblem(VECTOR.secret), null);
    assert.equal(secretProblem(`whsec_${Buffer.alloc(64, 1).toString('base64')}`), null);
    assert.match(String(secretProblem('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')), /must be a Standard Webhooks secret: whsec_/);
    assert.match(String(secretProblem('whsec_***')), /is not base64/);
    assert.match(String(secretProblem(`whsec_${Buffer.alloc(16).toString('base64')}`)), /decodes to 16 bytes/);
    assert.match(String(secretProblem(`whsec_${Buffer.alloc(65).toString('base64')}`)), /decodes to 65 bytes/);
    assert.match(String(secretProblem(undefined)), /must be a Standard Webhooks secret/);
  });
});
