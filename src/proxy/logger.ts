/**
 * Structured JSON-line logging (docs/design.md, "The proxy": never log tokens or card data). Callers
 * pass ids, codes and statuses only; `redact` is a second line of defence that drops any key
 * whose name looks like a credential or a payment instrument before a line is written.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  readonly level: LogLevel;
  readonly msg: string;
  readonly time: string;
  readonly requestId?: string;
  readonly [key: string]: unknown;
}

/** Receives one entry per event; the default writes it as a JSON line. */
export interface Logger {
  log(entry: LogEntry): void;
}

const SENSITIVE_KEY = /authorization|token|secret|password|passwd|cookie|card|pan$|cvv|cvc|pin|iban|signature/i;

/** Card-number-like digit runs (13–19 digits, spaces or dashes between) and e-mail addresses. */
const PAN_LIKE = /\b(?:\d[ -]?){12,18}\d\b/g;
const EMAIL_LIKE = /[^\s@"'<>]+@[^\s@"'<>]+\.[A-Za-z]{2,}/g;

/**
 * Masks what looks like a card number or an e-mail address inside free text — a third line of
 * defence for text we do not write ourselves (Mozarto's error messages may echo a field).
 */
export function scrubText(text: string): string {
  return text.replace(PAN_LIKE, '[number]').replace(EMAIL_LIKE, '[email]');
}

/**
 * Copies `value`, replacing values under sensitive-looking keys with "[redacted]"; with `scrub`
 * (log lines) free text is also passed through `scrubText`.
 */
export function redact(value: unknown, depth = 0, scrub = false): unknown {
  if (scrub && typeof value === 'string') return scrubText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1, scrub));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SENSITIVE_KEY.test(key) ? '[redacted]' : redact(v, depth + 1, scrub);
  }
  return out;
}

export function consoleLogger(minLevel: LogLevel = 'info'): Logger {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  return {
    log(entry) {
      if (order[entry.level] < order[minLevel]) return;
      const line = JSON.stringify(entry);
      if (entry.level === 'error' || entry.level === 'warn') console.error(line);
      else console.log(line);
    },
  };
}

/** A logger bound to one request id, with the redaction applied. */
export interface BoundLogger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function bindLogger(logger: Logger, now: () => Date, requestId?: string): BoundLogger {
  const write = (level: LogLevel) => (msg: string, fields: Record<string, unknown> = {}) => {
    try {
      const safe = redact(fields, 0, true) as Record<string, unknown>;
      logger.log({ ...safe, level, msg, time: now().toISOString(), ...(requestId ? { requestId } : {}) });
    } catch {
      // A broken logger must never break a payment.
    }
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
