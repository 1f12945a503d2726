-- schema.sql - the quoth quote store: an SQLite database written by
-- `quoth index` and read by `quoth search` and `quoth speakers`.
--
-- This file is the schema: the command runs it, as it stands, to create a
-- new store (cli/store_schema.inc is generated from it). docs/store.md
-- explains the design; the comments here say what each column holds.
--
-- Schema version 1. `application_id` marks the file as a quoth store and
-- `user_version` is the schema version; both are in the database header.
-- quoth refuses a store with a newer version and upgrades an older one as
-- described under "Migrations" in docs/store.md.

PRAGMA application_id = 1366651764;  -- 0x51756F74, "Quot"
PRAGMA user_version = 1;

-- One row per input document, found again by its id on re-indexing.
CREATE TABLE document (
    id      INTEGER PRIMARY KEY,
    key     TEXT NOT NULL UNIQUE,  -- the document id: JSONL id field or file name
    url     TEXT,                  -- from the JSONL fields of the same names
    title   TEXT,
    date    TEXT,                  -- ISO 8601 date or date-time (YYYY-MM-DD...), else NULL
    source  TEXT,                  -- the outlet or feed
    bytes   INTEGER NOT NULL,      -- length of the text in bytes
    hash    INTEGER NOT NULL       -- 64-bit hash of the text: same key and hash = unchanged
);

-- One row per canonical speaker name: the name NFKC-normalised and
-- case-folded, punctuation and white space removed ("Hillary Clinton",
-- "HILLARY CLINTON" and "Hillary  Clinton" are one speaker).
CREATE TABLE speaker (
    id    INTEGER PRIMARY KEY,
    key   TEXT NOT NULL UNIQUE,    -- the canonical name
    name  TEXT NOT NULL            -- the spelling seen first
);

-- The names a speaker went by: every spelling of the speaker name, and
-- mentions that are part of it ("Clinton" for "Hillary Clinton"). A name
-- is added when first seen and stays while its speaker has quotes.
CREATE TABLE speaker_variant (
    speaker INTEGER NOT NULL REFERENCES speaker(id),
    name    TEXT NOT NULL,
    PRIMARY KEY (speaker, name)
) WITHOUT ROWID;

-- Dedup groups: one row per distinct quotation. Quotes whose canonical
-- keys (NFKC, case-folded, punctuation and white space removed) are equal
-- are one group; a quote whose key is part of a group's key, said by a
-- speaker the group already has, joins that group.
CREATE TABLE quote_group (
    id          INTEGER PRIMARY KEY,
    text        TEXT NOT NULL,     -- the longest variant with the group's key (of
                                   -- equal ones, the last in byte order)
    key_hash    INTEGER NOT NULL,  -- quote_key.hash of that key
    anchors     INTEGER NOT NULL,  -- its rows in quote_anchor; 0 for a short key
    occurrences INTEGER NOT NULL,  -- rows in `quote`
    first_date  TEXT,              -- earliest and latest document.date of them
    last_date   TEXT
);

-- Every canonical key seen, and the group it belongs to. The hash stands
-- for the key: two different keys share a 64-bit hash with a probability
-- of about 3e-8 in a store of a million distinct quotes.
CREATE TABLE quote_key (
    hash INTEGER PRIMARY KEY,
    grp  INTEGER NOT NULL REFERENCES quote_group(id)
);
CREATE INDEX quote_key_grp ON quote_key(grp);

-- The minimizers of each group's root key of 31 bytes or more: the groups
-- whose keys contain a new key, or lie inside it, share its minimizers
-- (docs/store.md, "Contained quotes").
CREATE TABLE quote_anchor (
    hash INTEGER NOT NULL,
    grp  INTEGER NOT NULL REFERENCES quote_group(id),
    PRIMARY KEY (hash, grp)
) WITHOUT ROWID;

-- One row per quotation found, with the fields of SPEC.md. Offsets are
-- UTF-8 byte offsets into the document text, end exclusive.
CREATE TABLE quote (
    id            INTEGER PRIMARY KEY,
    doc           INTEGER NOT NULL REFERENCES document(id),
    grp           INTEGER NOT NULL REFERENCES quote_group(id),
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    kind          INTEGER NOT NULL,  -- 0 direct, 1 mixed, 2 indirect
    text          TEXT,              -- NULL when it equals quote_group.text
    speaker       INTEGER REFERENCES speaker(id),  -- NULL when nobody is named
    mention_start INTEGER,           -- the mention, NULL when there is none
    mention_end   INTEGER,
    mention       TEXT,
    cue_start     INTEGER,           -- the cue, NULL when there is none
    cue_end       INTEGER,
    cue           TEXT,
    gender        INTEGER NOT NULL,  -- speaker_gender: 0 no evidence, 1 female, 2 male
    confidence    REAL NOT NULL
);
CREATE INDEX quote_doc ON quote(doc);
-- Covers what search asks of a group: its speakers and its documents.
CREATE INDEX quote_grp ON quote(grp, speaker, doc);

-- Full-text index over the group texts. External content: the text is
-- quote_group's, and quoth updates the index with the group rows, in the
-- same transaction (not by triggers, which make FTS5 flush at every row).
CREATE VIRTUAL TABLE quote_fts USING fts5(
    text, content = 'quote_group', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- ---- views: the stored data in the words of SPEC.md ----------------------

-- Every quotation as `quoth` prints it, plus its group.
CREATE VIEW quote_full AS
SELECT q.id, d.key AS doc, q.start, q.end, coalesce(q.text, g.text) AS text,
       CASE q.kind WHEN 0 THEN 'direct' WHEN 1 THEN 'mixed' ELSE 'indirect' END AS kind,
       s.name AS speaker, q.mention_start, q.mention_end, q.mention,
       q.cue_start, q.cue_end, q.cue,
       CASE q.gender WHEN 1 THEN 'female' WHEN 2 THEN 'male' END AS speaker_gender,
       q.confidence, q.grp
FROM quote q
JOIN document d ON d.id = q.doc
JOIN quote_group g ON g.id = q.grp
LEFT JOIN speaker s ON s.id = q.speaker;

-- The documents of each group.
CREATE VIEW group_document AS
SELECT DISTINCT q.grp, q.doc FROM quote q;

-- Per speaker: quotes, distinct quotes (groups), articles, first and last
-- seen, and the gender evidence the texts gave for those quotes.
CREATE VIEW speaker_stats AS
SELECT s.id, s.name,
       count(*) AS quotes,
       count(DISTINCT q.grp) AS distinct_quotes,
       count(DISTINCT q.doc) AS articles,
       min(d.date) AS first_seen,
       max(d.date) AS last_seen,
       sum(q.gender = 1) AS female_evidence,
       sum(q.gender = 2) AS male_evidence,
       sum(q.gender = 0) AS no_evidence
FROM quote q
JOIN speaker s ON s.id = q.speaker
JOIN document d ON d.id = q.doc
GROUP BY s.id;
