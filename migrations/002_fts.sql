-- Full-text search over name, notes and script (FTS5, external content: the
-- text lives once, in `experiments`; triggers keep the index in step).
-- unicode61 with diacritics removed, so "resume" finds "résumé".

CREATE VIRTUAL TABLE experiments_fts USING fts5 (
  name, notes, script,
  content = 'experiments',
  content_rowid = 'pk',
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER experiments_fts_after_insert AFTER INSERT ON experiments BEGIN
  INSERT INTO experiments_fts (rowid, name, notes, script) VALUES (new.pk, new.name, new.notes, new.script);
END;

CREATE TRIGGER experiments_fts_after_delete AFTER DELETE ON experiments BEGIN
  INSERT INTO experiments_fts (experiments_fts, rowid, name, notes, script)
    VALUES ('delete', old.pk, old.name, old.notes, old.script);
END;

CREATE TRIGGER experiments_fts_after_update AFTER UPDATE OF name, notes, script ON experiments BEGIN
  INSERT INTO experiments_fts (experiments_fts, rowid, name, notes, script)
    VALUES ('delete', old.pk, old.name, old.notes, old.script);
  INSERT INTO experiments_fts (rowid, name, notes, script) VALUES (new.pk, new.name, new.notes, new.script);
END;

-- Index the experiments that existed before this migration.
INSERT INTO experiments_fts (experiments_fts) VALUES ('rebuild');
