/**
 * For test/e2e/merchant-ledger.test.ts: one language's run (the example site, the relay in front
 * of its events endpoint, the built standalone proxy with its embedded sandbox) and the calls a
 * test makes on it: the site's login, the widget's requests, the hosted page, the back office.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnStandalone, type Standalone } from '../proxy/standalone.js';
import type { Method } from './merchant-plan.js';
import { readBooks, startRelay, startSite, type Books, type Language, type Relay, type Site } from './merchant-support.js';
import { freePort, ROOT, tempDir } from './support.js';

/** Hundredths. Whole units, so the sandbox's magic cents read the same on Mozarto's amount. */
export const FEE = { payin: 100, payout: 200 } as const;
const FEES = JSON.stringify({ payin: { fixed: '1.00' }, payout: { fixed: '2.00' } });
const FROM_SOURCE = process.env.MERCHANT_LEDGER_PROXY === 'source';

export interface SandboxTx {
  transactionId: string;
  type: 'PAYIN' | 'PAYOUT';
  userId: string;
  amount: number;
  currency: string;
  merchantReference: string;
  transaction_status: 'Pending' | 'Approved' | 'Declined' | 'Failed' | 'Rejected';
}

export interface Player {
  readonly id: string;
  readonly auth: Record<string, string>;
}

export const hundredths = (amount: string | number) => Math.round(Number(amount) * 100);

/** One language's run: the site, the relay in front of its events, the proxy and its sandbox. */
export class Run {
  site!: Site;
  relay!: Relay;
  proxy!: Standalone;
  sitePort = 0;
  sandboxUrl = '';
  readonly data = tempDir('merchant-ledger-');
  readonly db = join(this.data.path, 'merchant.db');
  readonly sessionSecret = randomBytes(32).toString('hex');
  get issuer(): string {
    return `https://${this.language.name}-casino.example`;
  }
  readonly eventsSecret = `whsec_${randomBytes(32).toString('base64')}`;
  /** Every transaction the proxy created (201/202): id → its player. */
  readonly created = new Map<string, Player>();

  constructor(readonly language: Language) {}

  async start(): Promise<void> {
    this.sitePort = await freePort();
    const sandboxPort = await freePort();
    this.sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    this.site = await this.startSite();
    this.relay = await startRelay(await freePort(), this.site.url, 3);
    if (!FROM_SOURCE) assert.ok(existsSync(join(ROOT, 'dist/proxy/server.js')), 'dist/proxy/server.js: run `node scripts/build.mjs` first (npm test does)');
    this.proxy = await spawnStandalone(
      null, // SANDBOX=1: the embedded sandbox is the upstream
      {
        SANDBOX: '1',
        SANDBOX_PORT: String(sandboxPort),
        CASHIER_DB: join(this.data.path, 'proxy.db'),
        CASHIER_SESSION_SECRET: this.sessionSecret,
        CASHIER_SESSION_ISSUER: this.issuer,
        CASHIER_SESSION_AUDIENCE: 'mozarto-cashier',
        CASHIER_EVENTS_SECRET: this.eventsSecret,
        CASHIER_EVENTS_URL: this.relay.url,
        CASHIER_AUTHORIZE_URL: `${this.site.url}/authorize`,
        CASHIER_ALLOWED_ORIGINS: this.site.url,
        CASHIER_FEES: FEES,
        CASHIER_RATE_LIMIT: 'off',
      },
      { built: !FROM_SOURCE },
    );
  }

  startSite(): Promise<Site> {
    return startSite(this.language, this.sitePort, {
      CASHIER_SESSION_SECRET: this.sessionSecret,
      CASHIER_SESSION_ISSUER: this.issuer,
      CASHIER_EVENTS_SECRET: this.eventsSecret,
      MERCHANT_DB: this.db,
    });
  }

  async close(): Promise<void> {
    await this.proxy?.stop();
    await this.relay?.stop();
    await this.site?.stop();
    this.data.remove();
  }

  /** The site's login; the player then shows the token as the site's cookie or as Bearer. */
  async login(id: string, viaCookie: boolean): Promise<Player> {
    const res = await fetch(`${this.site.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ player: id, email: `${id}@example.com`, firstName: 'Ana', lastName: 'Rojas', countryCode: 'PE', gender: 'F' }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const { token } = (await res.json()) as { token: string };
    const cookie = res.headers.get('set-cookie')?.split(';')[0];
    assert.equal(cookie, `cashier_session=${token}`);
    return { id, auth: viaCookie ? { cookie } : { authorization: `Bearer ${token}` } };
  }

  /** `POST transactions` as the widget sends it; the same `key` again is the widget's retry. */
  async create(player: Player, method: Method, amount: string, key: string = randomUUID()): Promise<{ status: number; body: any; key: string }> {
    const res = await fetch(`${this.proxy.api}/transactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.site.url, 'idempotency-key': key, ...player.auth },
      body: JSON.stringify({ pspType: method.pspType, type: method.flow, amount, currency: method.currency, fields: method.fields }),
    });
    const body = await res.json();
    if ((res.status === 201 || res.status === 202) && body.transactionId) this.created.set(body.transactionId, player);
    return { status: res.status, body, key };
  }

  async status(id: string): Promise<string> {
    const res = await fetch(`${this.proxy.api}/transactions/${id}`, { headers: { origin: this.site.url, ...this.created.get(id)!.auth } });
    return ((await res.json()) as { status: string }).status;
  }

  /** The player's choice on the sandbox's hosted page. */
  async decide(redirectUrl: string, decision: 'approve' | 'decline' | 'cancel'): Promise<void> {
    const res = await fetch(redirectUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `decision=${decision}`,
      redirect: 'manual',
    });
    assert.ok(res.status === 303 || res.status === 200, `hosted page answered ${res.status}`);
  }

  async sandbox(): Promise<SandboxTx[]> {
    return (await fetch(`${this.sandboxUrl}/__sandbox/transactions`)).json() as Promise<SandboxTx[]>;
  }

  /** The sandbox's back office: `approve`, `reject`, or `settle` to a status. */
  async backOffice(reference: string, action: 'approve' | 'reject' | 'settle', status?: SandboxTx['transaction_status']): Promise<void> {
    const tx = (await this.sandbox()).find((t) => t.merchantReference === reference);
    assert.ok(tx, `the sandbox has ${reference}`);
    const res = await fetch(`${this.sandboxUrl}/__sandbox/transactions/${tx.transactionId}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: status ? JSON.stringify({ transaction_status: status }) : '{}',
    });
    assert.equal(res.status, 200, `${action} ${reference}: ${await res.text()}`);
  }

  books(): Books {
    return readBooks(this.db);
  }
}

/** What the books must say, from what the sandbox says happened: `player currency` → hundredths. */
export function expectedBalances(transactions: readonly SandboxTx[], players: ReadonlySet<string>): Map<string, number> {
  const balances = new Map<string, number>();
  for (const tx of transactions) {
    if (!players.has(tx.userId) || tx.transaction_status !== 'Approved') continue;
    const key = `${tx.userId} ${tx.currency}`;
    // Mozarto's amount is the total: pay-in amount + fee, pay-out amount − fee; the wallet moves the amount.
    const amount = tx.type === 'PAYIN' ? hundredths(tx.amount) - FEE.payin : -(hundredths(tx.amount) + FEE.payout);
    balances.set(key, (balances.get(key) ?? 0) + amount);
  }
  return balances;
}

export const sorted = (map: ReadonlyMap<string, number>) => [...map].filter(([, v]) => v !== 0).sort(([a], [b]) => a.localeCompare(b));
