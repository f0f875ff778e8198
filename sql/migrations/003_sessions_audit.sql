-- Sign-in sessions. The cookie carries a random token; only its SHA-256 is stored, so a copy of
-- this table cannot be used to sign in. A session ends at `expires_at` (absolute) or after the
-- idle lifetime has passed since `last_seen_at` (sliding); the API checks both.
CREATE TABLE sessions (
  token_hash bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Who did what and when: sign-ins (and failed ones), sign-outs, every change to an area of focus.
-- `details` never holds a password.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  user_id bigint REFERENCES users (id),
  action text NOT NULL,
  entity text NOT NULL,
  entity_id text,
  details jsonb
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
