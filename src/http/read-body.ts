/**
 * The body's bytes, or `'too-large'` past `maxBytes`, counted on the bytes actually read (a
 * declared Content-Length over the cap is refused before reading). Throws when the stream fails.
 * Shared by the proxy (src/proxy/http/http.ts) and the sandbox (src/sandbox/body.ts), which answer the
 * same cases their own ways. Web-standard only, so the proxy's handler stays edge-safe.
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array | 'too-large'> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) return 'too-large';
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return 'too-large';
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
