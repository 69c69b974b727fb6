/**
 * Runs the sandbox on its own: `node --import tsx src/sandbox/server.ts`.
 *
 *   SANDBOX_PORT            port to listen on (default 5174; 0 = any free port)
 *   SANDBOX_WEBHOOK_URL     where webhooks go (the proxy's /webhooks/mozarto)
 *   SANDBOX_WEBHOOK_SECRET  sent as `Authorization: Bearer <secret>` on webhooks
 *   SANDBOX_SITE_URL        the merchant return page the hosted payment page goes back to
 *   SANDBOX_COMPANY_TOKEN   the company JWT the proxy must present (default 'sandbox-company-token')
 */
import { startSandbox } from './index.js';

const rawPort = process.env['SANDBOX_PORT'] ?? '5174';
const port = Number(rawPort);
if (!/^\d+$/.test(rawPort) || port > 65535) {
  console.error(`SANDBOX_PORT must be a port number, got ${JSON.stringify(rawPort)}`);
  process.exit(1);
}

const env = (name: string): string | undefined => process.env[name] || undefined;

try {
  const started = await startSandbox({
    port,
    webhookUrl: env('SANDBOX_WEBHOOK_URL'),
    webhookSecret: env('SANDBOX_WEBHOOK_SECRET'),
    siteUrl: env('SANDBOX_SITE_URL'),
    companyToken: env('SANDBOX_COMPANY_TOKEN'),
  });
  console.log(`Mozarto sandbox listening on ${started.url}`);
  console.log(`  cashier endpoint: ${started.url}/v1/api/mozarto/cashier`);
  console.log(`  back office:      ${started.url}/__sandbox/transactions`);
  console.log(`  webhooks to:      ${env('SANDBOX_WEBHOOK_URL') ?? '(none set: SANDBOX_WEBHOOK_URL)'}`);

  const stop = () => {
    void started.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  console.error('Mozarto sandbox failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
}
