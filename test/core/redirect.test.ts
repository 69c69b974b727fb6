import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkRedirectUrl } from '../../src/core/redirect.js';

describe('checkRedirectUrl', () => {
  it('accepts https anywhere and http only on localhost', () => {
    assert.equal(checkRedirectUrl('https://demo.payonepayment.com/webflow-payment/abc').ok, true);
    assert.equal(checkRedirectUrl('http://localhost:5174/hpp/1').ok, true);
    assert.equal(checkRedirectUrl('http://127.0.0.1:5174/hpp/1').ok, true);
    assert.equal(checkRedirectUrl('http://[::1]:5174/hpp/1').ok, true);
    assert.equal(checkRedirectUrl('http://pay.example.com/').ok, false);
  });

  it('refuses scripts, data, relative and credentialed URLs', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,hi',
      '/hpp/1',
      '//evil.example/x',
      'https://user:pw@pay.example.com/',
      '',
      'ftp://x.example',
      'http://localhost.evil.example/',
    ]) {
      assert.equal(checkRedirectUrl(bad).ok, false, bad);
    }
    assert.equal(checkRedirectUrl(undefined).ok, false);
    assert.equal(checkRedirectUrl({ toString: () => 'https://x.example' }).ok, false);
    assert.equal(checkRedirectUrl(`https://x.example/${'a'.repeat(5000)}`).ok, false);
  });

  it('applies a host allow-list with wildcard subdomains', () => {
    const allow = ['pay.example.com', '*.payonepayment.com'];
    assert.equal(checkRedirectUrl('https://pay.example.com/x', allow).ok, true);
    assert.equal(checkRedirectUrl('https://demo.payonepayment.com/x', allow).ok, true);
    assert.equal(checkRedirectUrl('https://payonepayment.com/x', allow).ok, false);
    assert.equal(checkRedirectUrl('https://evilpayonepayment.com/x', allow).ok, false);
    assert.equal(checkRedirectUrl('https://other.example.com/x', allow).ok, false);
  });
});
