/**
 * A small round-robin HTTP balancer on loopback for the multi-instance tests and bench: each new
 * request goes to the next backend; a backend that refuses the connection is skipped (as a load
 * balancer's health check would take it out) and the request is tried on the next one. A backend
 * that dies mid-answer is a 502 — the client retries with its Idempotency-Key.
 *
 * With `readyPath` it probes each backend's readiness (`/readyz`) every `probeMs` and sends new
 * requests only to the ready ones, as a deploy's balancer does; when none is ready it fails open
 * and uses them all (as AWS ALB and Envoy's panic threshold do), so that Mozarto's webhooks still
 * reach an instance whose database is down (ADR 0020).
 */
import { createServer, request as httpRequest, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Balancer {
  readonly url: string;
  /** How many requests each backend took. */
  readonly served: number[];
  /** Each backend's last readiness (true without `readyPath`). */
  readonly ready: boolean[];
  close(): Promise<void>;
}

export interface BalancerOptions {
  /** Probe this path on each backend; only a 200 counts as ready. */
  readonly readyPath?: string;
  readonly probeMs?: number;
}

export async function startBalancer(backends: readonly string[], options: BalancerOptions = {}): Promise<Balancer> {
  const targets = backends.map((b) => new URL(b));
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const served = targets.map(() => 0);
  const ready = targets.map(() => true);
  let next = 0;
  let probing: ReturnType<typeof setInterval> | undefined;
  if (options.readyPath) {
    const probe = () =>
      targets.forEach((target, i) => {
        fetch(new URL(options.readyPath!, target), { signal: AbortSignal.timeout(1000) })
          .then(
            (res) => {
              ready[i] = res.status === 200;
              return res.arrayBuffer();
            },
            () => (ready[i] = false),
          )
          .catch(() => {});
      });
    probe();
    probing = setInterval(probe, options.probeMs ?? 200);
  }
  /** The next backend in turn among the ready ones, or among all when none is. */
  const pick = (): number => {
    const candidates = ready.some(Boolean) ? targets.map((_, i) => i).filter((i) => ready[i]) : targets.map((_, i) => i);
    return candidates[next++ % candidates.length]!;
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const tryBackend = (left: number) => {
        const index = pick();
        const target = targets[index]!;
        const upstream = httpRequest(
          {
            host: target.hostname,
            port: target.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, host: target.host, 'x-forwarded-for': req.socket.remoteAddress ?? '' },
            agent,
          },
          (answer) => {
            served[index]!++;
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            answer.on('error', () => res.destroy());
          },
        );
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          if (!res.headersSent && error.code === 'ECONNREFUSED' && left > 1) return tryBackend(left - 1);
          if (!res.headersSent) {
            res.writeHead(502, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ error: { code: 'bad_gateway', message: error.code ?? error.message, retryable: true } }));
          } else res.destroy();
        });
        res.on('close', () => upstream.destroy());
        upstream.end(body);
      };
      tryBackend(targets.length);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served,
    ready,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(probing);
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
