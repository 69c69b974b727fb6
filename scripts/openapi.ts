// npm run build: dist/openapi.json, the widget↔proxy contract as OpenAPI 3.1 (src/proxy/openapi.ts,
// ADR 0016), generated from the zod schemas at every build so that it never drifts from them.
// Run through tsx: `node --import tsx scripts/openapi.ts [out]`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { openApiDocument } from '../src/proxy/openapi.js';

const out = process.argv[2] ?? 'dist/openapi.json';
const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(openApiDocument(version), null, 2)}\n`);
