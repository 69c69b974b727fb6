/** Types of pg-cluster.mjs (a plain script, so the bench can use it without tsx). */
export interface PostgresCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication, loopback only). */
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** Stops the server at once (immediate mode), keeping its data: the database is gone until `resume`. */
  halt(): void;
  /** Starts a halted server again, on the same port and data. */
  resume(): void;
  /** Stops the server (immediate mode) and removes its directory. */
  stop(): void;
}
export function ensurePostgresInstalled(): string;
export function startPostgres(options?: { settings?: Record<string, string | number> }): Promise<PostgresCluster>;
