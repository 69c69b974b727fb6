// The load generator, run as a second process (child_process.fork) so it does not share an
// event loop with the server it measures. Keep-alive fetch (undici) loops, autocannon-style:
// `concurrency` workers each send their next request as soon as the last one answered, until
// `durationMs` is up. Reports counts, errors and latency percentiles to the parent.
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
      let next = 0;
      const loop = async () => {
        while (performance.now() < deadline) {
          const spec = job.requests[next++ % job.requests.length];
          const t0 = performance.now();
          try {
            const res = await fetch(spec.url, { method: spec.method ?? 'GET', headers: spec.headers, body: spec.body });
            await res.arrayBuffer();
            const ok = spec.expect ? spec.expect.includes(res.status) : res.status < 400;
            if (!ok) {
              r.errors++;
              if (r.errorSamples.length < 5) r.errorSamples.push(`HTTP ${res.status} ${spec.method ?? 'GET'} ${spec.url}`);
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
    }),
  );
  process.send({ results, elapsedMs: performance.now() - started }, () => process.exit(0));
});
