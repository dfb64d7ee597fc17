-- yuezhang store, schema version 3: indexes for the read side (HTTP API, exports).
-- Records rows carry the whole export JSON, so a scan of `records` reads every page of
-- it; these indexes let the treaty list count, filter and sort from index pages alone
-- (the rowid, doc_id, is the last column of every index), and let a treaty page find
-- the treaties that name it.

CREATE INDEX records_treaty_dates ON records(is_treaty, signed, effective, ended);
CREATE INDEX records_treaty_effective ON records(is_treaty, effective);
CREATE INDEX records_treaty_ended ON records(is_treaty, ended);
CREATE INDEX records_treaty_place ON records(is_treaty, place, lat, lon);
CREATE INDEX facts_field_value_doc ON facts(field, value, doc_id);
CREATE INDEX mentions_entity_doc ON mentions(entity_id, doc_id, role);
CREATE INDEX relations_target ON relations(target_doc_id);
