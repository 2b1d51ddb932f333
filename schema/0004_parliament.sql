-- figuren schema, version 4: parliamentary papers (issue 11). Kamervragen, Kamerstukken,
-- Handelingen, Staatsblad and Staatscourant with their official identifier and fields, the
-- people they name, where each value was read (evidence), the questions and answers of
-- Kamervragen, and citations resolved to the papers they cite. See schema/README.md.

ALTER TABLE documents ADD COLUMN chamber      TEXT CHECK (chamber IS NULL OR chamber = 'I' OR chamber = 'II');
ALTER TABLE documents ADD COLUMN number       TEXT;
ALTER TABLE documents ADD COLUMN kind         TEXT;
ALTER TABLE documents ADD COLUMN submitted_on TEXT;
ALTER TABLE documents ADD COLUMN answered_on  TEXT;
CREATE INDEX documents_identifier ON documents(identifier);

CREATE TABLE document_people (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    role        TEXT    NOT NULL
                CHECK (role = 'questioner' OR role = 'addressee' OR role = 'answered_by'
                       OR role = 'signatory' OR role = 'submitter'),
    name        TEXT,
    party       TEXT,
    office      TEXT,
    page        INTEGER NOT NULL,
    PRIMARY KEY (document_id, seq)
) WITHOUT ROWID;
CREATE INDEX document_people_name ON document_people(name);

CREATE TABLE document_evidence (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    field       TEXT    NOT NULL,
    value       TEXT    NOT NULL,
    page        INTEGER NOT NULL,
    x0          REAL    NOT NULL,
    y0          REAL    NOT NULL,
    x1          REAL    NOT NULL,
    y1          REAL    NOT NULL,
    source      TEXT    NOT NULL,
    PRIMARY KEY (document_id, seq)
) WITHOUT ROWID;

CREATE TABLE questions (
    document_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    number         INTEGER NOT NULL,
    numbers        TEXT    NOT NULL,
    question       TEXT,
    answer         TEXT,
    answer_numbers TEXT,
    page           INTEGER NOT NULL,
    answer_page    INTEGER,
    PRIMARY KEY (document_id, number)
) WITHOUT ROWID;

CREATE TABLE question_footnotes (
    document_id     INTEGER NOT NULL,
    question_number INTEGER NOT NULL,
    part            TEXT    NOT NULL CHECK (part = 'question' OR part = 'answer'),
    footnote_scope  TEXT    NOT NULL,
    footnote_number INTEGER NOT NULL,
    PRIMARY KEY (document_id, question_number, part, footnote_number),
    FOREIGN KEY (document_id, question_number) REFERENCES questions(document_id, number) ON DELETE CASCADE
) WITHOUT ROWID;

-- The ingested paper a citation points to (the lowest document id with that identifier,
-- never the citing document itself), kept right by the triggers below whichever document
-- is ingested first.
ALTER TABLE citations ADD COLUMN cited_document_id INTEGER REFERENCES documents(id);
CREATE INDEX citations_cited ON citations(cited_document_id);

CREATE TRIGGER citations_resolve AFTER INSERT ON citations
BEGIN
    UPDATE citations
       SET cited_document_id = (SELECT MIN(d.id) FROM documents d
                                 WHERE d.identifier = NEW.identifier AND d.id <> NEW.document_id)
     WHERE id = NEW.id;
END;

CREATE TRIGGER documents_identifier_resolve AFTER UPDATE OF identifier ON documents
BEGIN
    -- citations of the old identifier that pointed here go to another paper with it, if any
    UPDATE citations
       SET cited_document_id = (SELECT MIN(d.id) FROM documents d
                                 WHERE d.identifier = citations.identifier AND d.id <> citations.document_id)
     WHERE cited_document_id = NEW.id AND identifier IS NOT NEW.identifier;
    -- citations of the new identifier point here unless an earlier paper has it
    UPDATE citations
       SET cited_document_id = NEW.id
     WHERE NEW.identifier IS NOT NULL AND identifier = NEW.identifier AND document_id <> NEW.id
       AND (cited_document_id IS NULL OR cited_document_id > NEW.id);
END;

CREATE TRIGGER documents_deleted_unresolve AFTER DELETE ON documents
BEGIN
    UPDATE citations
       SET cited_document_id = (SELECT MIN(d.id) FROM documents d
                                 WHERE d.identifier = citations.identifier AND d.id <> citations.document_id)
     WHERE cited_document_id = OLD.id;
END;

-- Each citation with the paper it points to.
CREATE VIEW citation_links AS
SELECT c.id                AS citation_id,
       c.document_id       AS document_id,
       c.footnote_scope    AS footnote_scope,
       c.footnote_number   AS footnote_number,
       c.page              AS page,
       c.kind              AS kind,
       c.identifier        AS identifier,
       c.raw               AS raw,
       p.id                AS cited_document_id,
       p.file_name         AS cited_file_name,
       p.family            AS cited_family,
       p.subject           AS cited_subject,
       p.published_on      AS cited_date
  FROM citations c
  LEFT JOIN documents p ON p.id = c.cited_document_id;

-- figure -> footnote -> citation -> cited paper: the footnotes cited in a figure's caption
-- or region, the citations in them, and the ingested papers those point to.
CREATE VIEW figure_cited_papers AS
SELECT f.document_id       AS document_id,
       f.id                AS figure_id,
       f.label             AS figure_label,
       f.page              AS figure_page,
       n.scope             AS footnote_scope,
       n.number            AS footnote_number,
       n.text              AS footnote_text,
       c.id                AS citation_id,
       c.kind              AS citation_kind,
       c.identifier        AS identifier,
       c.raw               AS raw,
       p.id                AS cited_document_id,
       p.file_name         AS cited_file_name,
       p.family            AS cited_family,
       p.subject           AS cited_subject,
       p.published_on      AS cited_date
  FROM figures f
  JOIN (SELECT figure_id, scope, footnote_number FROM footnote_refs WHERE figure_id IS NOT NULL
        UNION
        SELECT ff.figure_id, 'document', ff.footnote_number FROM figure_footnotes ff) r
    ON r.figure_id = f.id
  JOIN footnotes n ON n.document_id = f.document_id AND n.scope = r.scope AND n.number = r.footnote_number
  JOIN citations c ON c.document_id = f.document_id AND c.footnote_scope = n.scope
                  AND c.footnote_number = n.number
  LEFT JOIN documents p ON p.id = c.cited_document_id;
