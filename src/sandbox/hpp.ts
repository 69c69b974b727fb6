/**
 * The hosted payment page (HPP) a pay-in's `redirect_url` points at (docs/mozarto-api.md §8 "Pay-In":
 * the browser goes to the PSP's page, the PSP may send the user back, the authoritative result
 * comes by webhook). A person approves, declines or cancels; the sandbox then delivers the
 * webhook *before* sending the browser back to `siteUrl`, so the merchant's return page usually
 * finds the outcome already recorded (§7 still says never to rely on that).
 *
 * Self-contained HTML: inline CSS, no scripts, a strict Content-Security-Policy.
 */
import { readText } from './body.js';
import type { SandboxEngine } from './engine.js';
import type { Outcome } from './psp-model.js';
import { pspModel } from './psps.js';
import type { SandboxTransaction } from './ledger.js';

const DECISIONS: Readonly<Record<string, Outcome>> = { approve: 'approved', decline: 'declined', cancel: 'cancelled' };

const DECIDED_TEXT: Readonly<Record<string, string>> = {
  success: 'approved',
  declined: 'declined',
  cancelled: 'cancelled',
  failed: 'failed',
  rejected: 'rejected',
};

export async function handleHpp(engine: SandboxEngine, request: Request, id: string): Promise<Response> {
  const tx = engine.ledger.get(id);
  // Only pay-ins have a hosted page (§8: pay-outs are server-to-server).
  if (!tx || tx.type !== 'PAYIN') return page(engine, 404, 'Payment not found', notFoundBody());
  if (request.method === 'GET' || request.method === 'HEAD') {
    return tx.transaction_status === 'Pending'
      ? page(engine, 200, `${pspName(tx)} test payment`, paymentBody(engine, tx))
      : page(engine, 200, 'Payment already completed', decidedBody(engine, tx));
  }
  if (request.method !== 'POST') return page(engine, 405, 'Method not allowed', '<p>Use the page’s buttons.</p>', { allow: 'GET, POST' });

  const text = await readText(request, 4096);
  const decision = text.ok ? new URLSearchParams(text.text).get('decision') : null;
  const outcome = decision !== null && Object.hasOwn(DECISIONS, decision) ? DECISIONS[decision] : undefined;
  if (!outcome) return page(engine, 400, 'Choose an answer', `<p>Choose Approve, Decline or Cancel.</p>${backLink(engine, tx)}`);
  if (tx.transaction_status !== 'Pending') return page(engine, 409, 'Payment already completed', decidedBody(engine, tx));

  await engine.settle(tx, outcome);
  const siteUrl = engine.options.siteUrl;
  if (siteUrl) return new Response(null, { status: 303, headers: { location: siteUrl, 'cache-control': 'no-store' } });
  return page(engine, 200, 'Payment complete', `<p>The payment was ${DECIDED_TEXT[tx.status] ?? 'completed'}. You can close this page.</p>`);
}

function pspName(tx: SandboxTransaction): string {
  return pspModel(tx.pspType)?.name ?? tx.pspType;
}

/** The form posts to the page's own path, under `publicUrl`'s path prefix when the sandbox is mounted below one. */
function formAction(engine: SandboxEngine, tx: SandboxTransaction): string {
  const publicUrl = engine.options.publicUrl;
  const prefix = publicUrl ? new URL(publicUrl).pathname.replace(/\/$/, '') : '';
  return `${prefix}/hpp/${tx.transactionId}`;
}

function paymentBody(engine: SandboxEngine, tx: SandboxTransaction): string {
  return `
    <p class="note">Sandbox — no real money moves. Choose the outcome the payment provider would report.</p>
    <dl>
      <dt>Amount</dt><dd>${esc(tx.amount.toFixed(2))}</dd>
      <dt>Currency</dt><dd>${esc(tx.currency)}</dd>
      <dt>Merchant reference</dt><dd>${tx.merchantReference ? esc(tx.merchantReference) : '<span class="none">none</span>'}</dd>
      <dt>Transaction</dt><dd><code>${esc(tx.transactionId)}</code></dd>
    </dl>
    <form method="post" action="${esc(formAction(engine, tx))}">
      <button type="submit" name="decision" value="approve" class="approve">Approve</button>
      <button type="submit" name="decision" value="decline" class="decline">Decline</button>
      <button type="submit" name="decision" value="cancel" class="cancel">Cancel</button>
    </form>`;
}

function decidedBody(engine: SandboxEngine, tx: SandboxTransaction): string {
  const siteUrl = engine.options.siteUrl;
  return `<p>This payment was already ${esc(DECIDED_TEXT[tx.status] ?? tx.transaction_status.toLowerCase())}.</p>
    ${siteUrl ? `<p><a href="${esc(siteUrl)}">Return to the merchant</a></p>` : '<p>You can close this page.</p>'}`;
}

function notFoundBody(): string {
  return '<p>There is no payment waiting at this address. It may have expired or the link may be wrong.</p>';
}

function backLink(engine: SandboxEngine, tx: SandboxTransaction): string {
  return `<p><a href="${esc(formAction(engine, tx))}">Back to the ${esc(pspName(tx))} test payment</a></p>`;
}

function page(engine: SandboxEngine, status: number, title: string, body: string, headers: Record<string, string> = {}): Response {
  const siteUrl = engine.options.siteUrl;
  // form-action also governs where the form's redirect may lead (the 303 to siteUrl).
  const formAction = ["'self'", siteUrl ? new URL(siteUrl).origin : ''].filter(Boolean).join(' ');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
  <h1>${esc(title)}</h1>
  ${body}
</main>
</body>
</html>
`;
  return new Response(html, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action ${formAction}`,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      ...headers,
    },
  });
}

const CSS = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
body { margin: 0; padding: 2rem 1rem; background: Canvas; color: CanvasText; }
main { max-width: 28rem; margin: 0 auto; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
.note { padding: .5rem .75rem; border-inline-start: 4px solid #b58100; background: color-mix(in srgb, #b58100 12%, Canvas); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 1.5rem 0; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
.none { font-style: italic; opacity: .75; }
form { display: flex; flex-wrap: wrap; gap: .75rem; }
button { font: inherit; font-weight: 600; padding: .75rem 1.25rem; border-radius: .5rem; border: 2px solid transparent; cursor: pointer; }
button:focus-visible { outline: 3px solid Highlight; outline-offset: 2px; }
.approve { background: #1a7f37; color: #fff; }
.decline { background: #b3261e; color: #fff; }
.cancel { background: transparent; color: inherit; border-color: currentColor; }
a { color: LinkText; }
`;

function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
