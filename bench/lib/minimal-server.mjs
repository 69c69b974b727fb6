// The ceiling for the status-poll figures (bench/scale.mjs): plain node:http answering the same
// JSON from memory, with the headers a poll answer carries, and nothing else — no auth, no store.
import { createServer } from 'node:http';

const answer = Buffer.from(process.env.ANSWER ?? '{}');
const server = createServer((req, res) => {
  if (req.url === '/healthz') return void res.end('ok\n');
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': answer.length });
  res.end(answer);
});
server.keepAliveTimeout = 30_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
