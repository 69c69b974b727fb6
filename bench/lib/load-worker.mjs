// The load generator, run as a second process (child_process.fork) so it does not share an
// event loop with the server it measures. Keep-alive loops, autocannon-style: `concurrency`
// workers each send their next request as soon as the last one answered, until `durationMs` is
// up. Reports counts, errors and latency percentiles to the parent.
//
// node:http with one keep-alive Agent per job, not global fetch: with fetch, undici's one shared
// pool held the webhook POSTs back behind 300 pollers until the run ended (every webhook took the
// whole run), which measured the load generator, not the proxy.
import http from 'node:http';

function send(agent, spec) {
  return new Promise((resolve, reject) => {
    const req = http.request(spec.url, { method: spec.method ?? 'GET', headers: spec.headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(spec.body);
  });
}
//
// message in: { jobs: [{ name, concurrency, requests: [{ url, method, headers, body }] }], durationMs }
// message out: { results: { [name]: { requests, errors, errorSamples, latencies: number[] } }, elapsedMs }
process.once('message', async ({ jobs, durationMs }) => {
  const deadline = performance.now() + durationMs;
  const started = performance.now();
  const results = {};
  await Promise.all(
    jobs.map(async (job) => {
      const r = (results[job.name] = { requests: 0, errors: 0, errorSamples: [], latencies: [] });
      const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
      let next = 0;
      const loop = async () => {
        while (performance.now() < deadline) {
          const spec = job.requests[next++ % job.requests.length];
          const t0 = performance.now();
          try {
            const status = await send(agent, spec);
            const ok = spec.expect ? spec.expect.includes(status) : status < 400;
            if (!ok) {
              r.errors++;
              if (r.errorSamples.length < 5) r.errorSamples.push(`HTTP ${status} ${spec.method ?? 'GET'} ${spec.url}`);
            }
          } catch (error) {
            r.errors++;
            if (r.errorSamples.length < 5) r.errorSamples.push(String(error?.cause?.code ?? error));
          }
          r.latencies.push(performance.now() - t0);
          r.requests++;
        }
      };
      await Promise.all(Array.from({ length: job.concurrency }, loop));
      agent.destroy();
    }),
  );
  process.send({ results, elapsedMs: performance.now() - started }, () => process.exit(0));
});
