/**
 * Where the widget may send a player (docs/design.md, "The widget"): absolute `https:` URLs, plain
 * `http:` only to a loopback host and only with `localHttp` (the page, or the proxy's upstream,
 * is itself on this machine: the embedded sandbox), optionally only to an allow-list of hosts.
 * Anything else — `javascript:`, `data:`, relative paths, credentials in the URL, plain http to
 * `*.localhost` from a shop in production — is refused.
 */
export type RedirectCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** localhost, `*.localhost` (RFC 6761: browsers resolve them to loopback), 127.0.0.0/8 and [::1]. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export function checkRedirectUrl(raw: unknown, allowHosts?: readonly string[], localHttp = false): RedirectCheck {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 4096) return { ok: false, reason: 'missing or oversized URL' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not an absolute URL' };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && localHttp && isLoopbackHost(url.hostname))) {
    return { ok: false, reason: `scheme ${url.protocol} is not allowed` };
  }
  if (url.username || url.password) return { ok: false, reason: 'credentials in URL' };
  if (allowHosts && allowHosts.length > 0 && !allowHosts.some((h) => hostMatches(url.hostname, h))) {
    return { ok: false, reason: `host ${url.hostname} is not in the allow-list` };
  }
  return { ok: true, url };
}

/** `example.com` matches itself; `*.example.com` matches its subdomains only. */
function hostMatches(host: string, pattern: string): boolean {
  const p = pattern.trim().toLowerCase();
  if (p.startsWith('*.')) return host.endsWith(p.slice(1));
  return host === p;
}

/** Characters a browser strips or reads as a slash (`\\`, tab, newline), quotes and brackets: never in a merchant's URL. */
const UNSAFE_IN_URL = /[\u0000-\u0020\u007f"'<>\\]/;

/**
 * A merchant's own page or image (`verification-url`, `limits-url`, a tile's logo): an absolute
 * `https:` URL without credentials, or a path on the merchant's site. Else undefined. A browser
 * reads a backslash as a slash and drops tabs and newlines, so `/\evil.example` and
 * `/<tab>/evil.example` would be `//evil.example`, another host: such characters are refused.
 */
export function merchantUrl(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048 || UNSAFE_IN_URL.test(raw)) return undefined;
  if (raw.startsWith('/')) return raw.startsWith('//') ? undefined : raw;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && !url.username && !url.password ? raw : undefined;
  } catch {
    return undefined;
  }
}
