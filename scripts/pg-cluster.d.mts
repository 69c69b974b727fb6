/** Types of pg-cluster.mjs (a plain script, so the bench can use it without tsx). */
export interface PostgresCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication, loopback only). */
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** Stops the server (immediate mode) and removes its directory. */
  stop(): void;
}
export function ensurePostgresInstalled(): string;
export function startPostgres(options?: { settings?: Record<string, string | number> }): Promise<PostgresCluster>;
