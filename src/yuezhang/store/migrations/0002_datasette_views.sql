-- yuezhang store, schema version 2: flat views for browsing in Datasette.
-- `datasette yuezhang.db -m metadata.yml` (metadata from `yuezhang export --format
-- datasette-metadata`) shows these with titles, units, facets and a search box.

-- One row per treaty: its names, dates, place, parties and signatories as text.
CREATE VIEW treaty_list AS
SELECT
    r.doc_id AS id,
    r.title,
    (SELECT group_concat(name, ' | ') FROM (SELECT DISTINCT name FROM aliases a WHERE a.doc_id = r.doc_id)) AS aliases,
    r.signed,
    CAST(substr(r.signed, 1, 4) AS INTEGER) AS signed_year,
    r.effective,
    r.ended,
    r.place,
    r.lat,
    r.lon,
    (SELECT group_concat(value, ' | ') FROM (SELECT DISTINCT value FROM facts f
        WHERE f.doc_id = r.doc_id AND f.field = 'party' ORDER BY f.id)) AS parties,
    (SELECT group_concat(value, ' | ') FROM (SELECT DISTINCT value FROM facts f
        WHERE f.doc_id = r.doc_id AND f.field = 'signatory' ORDER BY f.id)) AS signatories,
    r.article_count,
    r.area_km2,
    d.path AS source,
    json_extract(d.meta, '$.url') AS url
FROM records r JOIN documents d ON d.id = r.doc_id
WHERE r.is_treaty = 1;

-- One row per (treaty, party): facet by party, count treaties per polity and century.
CREATE VIEW treaty_parties AS
SELECT
    f.doc_id AS treaty_id,
    r.title AS treaty,
    f.value AS party,
    r.signed,
    CAST(substr(r.signed, 1, 4) AS INTEGER) AS signed_year,
    f.sentence AS evidence
FROM facts f JOIN records r ON r.doc_id = f.doc_id
WHERE f.field = 'party' AND r.is_treaty = 1;

-- One row per (treaty, signatory), with the side they signed for.
CREATE VIEW treaty_signatories AS
SELECT
    f.doc_id AS treaty_id,
    r.title AS treaty,
    f.value AS signatory,
    json_extract(f.data, '$.side') AS side,
    json_extract(f.data, '$.office') AS office,
    r.signed,
    f.sentence AS evidence
FROM facts f JOIN records r ON r.doc_id = f.doc_id
WHERE f.field = 'signatory' AND r.is_treaty = 1;

-- Agreements each treaty names, with the treaty in the store when it is there.
CREATE VIEW treaty_relations AS
SELECT
    rel.doc_id AS treaty_id,
    r.title AS treaty,
    rel.relation,
    rel.target_title AS target,
    rel.target_doc_id AS target_id,
    f.sentence AS evidence
FROM relations rel
JOIN records r ON r.doc_id = rel.doc_id
LEFT JOIN facts f ON f.id = rel.fact_id
WHERE r.is_treaty = 1;

-- Datasette's search box over treaty_list. Chinese has no spaces between words, so
-- each column is indexed as every substring of its names, in both scripts
-- (yuezhang.store.name_index fills it at every build); a search for any part of a
-- treaty's, party's, signatory's or place's name finds the treaty.
CREATE VIRTUAL TABLE treaty_list_fts USING fts5(
    title, aliases, parties, signatories, place,
    content="treaty_list", content_rowid="id"
);
