/**
 * How a misconfiguration is told: ONE error listing every problem (options.ts collects them in one
 * pass), each naming the option it is about. A problem's text names options as `{path}`
 * (`{limits.methods.PAYONE.max} must be an amount…`), so that whoever set them can be named in
 * their own terms: a library user reads `limits.methods.PAYONE.max`, the standalone server's
 * operator `CASHIER_LIMITS (methods.PAYONE.max)` (src/standalone/environment.ts).
 */

export interface ConfigProblem {
  /** The option it is about, dotted (`rateLimit.perIp`); the first part orders the list. */
  readonly path: string;
  /** The text, with every option it names written `{path}`. */
  readonly message: string;
}

/** Adds a problem; what the commercial checks (methods.ts, method-terms.ts) report into. */
export type Report = (path: string, message: string) => void;

/** Names an option for the reader: the path itself for a library user. */
export type NameOf = (path: string) => string;

const OPTION = /\{([a-zA-Z][\w]*(?:\.[\w*-]+)*)\}/g;

/** The problem's text with each `{path}` named by `nameOf`. */
export function describeProblem(problem: ConfigProblem, nameOf: NameOf = (path) => path): string {
  return problem.message.replace(OPTION, (_, path: string) => nameOf(path));
}

/** Thrown by `createCashierProxy` (and `resolveOptions`) for a configuration it cannot start with. */
export class ProxyConfigError extends Error {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(`createCashierProxy: ${problems.map((p) => describeProblem(p)).join('; ')}`);
    this.name = 'ProxyConfigError';
    this.problems = problems;
  }
}

/**
 * Problems in the order of `fields` (by the option each is about; the same option's in the order
 * found), each once: a rule met from several places (a bad limit read for every method) says it once.
 */
export function orderProblems(problems: readonly ConfigProblem[], fields: readonly string[]): ConfigProblem[] {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.path}\n${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const rank = (p: ConfigProblem) => {
    const index = fields.indexOf(p.path.split('.')[0]!);
    return index < 0 ? fields.length : index;
  };
  return unique
    .map((p, i) => [p, i] as const)
    .sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1])
    .map(([p]) => p);
}

/** Runs `check` with a report of its own; what it reports is thrown as one ProxyConfigError. */
export function throwingProblems<T>(check: (report: Report) => T): T {
  const problems: ConfigProblem[] = [];
  const result = check((path, message) => void problems.push({ path, message }));
  if (problems.length) throw new ProxyConfigError(orderProblems(problems, []));
  return result;
}
