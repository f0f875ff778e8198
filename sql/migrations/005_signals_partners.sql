-- Signals and partners (issue 10, decision record 22). Signals of poor housing care, suspected
-- vacancy, neglect, neighbour disputes for mediation and youth nuisance, pinned by staff and
-- followed up by the partners of the core group. Never public in any form.

-- The core group's organisations: no personal data (a contact role, not a person or a phone).
CREATE TABLE partners (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE CHECK (btrim(name) <> '' AND length(name) <= 200),
  kind text NOT NULL CHECK (kind IN ('police', 'social-welfare', 'housing', 'youth', 'prevention', 'city', 'other')),
  contact_role text NOT NULL DEFAULT '' CHECK (length(contact_role) <= 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by bigint REFERENCES users (id)
);

-- A partner user belongs to exactly one partner; staff users to none.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'coordinator', 'planner', 'partner'));
ALTER TABLE users ADD COLUMN partner_id bigint REFERENCES partners (id);
ALTER TABLE users ADD CONSTRAINT users_partner_only_for_partners CHECK ((role = 'partner') = (partner_id IS NOT NULL));

-- The safety chain (veiligheidsketen): pro-action, prevention, preparation of the reaction,
-- repression, aftercare.
CREATE DOMAIN safety_phase AS text
  CHECK (VALUE IN ('pro-action', 'prevention', 'preparation', 'repression', 'aftercare'));

CREATE TABLE signals (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('housing-care', 'suspected-vacancy', 'neglect', 'neighbour-dispute', 'youth-nuisance', 'other')),
  -- Personal data (free text about people and homes): emptied by the retention job.
  description text CHECK (length(description) <= 4000),
  -- Who reported it, as the reporting partner wrote it down: personal data, emptied likewise.
  reporter text CHECK (length(reporter) <= 200),
  reported_on date NOT NULL,
  reporting_partner_id bigint REFERENCES partners (id),
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'assessed', 'referred', 'in-progress', 'closed')),
  phase safety_phase NOT NULL,
  -- The partner responsible for the follow-up: its users see and move this signal.
  partner_id bigint REFERENCES partners (id),
  vacant_building_id bigint REFERENCES vacant_buildings (id) ON DELETE SET NULL,
  incident_id bigint REFERENCES incidents (id) ON DELETE SET NULL,
  focus_area_id bigint REFERENCES focus_areas (id) ON DELETE SET NULL,
  geom geometry(Point, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by bigint REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  anonymised_at timestamptz,
  CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  CHECK (anonymised_at IS NULL OR (status = 'closed' AND description IS NULL AND reporter IS NULL))
);
CREATE INDEX signals_geom_idx ON signals USING gist (geom);
CREATE INDEX signals_partner_idx ON signals (partner_id);
CREATE INDEX signals_closed_idx ON signals (closed_at) WHERE anonymised_at IS NULL;

-- The dated trail of every step: creation, each status change, each change of partner.
CREATE TABLE signal_steps (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  signal_id bigint NOT NULL REFERENCES signals (id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  from_status text,
  to_status text NOT NULL,
  partner_id bigint REFERENCES partners (id),
  -- Personal data: emptied by the retention job.
  note text CHECK (length(note) <= 2000),
  user_id bigint REFERENCES users (id)
);
CREATE INDEX signal_steps_signal_idx ON signal_steps (signal_id, at);

-- Caches of derived results (indicator counts) key on the signals' data version too.
INSERT INTO data_versions (table_name) VALUES ('signals'), ('partners');
CREATE TRIGGER signals_versioned AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON signals
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER partners_versioned AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON partners
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
