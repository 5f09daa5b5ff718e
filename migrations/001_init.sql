-- Experiments and their revision history.
-- Times are ISO-8601 UTC strings with milliseconds (new Date().toISOString()),
-- which sort correctly as text.
-- `pk` is an explicit INTEGER PRIMARY KEY so the rowid is stable across VACUUM
-- (the full-text index in 002 refers to it); `id` is the public UUID.

-- Small columns first, long text last: reading a list's columns then never
-- walks the overflow pages of a long script.
CREATE TABLE experiments (
  pk             INTEGER PRIMARY KEY,
  id             TEXT    NOT NULL UNIQUE,
  name           TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  revision       INTEGER NOT NULL CHECK (revision >= 1),
  seed           INTEGER CHECK (seed IS NULL OR typeof(seed) = 'integer'),
  engine_version TEXT,
  created_at     TEXT    NOT NULL,
  updated_at     TEXT    NOT NULL,
  deleted_at     TEXT,
  notes          TEXT    NOT NULL DEFAULT '',
  builder_state  TEXT    CHECK (builder_state IS NULL OR json_valid(builder_state)),
  script         TEXT    NOT NULL
);

-- "Newest first" lists of live (deleted_at IS NULL) or trashed experiments.
CREATE INDEX experiments_by_trash_updated ON experiments (deleted_at, updated_at DESC, pk DESC);

-- The last run result is kept out of the experiments row: it can be megabytes,
-- and lists never need it.
CREATE TABLE last_results (
  experiment_pk INTEGER PRIMARY KEY REFERENCES experiments (pk) ON DELETE CASCADE,
  result        TEXT    NOT NULL CHECK (json_valid(result)),
  saved_at      TEXT    NOT NULL
);

-- One row per save: a full copy of what the user edits, so any revision can be
-- restored exactly.
CREATE TABLE revisions (
  experiment_pk  INTEGER NOT NULL REFERENCES experiments (pk) ON DELETE CASCADE,
  revision       INTEGER NOT NULL CHECK (revision >= 1),
  name           TEXT    NOT NULL,
  notes          TEXT    NOT NULL,
  script         TEXT    NOT NULL,
  builder_state  TEXT,
  seed           INTEGER,
  engine_version TEXT,
  saved_at       TEXT    NOT NULL,
  PRIMARY KEY (experiment_pk, revision)
) WITHOUT ROWID;
