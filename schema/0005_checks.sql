-- figuren schema, version 5: self-checks of tables (issue 8). Every relation a table names
-- (a change row, a total, `waarvan` parts, shares, a ratio) recomputed from its printed
-- cells; the figure's verdict; and `observations`, the tidy long table of every cell with
-- its document and figure (what `figuren export` writes). See schema/README.md.

ALTER TABLE figures ADD COLUMN check_status TEXT NOT NULL DEFAULT 'unchecked'
    CHECK (check_status = 'verified' OR check_status = 'inconsistent' OR check_status = 'unchecked');

CREATE TABLE checks (
    id         INTEGER PRIMARY KEY,
    figure_id  INTEGER NOT NULL REFERENCES figures(id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL
               CHECK (kind = 'percent_change' OR kind = 'difference' OR kind = 'total'
                      OR kind = 'shares_sum' OR kind = 'ratio'),
    cells      TEXT    NOT NULL,
    expected   TEXT    NOT NULL,
    printed    TEXT    NOT NULL,
    status     TEXT    NOT NULL CHECK (status = 'ok' OR status = 'rounding' OR status = 'mismatch'),
    confidence TEXT    NOT NULL CHECK (confidence = 'explicit' OR confidence = 'inferred'),
    detail     TEXT    NOT NULL
);
CREATE INDEX checks_figure ON checks(figure_id);

CREATE VIEW observations AS
SELECT d.id            AS document_id,
       d.file_name     AS document,
       d.sha256        AS document_sha256,
       d.family        AS family,
       d.edition       AS edition,
       f.id            AS figure_id,
       f.label         AS figure,
       f.number        AS figure_number,
       f.title         AS title,
       f.period        AS period,
       f.source        AS source,
       c.row_index     AS row_index,
       c.col_index     AS col_index,
       c.row_path      AS row_path,
       c.column_path   AS column_path,
       c.raw           AS raw,
       c.value         AS value,
       c.value_exact   AS value_exact,
       c.decimals      AS decimals,
       c.unit          AS unit,
       c.status        AS status,
       c.lower         AS lower,
       c.upper         AS upper,
       c.share         AS share,
       c.stars         AS stars,
       c.page          AS page,
       p.label         AS page_label,
       f.check_status  AS check_status
  FROM figure_cells c
  JOIN figures f   ON f.id = c.figure_id
  JOIN documents d ON d.id = f.document_id
  LEFT JOIN pages p ON p.document_id = f.document_id AND p.page = c.page;
