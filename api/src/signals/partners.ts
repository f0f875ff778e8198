import type { Partner, PartnerKind } from './schema.ts';
import type { Queryable } from './queries.ts';

/*
 * The partner organisations of the core group (police, OCMW, housing, youth, prevention, …):
 * records without personal data, a contact role rather than a person or a phone number.
 */

interface PartnerRow {
  id: string | number;
  name: string;
  kind: string;
  contact_role: string;
}

const toPartner = (row: PartnerRow): Partner => ({
  id: Number(row.id),
  name: row.name,
  kind: row.kind,
  contactRole: row.contact_role,
});

/** Every partner, by name. */
export async function listPartners(db: Queryable): Promise<Partner[]> {
  const { rows } = await db.query<PartnerRow>(
    `SELECT id, name, kind, contact_role FROM partners ORDER BY lower(name), name, id`,
  );
  return rows.map(toPartner);
}

export interface NewPartner {
  name: string;
  kind: PartnerKind;
  contactRole: string;
}

/**
 * Adds a partner; null when the name is taken. Names are compared trimmed and regardless of
 * case ("politie halle" is "Politie Halle"): one organisation, one record.
 */
export async function insertPartner(
  db: Queryable,
  partner: NewPartner,
  userId: number | null,
): Promise<Partner | null> {
  const { rows } = await db.query<PartnerRow>(
    `INSERT INTO partners (name, kind, contact_role, updated_by)
     SELECT $1::text, $2::text, $3::text, $4::bigint
      WHERE NOT EXISTS (SELECT 1 FROM partners WHERE lower(name) = lower($1::text))
     ON CONFLICT (name) DO NOTHING
     RETURNING id, name, kind, contact_role`,
    [partner.name, partner.kind, partner.contactRole, userId],
  );
  return rows[0] ? toPartner(rows[0]) : null;
}
