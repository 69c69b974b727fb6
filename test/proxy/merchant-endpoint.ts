/**
 * A merchant's backend as the tests run it: a real HTTP server that receives the proxy's events
 * and verifies each with the `standardwebhooks` package (the way the README tells a Node
 * merchant to), answers as scripted, can go down (its port closed: connection refused) and come
 * back on the same port, and can answer `authorize` requests.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The parsed body; for an event `{ type, timestamp, data }`. */
  readonly json: any;
  /** The signature checked with `standardwebhooks` (which also refuses a timestamp 5 minutes off). */
  readonly verified: boolean;
  /** When it arrived (Date.now()). */
  readonly at: number;
  /** What it was answered; null while unanswered (or never: a hang, a dropped connection). */
  status: number | null;
}

export type Answer = { status: number; body?: string; delayMs?: number } | 'hang';

export interface MerchantEndpoint {
  /** `http://127.0.0.1:<port>/events` */
  readonly url: string;
  /** `http://127.0.0.1:<port>/authorize` */
  readonly authorizeUrl: string;
  readonly received: Received[];
  /** The events answered with a 2xx, in the order they were. */
  acknowledged(): Received[];
  /** How each request is answered; default 200. */
  reply: (request: Received) => Answer;
  /** Closes the port: the next attempts find no one (ECONNREFUSED). */
  down(): Promise<void>;
  /** Listens again, on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export const EVENTS_SECRET = `whsec_${Buffer.from('merchant-endpoint-test-secret-32b').toString('base64')}`;

export async function startMerchantEndpoint(secret = EVENTS_SECRET): Promise<MerchantEndpoint> {
  const verifier = new Webhook(secret);
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let server: Server | undefined;
  let port = 0;
  const endpoint: MerchantEndpoint = {
    url: '',
    authorizeUrl: '',
    received: [],
    acknowledged: () => endpoint.received.filter((r) => r.path === '/events' && r.status !== null && r.status >= 200 && r.status < 300),
    reply: () => ({ status: 200 }),
    down: async () => {
      const s = server;
      server = undefined;
      if (!s) return;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    up: async () => {
      if (server) return;
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          let verified = true;
          let json: unknown = null;
          try {
            json = verifier.verify(body, req.headers as Record<string, string>);
          } catch {
            verified = false;
            try {
              json = JSON.parse(body);
            } catch {
              // kept as text
            }
          }
          const received: Received = { path: req.url ?? '', headers: req.headers, body, json, verified, at: Date.now(), status: null };
          endpoint.received.push(received);
          const answer = endpoint.reply(received);
          if (answer === 'hang') return;
          const send = () => {
            received.status = answer.status;
            res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body ?? '{"ok":true}');
          };
          if (answer.delayMs) {
            const timer = setTimeout(() => {
              timers.delete(timer);
              send();
            }, answer.delayMs);
            timers.add(timer);
          } else send();
        });
      });
      server.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      const s = server;
      await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', resolve));
      port = (s.address() as AddressInfo).port;
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      await endpoint.down();
    },
  };
  await endpoint.up();
  Object.assign(endpoint, { url: `http://127.0.0.1:${port}/events`, authorizeUrl: `http://127.0.0.1:${port}/authorize` });
  return endpoint;
}
