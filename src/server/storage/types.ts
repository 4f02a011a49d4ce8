/** The server's whole view of its database: parameterised SQL and transactions, nothing else. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface Storage extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * LISTENs on `channel` (NOTIFY from any process on the database). `onGap` runs when
   * notifications may have been missed (the listening connection was lost and is back).
   * Resolves to a function that stops listening.
   */
  listen(channel: string, onMessage: (payload: string) => void, onGap: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/**
 * The database cannot be reached right now (down, restarting, connections refused or cut): the
 * request may succeed later, so it is answered 503, not 500.
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}

/** int8 columns arrive as strings from `pg` and as numbers from PGlite; values stay below 2^53. */
export function toNumber(value: unknown): number {
  return Number(value);
}

export function toNullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
