-- figuren schema, version 2: document structure (issue 3). Sections, figures (captions),
-- footnotes and where they are cited, citations, links tied to figures, and document
-- metadata from the letterhead / Kamerstuk header. See schema/README.md.

ALTER TABLE documents ADD COLUMN profile      TEXT;
ALTER TABLE documents ADD COLUMN edition      INTEGER;
ALTER TABLE documents ADD COLUMN published_on TEXT;
ALTER TABLE documents ADD COLUMN kenmerk      TEXT;
ALTER TABLE documents ADD COLUMN dossier      TEXT;
ALTER TABLE documents ADD COLUMN ondernummer  TEXT;
ALTER TABLE documents ADD COLUMN vergaderjaar TEXT;
ALTER TABLE documents ADD COLUMN subject      TEXT;
ALTER TABLE documents ADD COLUMN signatory    TEXT;
ALTER TABLE documents ADD COLUMN sender       TEXT;
ALTER TABLE documents ADD COLUMN identifier   TEXT;

CREATE TABLE sections (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    number      TEXT,
    title       TEXT    NOT NULL,
    level       INTEGER NOT NULL,
    page        INTEGER NOT NULL,
    parent_id   INTEGER REFERENCES sections(id) ON DELETE CASCADE,
    UNIQUE (document_id, seq)
);

CREATE TABLE figures (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    label        TEXT    NOT NULL,
    number       TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    period       TEXT,
    source       TEXT,
    source_orgs  TEXT    NOT NULL DEFAULT '[]',
    note         TEXT,
    caption_text TEXT    NOT NULL,
    page         INTEGER NOT NULL,
    page_label   TEXT,
    x0           REAL    NOT NULL,
    y0           REAL    NOT NULL,
    x1           REAL    NOT NULL,
    y1           REAL    NOT NULL,
    kind         TEXT    NOT NULL DEFAULT 'unknown'
                 CHECK (kind = 'table' OR kind = 'list' OR kind = 'chart' OR kind = 'image' OR kind = 'unknown'),
    UNIQUE (document_id, label)
);

CREATE TABLE figure_footnotes (
    figure_id       INTEGER NOT NULL REFERENCES figures(id) ON DELETE CASCADE,
    footnote_number INTEGER NOT NULL,
    PRIMARY KEY (figure_id, footnote_number)
) WITHOUT ROWID;

CREATE TABLE footnotes (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    scope       TEXT    NOT NULL,
    number      INTEGER NOT NULL,
    text        TEXT    NOT NULL,
    page        INTEGER NOT NULL,
    PRIMARY KEY (document_id, scope, number)
) WITHOUT ROWID;

CREATE TABLE footnote_refs (
    id              INTEGER PRIMARY KEY,
    document_id     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    scope           TEXT    NOT NULL,
    footnote_number INTEGER NOT NULL,
    page            INTEGER NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind = 'body' OR kind = 'caption' OR kind = 'header' OR kind = 'cell'),
    figure_id       INTEGER REFERENCES figures(id) ON DELETE CASCADE,
    row_index       INTEGER,
    col_index       INTEGER,
    context         TEXT    NOT NULL
);
CREATE INDEX footnote_refs_note ON footnote_refs(document_id, scope, footnote_number);

CREATE TABLE citations (
    id              INTEGER PRIMARY KEY,
    document_id     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    footnote_scope  TEXT,
    footnote_number INTEGER,
    page            INTEGER NOT NULL,
    kind            TEXT    NOT NULL,
    raw             TEXT    NOT NULL,
    identifier      TEXT    NOT NULL,
    url             TEXT,
    chamber         TEXT,
    session_year    TEXT,
    dossier         TEXT,
    number          TEXT
);
CREATE INDEX citations_document ON citations(document_id, footnote_number);
CREATE INDEX citations_identifier ON citations(identifier);

ALTER TABLE links ADD COLUMN figure_id INTEGER REFERENCES figures(id) ON DELETE SET NULL;
