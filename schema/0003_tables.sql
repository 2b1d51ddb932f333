-- figuren schema, version 3: tables as typed cells (issue 7). Every body cell of a figure's
-- table, with its row and column header paths, the text as printed, and the value as an
-- exact decimal next to a REAL for convenience. See schema/README.md.

ALTER TABLE figures ADD COLUMN stub         TEXT;
ALTER TABLE figures ADD COLUMN decimal_mark TEXT;
ALTER TABLE figures ADD COLUMN table_pages  TEXT;

CREATE TABLE figure_cells (
    figure_id   INTEGER NOT NULL REFERENCES figures(id) ON DELETE CASCADE,
    row_index   INTEGER NOT NULL CHECK (row_index >= 0),
    col_index   INTEGER NOT NULL CHECK (col_index >= 0),
    row_path    TEXT    NOT NULL,
    column_path TEXT    NOT NULL,
    raw         TEXT    NOT NULL,
    value       REAL,
    value_exact TEXT,
    decimals    INTEGER,
    unit        TEXT,
    status      TEXT    NOT NULL
                CHECK (status = 'ok' OR status = 'not_applicable' OR status = 'nil' OR status = 'unknown'
                       OR status = 'secret' OR status = 'below_threshold' OR status = 'range'
                       OR status = 'text' OR status = 'empty'),
    lower       TEXT,
    upper       TEXT,
    share       TEXT,
    stars       INTEGER NOT NULL DEFAULT 0,
    page        INTEGER NOT NULL,
    x0          REAL,
    y0          REAL,
    x1          REAL,
    y1          REAL,
    PRIMARY KEY (figure_id, row_index, col_index)
) WITHOUT ROWID;
