import type pg from 'pg';

export interface AuditEntry {
  /** Who did it; null when nobody is signed in (a failed sign-in, the command line). */
  userId: number | null;
  /** What happened, `entity.verb`: `auth.login`, `auth.login-failed`, `focus-area.update`, … */
  action: string;
  entity: string;
  entityId: string | null;
  /** Anything else worth keeping, as JSON. Never a password. */
  details?: unknown;
}

/**
 * Appends an entry to the audit log. Pass the transaction's client when the change it
 * records is made in one, so both are kept or neither.
 */
export async function recordAudit(
  queryable: { query: pg.Pool['query'] } | pg.PoolClient,
  entry: AuditEntry,
): Promise<void> {
  await (queryable as { query: pg.Pool['query'] }).query(
    `INSERT INTO audit_log (user_id, action, entity, entity_id, details) VALUES ($1, $2, $3, $4, $5)`,
    [
      entry.userId,
      entry.action,
      entry.entity,
      entry.entityId,
      entry.details === undefined ? null : JSON.stringify(entry.details),
    ],
  );
}
