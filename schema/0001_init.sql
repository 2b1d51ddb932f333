-- figuren schema, version 1: the PDF layer (documents, pages, words, rules, links,
-- outline, diagnostics). Coordinates: PDF points, origin top-left of the page's CropBox,
-- y downwards, page rotation applied. See schema/README.md for every column.
-- CHECKs use `a = x OR a = y`, not `a IN (x, y)`: SQLite builds a temporary table for IN
-- on every INSERT, which made writing words three times slower.

CREATE TABLE documents (
    id             INTEGER PRIMARY KEY,
    sha256         TEXT    NOT NULL UNIQUE,
    file_name      TEXT    NOT NULL,
    file_path      TEXT,
    file_size      INTEGER NOT NULL,
    title          TEXT,
    author         TEXT,
    info_subject   TEXT,
    keywords       TEXT,
    creator        TEXT,
    producer       TEXT,
    created_at     TEXT,
    modified_at    TEXT,
    pdf_version    TEXT,
    family         TEXT,
    page_count     INTEGER NOT NULL,
    has_text_layer INTEGER NOT NULL CHECK (has_text_layer = 0 OR has_text_layer = 1),
    ingested_at    TEXT    NOT NULL,
    tool_version   TEXT    NOT NULL
);

CREATE TABLE pages (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    page        INTEGER NOT NULL CHECK (page >= 1),
    label       TEXT,
    width       REAL    NOT NULL,
    height      REAL    NOT NULL,
    rotation    INTEGER NOT NULL CHECK (rotation = 0 OR rotation = 90 OR rotation = 180 OR rotation = 270),
    image_count INTEGER NOT NULL DEFAULT 0,
    word_count  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (document_id, page)
) WITHOUT ROWID;

CREATE TABLE words (
    document_id INTEGER NOT NULL,
    page        INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    text        TEXT    NOT NULL,
    x0          REAL    NOT NULL,
    y0          REAL    NOT NULL,
    x1          REAL    NOT NULL,
    y1          REAL    NOT NULL,
    font        TEXT    NOT NULL,
    size        REAL    NOT NULL,
    baseline    REAL    NOT NULL,
    script      TEXT    NOT NULL CHECK (script = 'normal' OR script = 'superscript' OR script = 'subscript'),
    line        INTEGER NOT NULL,
    dir         INTEGER NOT NULL DEFAULT 0 CHECK (dir = 0 OR dir = 90 OR dir = 180 OR dir = 270),
    invisible   INTEGER NOT NULL DEFAULT 0 CHECK (invisible = 0 OR invisible = 1),
    PRIMARY KEY (document_id, page, seq),
    FOREIGN KEY (document_id, page) REFERENCES pages(document_id, page) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE rules (
    document_id INTEGER NOT NULL,
    page        INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    x0          REAL    NOT NULL,
    y0          REAL    NOT NULL,
    x1          REAL    NOT NULL,
    y1          REAL    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind = 'line' OR kind = 'rect'),
    color       TEXT,
    PRIMARY KEY (document_id, page, seq),
    FOREIGN KEY (document_id, page) REFERENCES pages(document_id, page) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE links (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL,
    page        INTEGER NOT NULL,
    uri         TEXT    NOT NULL,
    x0          REAL    NOT NULL,
    y0          REAL    NOT NULL,
    x1          REAL    NOT NULL,
    y1          REAL    NOT NULL,
    FOREIGN KEY (document_id, page) REFERENCES pages(document_id, page) ON DELETE CASCADE
);
CREATE INDEX links_document ON links(document_id, page);

CREATE TABLE outline (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    level       INTEGER NOT NULL CHECK (level >= 1),
    title       TEXT    NOT NULL,
    page        INTEGER,
    PRIMARY KEY (document_id, seq)
) WITHOUT ROWID;

CREATE TABLE diagnostics (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    page        INTEGER,
    stage       TEXT    NOT NULL,
    severity    TEXT    NOT NULL CHECK (severity = 'info' OR severity = 'warning' OR severity = 'error'),
    message     TEXT    NOT NULL
);
CREATE INDEX diagnostics_document ON diagnostics(document_id);
