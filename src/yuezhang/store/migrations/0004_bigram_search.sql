-- yuezhang store, schema version 4: the text index holds CJK bigrams.
-- search_fts used to hold one token per CJK character, so a two-character query walked
-- the long position lists of two common characters; now each run of CJK characters is
-- written as its overlapping bigrams and its last character (see store.search.tokens),
-- and a one-character query is a prefix query, which the one-character prefix index
-- serves. The tokens are made in Python, so after this script the migration refills
-- the table from documents and aliases (store.search.reindex).
DROP TABLE search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, aliases, body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1'
);

-- Counting a text query's matching treaties looks each match up by (is_treaty, id): this
-- index answers from its own small pages instead of the records rows with their JSON.
CREATE INDEX records_treaty_doc ON records(is_treaty, doc_id);
