/**
 * The merchant examples' own promises, without a proxy: the README's snippet is the code the site
 * runs (so the two cannot drift), and the vendored Standard Webhooks libraries agree with the
 * specification's published test vector.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES } from './merchant-support.js';

describe("the merchant examples: their README snippets, and the specification's test vector", () => {
  for (const language of LANGUAGES) {
    it(`${language.name}: the README's snippet is ${language.snippet.file}, the code the site runs`, () => {
      const readme = readFileSync(join(language.dir, 'README.md'), 'utf8');
      const code = readFileSync(join(language.dir, language.snippet.file), 'utf8');
      const blocks = [...readme.matchAll(new RegExp('```' + language.snippet.fence + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
      assert.ok(blocks.includes(code), `a \`\`\`${language.snippet.fence} block of ${language.name}'s README equals ${language.snippet.file}`);
    });
  }

  // The specification's published test vector (its libraries' tests): the same secret, id,
  // timestamp and body sign to the same signature, and verifying it now refuses the old timestamp.
  const vector = {
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    timestamp: 1614265330,
    body: '{"test": 2432232314}',
    signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  };
  const php = LANGUAGES.find((l) => l.name === 'php')!;
  const python = LANGUAGES.find((l) => l.name === 'python')!;

  it('php: the vendored library signs the test vector and refuses its timestamp as too old', () => {
    const script = `
      require 'standard-webhooks/src/Webhook.php';
      require 'standard-webhooks/src/Exception/WebhookVerificationException.php';
      $wh = new StandardWebhooks\\Webhook($argv[1]);
      echo $wh->sign($argv[2], $argv[3], $argv[4]), "\\n";
      try { $wh->verify($argv[4], ['webhook-id' => $argv[2], 'webhook-timestamp' => $argv[3], 'webhook-signature' => $argv[5]]); echo "accepted\\n"; }
      catch (StandardWebhooks\\Exception\\WebhookVerificationException $e) { echo $e->getMessage(), "\\n"; }`;
    const out = execFileSync(php.executable, ['-r', script, vector.secret, vector.id, String(vector.timestamp), vector.body, vector.signature], {
      cwd: php.dir,
      encoding: 'utf8',
    });
    assert.deepEqual(out.trim().split('\n'), [vector.signature, 'Message timestamp too old']);
  });

  it('python: the vendored library signs the test vector and refuses its timestamp as too old', () => {
    const script = `
import sys
from datetime import datetime, timezone
from standardwebhooks import Webhook, WebhookVerificationError
secret, msg_id, timestamp, body, signature = sys.argv[1:]
wh = Webhook(secret)
print(wh.sign(msg_id, datetime.fromtimestamp(int(timestamp), tz=timezone.utc), body))
try:
    wh.verify(body, {"webhook-id": msg_id, "webhook-timestamp": timestamp, "webhook-signature": signature})
    print("accepted")
except WebhookVerificationError as error:
    print(error)`;
    const out = execFileSync(python.executable, ['-c', script, vector.secret, vector.id, String(vector.timestamp), vector.body, vector.signature], {
      cwd: python.dir,
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    assert.deepEqual(out.trim().split('\n'), [vector.signature, 'Message timestamp too old']);
  });
});
