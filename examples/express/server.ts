// The merchant proxy in an Express 5 app, with the embedded sandbox standing in for Mozarto.
// PORT (default 3000); the widget on your page talks to /api/cashier.
import express from 'express';
import { createCashierProxy, createMemoryStore, toNodeListener } from 'mozarto-cashier/proxy';
import { startSandbox } from 'mozarto-cashier/sandbox';

const port = Number(process.env.PORT ?? 3000);
const webhookSecret = 'example-webhook-secret';
const sandbox = await startSandbox({ port: 0, webhookSecret, webhookUrl: `http://127.0.0.1:${port}/api/cashier/webhooks/mozarto` });

const proxy = createCashierProxy({
  upstreamUrl: sandbox.url,
  companyToken: 'sandbox-company-token',
  userContext: { mode: 'token', secret: 'example-user-token-secret' },
  webhookSecret,
  store: createMemoryStore(),
  // Yours: who is logged in, from your own session.
  getUser: (request) => (request.headers.get('cookie')?.includes('player=') ? { id: 'player-1', email: 'ada@example.com' } : null),
  onOutcome: (tx) => console.log(`transaction ${tx.id}: ${tx.status}`),
});

const app = express();
app.use('/api/cashier', toNodeListener(proxy.handle));
app.get('/healthz', (_req, res) => {
  res.type('text/plain').send('ok');
});
const server = app.listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}`));

process.once('SIGTERM', () => {
  server.close();
  void proxy.close().then(() => sandbox.close());
});
