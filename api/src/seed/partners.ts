import type pg from 'pg';
import type { NewPartner } from '../signals/partners.ts';

/*
 * The demo's partner organisations: the core group the liveability plan names. Real
 * organisations of Halle by their public names, with a contact role and no person. Added when
 * missing and never replaced or removed (users and signals refer to them, and an admin may
 * have changed their contact role), so loading the demo again changes nothing here.
 */

export const DEMO_PARTNERS: readonly NewPartner[] = [
  { name: 'Politie Halle', kind: 'police', contactRole: 'Wijkinspecteur' },
  { name: 'OCMW Halle', kind: 'social-welfare', contactRole: 'Maatschappelijk werker' },
  { name: 'Huisvestingsdienst', kind: 'housing', contactRole: 'Woonconsulent' },
  { name: 'Jeugddienst', kind: 'youth', contactRole: 'Jeugdconsulent' },
  { name: 'Preventiedienst', kind: 'prevention', contactRole: 'Preventiecoördinator' },
];

/** Adds the demo partners that are missing (by name); returns how many of them the table holds. */
export async function seedDemoPartners(client: Pick<pg.PoolClient, 'query'>): Promise<number> {
  const names = DEMO_PARTNERS.map((p) => p.name);
  await client.query(
    `INSERT INTO partners (name, kind, contact_role)
     SELECT name, kind, contact_role FROM unnest($1::text[], $2::text[], $3::text[]) AS t(name, kind, contact_role)
     ON CONFLICT (name) DO NOTHING`,
    [names, DEMO_PARTNERS.map((p) => p.kind), DEMO_PARTNERS.map((p) => p.contactRole)],
  );
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::integer AS n FROM partners WHERE name = ANY ($1::text[])`,
    [names],
  );
  return rows[0]!.n;
}
