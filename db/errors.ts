/**
 * Driver-independent inspection of Postgres errors. Drizzle 0.45 wraps driver errors in a
 * DrizzleQueryError whose `cause` is the postgres.js PostgresError / PGlite DatabaseError,
 * so the SQLSTATE is not on the thrown error itself: walk the cause chain.
 */
export interface PgErrorInfo {
  code: string;
  constraint?: string;
  message: string;
}

export function pgError(err: unknown): PgErrorInfo | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const o = e as { code?: unknown; constraint_name?: unknown; constraint?: unknown; message?: unknown; cause?: unknown };
    if (typeof o.code === 'string' && /^[0-9A-Z]{5}$/.test(o.code)) {
      const constraint = o.constraint_name ?? o.constraint;
      return {
        code: o.code,
        constraint: typeof constraint === 'string' ? constraint : undefined,
        message: String(o.message ?? ''),
      };
    }
    e = o.cause;
  }
  return undefined;
}

/** SQLSTATE 23505, optionally for one named unique index/constraint. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const info = pgError(err);
  return info?.code === '23505' && (constraint === undefined || info.constraint === constraint);
}
