-- yuezhang store, schema version 1.
-- Documents and their structure, extraction records, facts with evidence,
-- entities and relations, build errors, and full-text search over folded text.

CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    key          TEXT NOT NULL UNIQUE,      -- absolute file path, or "DUMP#page_id" for dump pages
    path         TEXT NOT NULL,             -- the path as shown to users (Evidence.path)
    title        TEXT NOT NULL,
    folded_title TEXT NOT NULL,             -- title in simplified script
    format       TEXT NOT NULL,             -- wikitext | markdown | plain
    content_hash TEXT NOT NULL,             -- sha256 of the decoded source
    source       TEXT NOT NULL,
    plain        TEXT NOT NULL,
    offsets      BLOB NOT NULL,             -- zlib-compressed array('i') plain -> source offsets
    structure    TEXT NOT NULL,             -- JSON: sections, paragraphs, links, bolds, list_items, templates, categories, references
    meta         TEXT NOT NULL DEFAULT '{}' -- JSON: page_id, revision_id, timestamp, url ...
);
CREATE INDEX documents_title ON documents(folded_title);

-- One extraction record per document (is_treaty 0 or 1); `record` is the export JSON.
CREATE TABLE records (
    doc_id            INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    is_treaty         INTEGER NOT NULL,
    title             TEXT NOT NULL,
    signed            TEXT,   -- "YYYY[-MM[-DD]]"
    signed_precision  TEXT,
    effective         TEXT,
    ended             TEXT,
    place             TEXT,   -- canonical place name
    lat               REAL,
    lon               REAL,
    article_count     INTEGER,
    area_km2          REAL,
    record            TEXT NOT NULL
);
CREATE INDEX records_signed ON records(signed);

CREATE VIEW treaties AS SELECT * FROM records WHERE is_treaty = 1;

-- Every fact with its evidence: span in documents.plain, the sentence, span in source.
CREATE TABLE facts (
    id           INTEGER PRIMARY KEY,
    doc_id       INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    field        TEXT NOT NULL,   -- alias, signed, effective, ended, duration, place, party, signatory,
                                  -- article_count, article, territory, related, status
    value        TEXT NOT NULL,   -- the fact's value as text (canonical name, ISO date, number ...)
    data         TEXT NOT NULL,   -- the fact object as JSON
    start        INTEGER,         -- evidence span in plain (NULL only for redirect aliases)
    end          INTEGER,
    source_start INTEGER,
    source_end   INTEGER,
    sentence     TEXT
);
CREATE INDEX facts_doc ON facts(doc_id, field);
CREATE INDEX facts_value ON facts(field, value);

CREATE TABLE entities (
    id     INTEGER PRIMARY KEY,
    kind   TEXT NOT NULL,   -- polity | person | place
    name   TEXT NOT NULL,
    folded TEXT NOT NULL,
    data   TEXT NOT NULL DEFAULT '{}',
    UNIQUE (kind, name)
);

-- Which treaty an entity appears in, and as what.
CREATE TABLE mentions (
    doc_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    role      TEXT NOT NULL,   -- party | signatory | place
    fact_id   INTEGER REFERENCES facts(id) ON DELETE CASCADE
);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE INDEX mentions_doc ON mentions(doc_id);

CREATE TABLE aliases (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    name   TEXT NOT NULL,
    folded TEXT NOT NULL,
    how    TEXT NOT NULL
);
CREATE INDEX aliases_folded ON aliases(folded);

-- Agreements a treaty names; target_doc_id is filled when the target is in the store.
CREATE TABLE relations (
    id            INTEGER PRIMARY KEY,
    doc_id        INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    target_title  TEXT NOT NULL,
    target_folded TEXT NOT NULL,
    target_doc_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    relation      TEXT NOT NULL,
    fact_id       INTEGER REFERENCES facts(id) ON DELETE CASCADE
);
CREATE INDEX relations_doc ON relations(doc_id);

-- Redirect pages of a dump: title -> target title.
CREATE TABLE redirects (
    title  TEXT PRIMARY KEY,
    target TEXT NOT NULL
);

-- Inputs that could not be read, with where and why.
CREATE TABLE errors (
    id       INTEGER PRIMARY KEY,
    path     TEXT NOT NULL,
    position INTEGER,          -- byte offset, when it applies
    kind     TEXT NOT NULL,    -- unreadable, encoding, empty, binary, markup, xml, bz2, too_large ...
    message  TEXT NOT NULL,
    UNIQUE (path, position, kind)
);

-- Full-text search over folded (simplified) text. Chinese has no word spaces, so
-- the indexed columns hold the folded text with every CJK character spaced out
-- (see store.search.tokens); a query becomes a phrase of the same tokens.
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, aliases, body,
    tokenize = 'unicode61 remove_diacritics 2'
);
