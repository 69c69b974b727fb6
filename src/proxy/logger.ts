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
 * Copies `value`, replacing values under sensitive-looking keys with "[redacted]" at any depth;
 * with `scrub` (log lines) free text is also passed through `scrubText`. Iterative, so a deeply
 * nested value can neither overflow the stack nor hide a key below a depth limit; a cycle is
 * written as "[circular]".
 */
export function redact(value: unknown, _depth = 0, scrub = false): unknown {
  const leaf = (v: unknown): unknown => (scrub && typeof v === 'string' ? scrubText(v) : v);
  if (value === null || typeof value !== 'object') return leaf(value);
  const flat = Array.isArray(value) ? undefined : redactFlat(value as Record<string, unknown>, leaf);
  if (flat) return flat;
  const root: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  const onPath = new WeakSet<object>();
  // Each entry: a source object, its copy, and (once its children are queued) a marker to leave it.
  const stack: { source: object; copy: Record<string, unknown> | unknown[]; leave?: true }[] = [{ source: value, copy: root }];
  while (stack.length) {
    const frame = stack.pop()!;
    if (frame.leave) {
      onPath.delete(frame.source);
      continue;
    }
    onPath.add(frame.source);
    stack.push({ ...frame, leave: true });
    const entries: [string | number, unknown][] = Array.isArray(frame.source) ? frame.source.map((v, i) => [i, v]) : Object.entries(frame.source);
    for (const [key, v] of entries) {
      let out: unknown;
      if (typeof key === 'string' && SENSITIVE_KEY.test(key)) out = '[redacted]';
      else if (v !== null && typeof v === 'object') {
        if (onPath.has(v)) out = '[circular]';
        else {
          const copy: Record<string, unknown> | unknown[] = Array.isArray(v) ? [] : {};
          stack.push({ source: v, copy });
          out = copy;
        }
      } else out = leaf(v);
      if (Array.isArray(frame.copy)) frame.copy[key as number] = out;
      else Object.defineProperty(frame.copy, key, { value: out, enumerable: true, writable: true, configurable: true });
    }
  }
  return root;
}

/**
 * The common case, a log line's fields: one level of primitives, copied in one pass (the walk
 * below allocates a frame per object). Undefined when some value is an object, for the walk.
 */
function redactFlat(source: Record<string, unknown>, leaf: (v: unknown) => unknown): Record<string, unknown> | undefined {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const v = source[key];
    if (v !== null && typeof v === 'object') return undefined;
    // defineProperty, so a key named "__proto__" is data, not the copy's prototype.
    Object.defineProperty(copy, key, { value: SENSITIVE_KEY.test(key) ? '[redacted]' : leaf(v), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/**
 * Free text from Mozarto or a PSP that the player may see (a webhook `message`, a voucher's
 * decline reason): control and bidi characters removed, scrubbed like the logs (card-like
 * numbers and e-mail addresses masked), whitespace collapsed, at most `max` characters.
 * Empty after that → null, and the widget shows its own text.
 */
export function playerText(text: string, max = 200): string | null {
  const clean = scrubText(text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
  if (clean === '') return null;
  return clean.length > max ? `${clean.slice(0, max - 1).trimEnd()}…` : clean;
}

/** The default logger, with `flush()` for a process about to exit. */
export interface ConsoleLogger extends Logger {
  /** Writes the info and debug lines still held for the next write (see `consoleLogger`). */
  flush(): void;
}

/**
 * JSON lines on the console: warnings and errors on stderr at once, info and debug on stdout a
 * batch per timer turn. A write per line was a tenth of a status poll's cost under load (ADR
 * 0012); a batch keeps the order and costs one write. Before a warning or an error, and on
 * `flush()`, the lines held so far are written first, so what leads up to a failure is never
 * behind it. A process that exits at once calls `flush()` (the standalone server does).
 */
export function consoleLogger(minLevel: LogLevel = 'info'): ConsoleLogger {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  let held: string[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (held.length === 0) return;
    const lines = held.join('\n');
    held = [];
    console.log(lines);
  };
  return {
    log(entry) {
      if (order[entry.level] < order[minLevel]) return;
      const line = JSON.stringify(entry);
      if (entry.level === 'error' || entry.level === 'warn') {
        flush();
        console.error(line);
        return;
      }
      held.push(line);
      timer ??= setTimeout(flush, 0);
    },
    flush,
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
  const write =
    (level: LogLevel) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      try {
        const safe = redact(fields, 0, true) as Record<string, unknown>;
        logger.log({ ...safe, level, msg, time: now().toISOString(), ...(requestId ? { requestId } : {}) });
      } catch {
        // A broken logger must never break a payment.
      }
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
