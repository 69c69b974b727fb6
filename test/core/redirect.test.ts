import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkRedirectUrl, isLoopbackHost } from '../../src/core/redirect.js';

describe('checkRedirectUrl', () => {
  it('accepts https anywhere and, only when told the page is local (localHttp), http on loopback', () => {
    assert.equal(checkRedirectUrl('https://demo.payonepayment.com/webflow-payment/abc').ok, true);
    assert.equal(checkRedirectUrl('http://localhost:5174/hpp/1', undefined, true).ok, true);
    assert.equal(checkRedirectUrl('http://127.0.0.1:5174/hpp/1', undefined, true).ok, true);
    assert.equal(checkRedirectUrl('http://[::1]:5174/hpp/1', undefined, true).ok, true);
    assert.equal(checkRedirectUrl('http://shop.localhost:5174/hpp/1', undefined, true).ok, true);
    assert.equal(checkRedirectUrl('http://pay.example.com/', undefined, true).ok, false);
    assert.equal(checkRedirectUrl('http://pay.example.com/').ok, false);
  });

  it('by default (a shop in production) refuses plain http, to *.localhost and loopback too (issue 28)', () => {
    for (const url of ['http://evil.localhost/pay', 'http://localhost:5174/hpp/1', 'http://127.0.0.1:5174/hpp/1', 'http://[::1]:5174/hpp/1']) {
      const check = checkRedirectUrl(url);
      assert.equal(check.ok, false, url);
      assert.match(check.ok ? '' : check.reason, /scheme http: is not allowed/);
    }
  });

  it('knows the loopback names', () => {
    for (const host of ['localhost', 'LOCALHOST', 'shop.localhost', 'localhost.', '127.0.0.1', '127.1.2.3', '[::1]'])
      assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['localhost.evil.example', 'evil-localhost', '128.0.0.1', '0.0.0.0', '10.0.0.1', '']) assert.equal(isLoopbackHost(host), false, host);
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
