-- A version per data table, bumped by every statement that changes the table (inserts, updates,
-- deletes, truncates; a COPY of a million rows is one bump). Caches of derived results (vector
-- tiles) key on it, so a change is never answered with a stale tile. On PostgreSQL servers
-- the bump is also announced on the `data_changed` channel, so the API learns of writes made by
-- other processes (imports, psql) without asking for every request.
CREATE TABLE data_versions (
  table_name text PRIMARY KEY,
  version bigint NOT NULL DEFAULT 1
);

INSERT INTO data_versions (table_name)
VALUES ('neighbourhoods'), ('wards'), ('vacant_buildings'), ('incidents'), ('youth_facilities'), ('focus_areas');

CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE table_name = TG_TABLE_NAME;
  PERFORM pg_notify('data_changed', TG_TABLE_NAME);
  RETURN NULL;
END $$;

CREATE TRIGGER neighbourhoods_versioned AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON neighbourhoods
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER wards_versioned AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON wards
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER vacant_buildings_versioned AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON vacant_buildings
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER incidents_versioned AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON incidents
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER youth_facilities_versioned AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON youth_facilities
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER focus_areas_data_versioned AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON focus_areas
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
