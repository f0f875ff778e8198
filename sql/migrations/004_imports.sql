-- Imports (issue 8, decision record 18). Every run, dry or real, done or failed, is kept with
-- its counts and every rejected row, so its report can be downloaded later; a source's column
-- mapping is kept for its next file.

CREATE TABLE import_runs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  layer_id text NOT NULL,
  -- the source's name when its mapping was used or saved (police export, register, …)
  source text,
  file_name text NOT NULL,
  -- what the reader found out: format, encoding, separator, columns, CRS (SourceDescription)
  file jsonb NOT NULL,
  dry_run boolean NOT NULL,
  -- null: the command line
  user_id bigint REFERENCES users (id),
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL CHECK (status IN ('done', 'failed')),
  -- why a failed run could not run; null when done
  message text,
  mapping jsonb NOT NULL,
  crs jsonb,
  rows_read integer NOT NULL DEFAULT 0 CHECK (rows_read >= 0),
  inserted integer NOT NULL DEFAULT 0 CHECK (inserted >= 0),
  updated integer NOT NULL DEFAULT 0 CHECK (updated >= 0),
  -- of the updated, the features that already had exactly the file's values
  unchanged integer NOT NULL DEFAULT 0 CHECK (unchanged >= 0 AND unchanged <= updated),
  rejected integer NOT NULL DEFAULT 0 CHECK (rejected >= 0),
  unknown_values jsonb NOT NULL DEFAULT '{}',
  duration_ms integer NOT NULL DEFAULT 0,
  -- a run that ran accounts for every row it read
  CHECK (status = 'failed' OR inserted + updated + rejected = rows_read)
);
CREATE INDEX import_runs_layer_idx ON import_runs (layer_id, id DESC);

-- One line per rejected row: its row number as the user sees it, the field concerned, why.
CREATE TABLE import_rejections (
  run_id bigint NOT NULL REFERENCES import_runs (id) ON DELETE CASCADE,
  row_no integer NOT NULL,
  field text,
  reason text NOT NULL,
  PRIMARY KEY (run_id, row_no)
);

-- The column mapping last used for a source, per layer, offered for that source's next file.
CREATE TABLE import_sources (
  layer_id text NOT NULL,
  name text NOT NULL CHECK (btrim(name) <> ''),
  mapping jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by bigint REFERENCES users (id),
  PRIMARY KEY (layer_id, name)
);
