-- Core schema of the liveability map. Geometries in EPSG:4326 (RFC 7946), GiST-indexed,
-- valid only: metric work transforms to Belgian Lambert 72 (EPSG:31370) or uses geography.
CREATE EXTENSION IF NOT EXISTS postgis;

-- The municipality boundary (one row per municipality served).
CREATE TABLE municipalities (
  nis_code text PRIMARY KEY CHECK (nis_code ~ '^[0-9]{5}$'),
  name text NOT NULL CHECK (btrim(name) <> ''),
  geom geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX municipalities_geom_idx ON municipalities USING gist (geom);

-- Wards (wijken): the municipality's own grouping of statistical sectors.
CREATE TABLE wards (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{5}W[0-9]{2}$'),
  name text NOT NULL CHECK (btrim(name) <> ''),
  geom geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX wards_geom_idx ON wards USING gist (geom);

-- Statistical sectors (statistische sectoren, Statbel) with residents and dwellings.
CREATE TABLE neighbourhoods (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{5}[A-Z][0-9A-Z]{2}[0-9A-Z-]$'),
  name text NOT NULL CHECK (btrim(name) <> ''),
  ward_code text REFERENCES wards (code),
  deelgemeente text NOT NULL CHECK (btrim(deelgemeente) <> ''),
  population integer NOT NULL CHECK (population >= 0),
  dwellings integer NOT NULL CHECK (dwellings >= 0),
  -- true while residents and dwellings are estimates rather than official counts
  figures_estimated boolean NOT NULL DEFAULT true,
  geom geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX neighbourhoods_geom_idx ON neighbourhoods USING gist (geom);
CREATE INDEX neighbourhoods_ward_idx ON neighbourhoods (ward_code);

-- Leegstandsregister: vacant and derelict buildings. No owner data: it stays out of the map.
CREATE TABLE vacant_buildings (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_id text NOT NULL UNIQUE CHECK (btrim(source_id) <> ''),
  address text NOT NULL CHECK (btrim(address) <> ''),
  kind text NOT NULL CHECK (kind IN ('woning', 'gebouw', 'bedrijfsruimte')),
  status text NOT NULL CHECK (status IN ('leegstaand', 'verwaarloosd', 'ongeschikt', 'onbewoonbaar')),
  registered_on date NOT NULL,
  resolved_on date CHECK (resolved_on IS NULL OR resolved_on >= registered_on),
  synthetic boolean NOT NULL DEFAULT false,
  geom geometry(Point, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX vacant_buildings_geom_idx ON vacant_buildings USING gist (geom);
CREATE INDEX vacant_buildings_registered_idx ON vacant_buildings (registered_on);

CREATE TABLE incidents (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_id text NOT NULL UNIQUE CHECK (btrim(source_id) <> ''),
  category text NOT NULL CHECK (category IN (
    'overlast', 'vandalisme', 'woninginbraak', 'diefstal', 'geweld',
    'drugs', 'sluikstort', 'burenconflict', 'verkeer')),
  occurred_at timestamptz NOT NULL,
  source text NOT NULL CHECK (source IN ('politie', 'meldpunt')),
  location_precision text NOT NULL CHECK (location_precision IN ('exact', 'straat', 'sector')),
  synthetic boolean NOT NULL DEFAULT false,
  geom geometry(Point, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX incidents_geom_idx ON incidents USING gist (geom);
CREATE INDEX incidents_occurred_idx ON incidents (occurred_at);
CREATE INDEX incidents_category_idx ON incidents (category);

CREATE TABLE youth_facilities (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_id text NOT NULL UNIQUE CHECK (btrim(source_id) <> ''),
  name text NOT NULL CHECK (btrim(name) <> ''),
  kind text NOT NULL CHECK (kind IN (
    'jeugdhuis', 'jeugdbeweging', 'speelplein', 'speeltuin', 'sportveld', 'skatepark', 'school')),
  is_public boolean NOT NULL,
  synthetic boolean NOT NULL DEFAULT false,
  geom geometry(Point, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX youth_facilities_geom_idx ON youth_facilities USING gist (geom);

CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{3,64}$'),
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'coordinator', 'planner')),
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);

-- Areas of focus (aandachtsgebieden). `version` counts saves, for optimistic concurrency.
CREATE TABLE focus_areas (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (btrim(name) <> ''),
  theme text NOT NULL CHECK (theme IN ('wonen', 'jongeren', 'buurten')),
  priority text NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'active', 'closed')),
  description text NOT NULL DEFAULT '',
  actions jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(actions) = 'array'),
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  deleted_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by bigint REFERENCES users (id),
  geom geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX focus_areas_geom_idx ON focus_areas USING gist (geom);

-- Every save of an area of focus, whole, so any version can be viewed, compared and restored.
CREATE TABLE focus_area_versions (
  focus_area_id bigint NOT NULL REFERENCES focus_areas (id),
  version integer NOT NULL,
  name text NOT NULL,
  theme text NOT NULL,
  priority text NOT NULL,
  status text NOT NULL,
  description text NOT NULL,
  actions jsonb NOT NULL,
  deleted_at timestamptz,
  changed_at timestamptz NOT NULL,
  changed_by bigint REFERENCES users (id),
  geom geometry(MultiPolygon, 4326) NOT NULL,
  PRIMARY KEY (focus_area_id, version)
);

CREATE FUNCTION record_focus_area_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO focus_area_versions (focus_area_id, version, name, theme, priority, status,
    description, actions, deleted_at, changed_at, changed_by, geom)
  VALUES (NEW.id, NEW.version, NEW.name, NEW.theme, NEW.priority, NEW.status,
    NEW.description, NEW.actions, NEW.deleted_at, NEW.updated_at, NEW.updated_by, NEW.geom);
  RETURN NEW;
END $$;

CREATE TRIGGER focus_areas_versioned AFTER INSERT OR UPDATE ON focus_areas
  FOR EACH ROW EXECUTE FUNCTION record_focus_area_version();
