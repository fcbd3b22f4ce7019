//! The database layout (documented table by table in `docs/store.md`).
//!
//! Character offsets everywhere, as in the public JSON. Dates are ISO text
//! (`YYYY-MM-DD`) so that they sort and compare as strings and read back in
//! any SQL tool.

/// The columns of `documents`, shared by [`DDL`] and [`MIGRATE_1_TO_2`].
///
/// Small and changing columns first, the long text last: clustering and
/// aggregation read and update the head of each row without walking the
/// text's overflow pages. The analysis JSON is in `document_records` for the
/// same reason.
macro_rules! documents_columns {
    () => {
        "
    id             INTEGER PRIMARY KEY,
    record_hash    BLOB NOT NULL UNIQUE,
    text_hash      BLOB NOT NULL,
    date           TEXT,
    inferred_date  TEXT,
    story_id       INTEGER,
    duplicate_of   INTEGER REFERENCES documents(id),
    counted        INTEGER NOT NULL DEFAULT 1,
    df_counted     INTEGER NOT NULL DEFAULT 0,
    run_id         INTEGER NOT NULL,
    chars          INTEGER NOT NULL,
    token_count    INTEGER NOT NULL,
    sentence_count INTEGER NOT NULL,
    tone           REAL NOT NULL,
    ext_id         TEXT NOT NULL,
    source_name    TEXT NOT NULL,
    source         TEXT,
    title          TEXT,
    url            TEXT,
    minhash        BLOB NOT NULL,
    terms          TEXT NOT NULL,
    actors         TEXT NOT NULL,
    text           TEXT NOT NULL
"
    };
}

/// The table of each document's analysis JSON, shared by [`DDL`] and [`MIGRATE_1_TO_2`].
macro_rules! document_records_table {
    () => {
        "
CREATE TABLE IF NOT EXISTS document_records (
    doc    INTEGER PRIMARY KEY REFERENCES documents(id),
    record TEXT NOT NULL
);"
    };
}

/// Version of the layout, kept in `PRAGMA user_version`. A store of an older
/// version is migrated when opened for writing ([`MIGRATE_1_TO_2`]); any other
/// is refused rather than misread.
pub const SCHEMA_VERSION: i64 = 2;

/// Version 1 kept the analysis JSON (`record`) inside `documents`, before the
/// mutable columns, so every story assignment rewrote about 50 KB per news
/// article. Run with foreign keys off, inside one transaction.
pub const MIGRATE_1_TO_2: &str = concat!(
    "CREATE TABLE documents_v2 (",
    documents_columns!(),
    ");",
    r#"
INSERT INTO documents_v2 (id, record_hash, text_hash, date, inferred_date, story_id, duplicate_of, counted,
    df_counted, run_id, chars, token_count, sentence_count, tone, ext_id, source_name, source, title, url,
    minhash, terms, actors, text)
SELECT id, record_hash, text_hash, date, inferred_date, story_id, duplicate_of, counted,
    df_counted, run_id, chars, token_count, sentence_count, tone, ext_id, source_name, source, title, url,
    minhash, terms, actors, text FROM documents;
"#,
    document_records_table!(),
    r#"
INSERT INTO document_records (doc, record) SELECT id, record FROM documents;
DROP TABLE documents;
ALTER TABLE documents_v2 RENAME TO documents;
"#
);

/// Every table, index and full-text index of a store.
pub const DDL: &str = concat!(
    r#"
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS runs (
    id          INTEGER PRIMARY KEY,
    started     TEXT NOT NULL,
    finished    TEXT,
    inputs      TEXT NOT NULL,
    read        INTEGER NOT NULL DEFAULT 0,
    stored      INTEGER NOT NULL DEFAULT 0,
    present     INTEGER NOT NULL DEFAULT 0,
    errors      INTEGER NOT NULL DEFAULT 0
);

"#,
    "CREATE TABLE IF NOT EXISTS documents (",
    documents_columns!(),
    ");",
    document_records_table!(),
    r#"
CREATE INDEX IF NOT EXISTS documents_text_hash ON documents(text_hash);
CREATE INDEX IF NOT EXISTS documents_ext_id ON documents(ext_id);
CREATE INDEX IF NOT EXISTS documents_date ON documents(date);
CREATE INDEX IF NOT EXISTS documents_story ON documents(story_id);
CREATE INDEX IF NOT EXISTS documents_pending ON documents(df_counted, story_id);

CREATE TABLE IF NOT EXISTS duplicates (
    doc        INTEGER NOT NULL REFERENCES documents(id),
    of         INTEGER NOT NULL REFERENCES documents(id),
    kind       TEXT NOT NULL,
    similarity REAL NOT NULL,
    PRIMARY KEY (doc, of)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS duplicates_of ON duplicates(of);

CREATE TABLE IF NOT EXISTS minhash_bands (
    band   INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    doc    INTEGER NOT NULL,
    PRIMARY KEY (band, bucket, doc)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS entities (
    id        INTEGER PRIMARY KEY,
    doc       INTEGER NOT NULL REFERENCES documents(id),
    entity    TEXT NOT NULL,
    text      TEXT NOT NULL,
    type      TEXT NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    canonical TEXT NOT NULL,
    actor     TEXT,
    role      TEXT,
    sentence  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS entities_doc ON entities(doc);
CREATE INDEX IF NOT EXISTS entities_actor ON entities(actor);

CREATE TABLE IF NOT EXISTS mentions (
    id             INTEGER PRIMARY KEY,
    doc            INTEGER NOT NULL REFERENCES documents(id),
    event_id       INTEGER REFERENCES events(id),
    aggregate      INTEGER NOT NULL,
    ev             TEXT NOT NULL,
    sentence       INTEGER NOT NULL,
    actor1_code    TEXT NOT NULL,
    actor1_name    TEXT NOT NULL,
    actor1_entity  TEXT,
    actor1_start   INTEGER,
    actor1_end     INTEGER,
    actor2_code    TEXT NOT NULL,
    actor2_name    TEXT NOT NULL,
    actor2_entity  TEXT,
    actor2_start   INTEGER,
    actor2_end     INTEGER,
    action_start   INTEGER NOT NULL,
    action_end     INTEGER NOT NULL,
    code           TEXT NOT NULL,
    base_code      TEXT NOT NULL,
    root_code      TEXT NOT NULL,
    quad_class     INTEGER NOT NULL,
    goldstein      REAL NOT NULL,
    plover         TEXT,
    is_root        INTEGER NOT NULL,
    negated        INTEGER NOT NULL,
    modality       TEXT,
    date           TEXT,
    date_precision TEXT,
    date_source    TEXT,
    day            TEXT,
    day_source     TEXT,
    geo_type       INTEGER NOT NULL,
    geo_name       TEXT NOT NULL,
    geo_country    TEXT NOT NULL,
    geo_adm1       TEXT NOT NULL,
    geo_adm2       TEXT NOT NULL,
    geo_lat        REAL,
    geo_lon        REAL,
    geo_feature    TEXT NOT NULL,
    in_raw_text    INTEGER NOT NULL,
    confidence     INTEGER NOT NULL,
    evidence       TEXT NOT NULL,
    pattern        TEXT NOT NULL,
    dictionary     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc);
CREATE INDEX IF NOT EXISTS mentions_event ON mentions(event_id);
CREATE INDEX IF NOT EXISTS mentions_pending ON mentions(aggregate, event_id);

CREATE TABLE IF NOT EXISTS events (
    id           INTEGER PRIMARY KEY,
    day          TEXT NOT NULL,
    actor1_code  TEXT NOT NULL,
    actor2_code  TEXT NOT NULL,
    code         TEXT NOT NULL,
    geo_key      TEXT NOT NULL,
    actor1_name  TEXT NOT NULL,
    actor2_name  TEXT NOT NULL,
    base_code    TEXT NOT NULL,
    root_code    TEXT NOT NULL,
    quad_class   INTEGER NOT NULL,
    goldstein    REAL NOT NULL,
    is_root      INTEGER NOT NULL,
    geo_type     INTEGER NOT NULL,
    geo_name     TEXT NOT NULL,
    geo_country  TEXT NOT NULL,
    geo_adm1     TEXT NOT NULL,
    geo_adm2     TEXT NOT NULL,
    geo_lat      REAL,
    geo_lon      REAL,
    geo_feature  TEXT NOT NULL,
    num_mentions INTEGER NOT NULL DEFAULT 0,
    num_sources  INTEGER NOT NULL DEFAULT 0,
    num_articles INTEGER NOT NULL DEFAULT 0,
    avg_tone     REAL NOT NULL DEFAULT 0,
    first_doc    INTEGER NOT NULL,
    source_url   TEXT NOT NULL,
    date_added   TEXT NOT NULL,
    UNIQUE (day, actor1_code, actor2_code, code, geo_key)
);
CREATE INDEX IF NOT EXISTS events_day ON events(day);
CREATE INDEX IF NOT EXISTS events_code ON events(code);
CREATE INDEX IF NOT EXISTS events_root ON events(root_code, quad_class);
-- Each side's actor code, and the QuadClass, then every other filtered column
-- and the sort keys, so that counting, filtering and sorting a narrow filter's
-- matches never reads the table (stores written before these existed also
-- have the narrower events_actor1 and events_actor2).
CREATE INDEX IF NOT EXISTS events_source ON events(actor1_code, actor2_code,
    quad_class, root_code, code, day, geo_country, num_mentions, num_sources);
CREATE INDEX IF NOT EXISTS events_target ON events(actor2_code, actor1_code,
    quad_class, root_code, code, day, geo_country, num_mentions, num_sources);
CREATE INDEX IF NOT EXISTS events_quad ON events(quad_class, root_code, code,
    actor1_code, actor2_code, day, geo_country, num_mentions, num_sources);
-- The two list orders, each followed by every filtered column, so that a page
-- of a broad filter is found by walking one index without touching the table.
CREATE INDEX IF NOT EXISTS events_rank ON events(num_mentions DESC, num_sources DESC, id,
    quad_class, root_code, actor1_code, actor2_code, code, day, geo_country);
CREATE INDEX IF NOT EXISTS events_recent ON events(day DESC, id,
    quad_class, root_code, actor1_code, actor2_code, code, geo_country);

CREATE TABLE IF NOT EXISTS quotes (
    id             INTEGER PRIMARY KEY,
    doc            INTEGER NOT NULL REFERENCES documents(id),
    text           TEXT NOT NULL,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    speaker        TEXT,
    speaker_entity TEXT,
    speaker_actor  TEXT,
    verb           TEXT,
    kind           TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS quotes_doc ON quotes(doc);

CREATE TABLE IF NOT EXISTS amounts (
    id        INTEGER PRIMARY KEY,
    doc       INTEGER NOT NULL REFERENCES documents(id),
    value     REAL NOT NULL,
    value_max REAL,
    unit      TEXT,
    currency  TEXT,
    object    TEXT,
    text      TEXT NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    approx    TEXT
);
CREATE INDEX IF NOT EXISTS amounts_doc ON amounts(doc);

CREATE TABLE IF NOT EXISTS locations (
    id           INTEGER PRIMARY KEY,
    doc          INTEGER NOT NULL REFERENCES documents(id),
    idx          INTEGER NOT NULL,
    text         TEXT NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    name         TEXT NOT NULL,
    geo_type     INTEGER NOT NULL,
    country_code TEXT NOT NULL,
    adm1         TEXT NOT NULL,
    adm2         TEXT NOT NULL,
    lat          REAL,
    lon          REAL,
    geonames_id  INTEGER,
    feature_id   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS locations_doc ON locations(doc);
CREATE INDEX IF NOT EXISTS locations_country ON locations(country_code);

CREATE TABLE IF NOT EXISTS errors (
    id      INTEGER PRIMARY KEY,
    hash    BLOB NOT NULL UNIQUE,
    run_id  INTEGER NOT NULL,
    path    TEXT NOT NULL,
    line    INTEGER,
    offset  INTEGER,
    record  TEXT,
    kind    TEXT NOT NULL,
    message TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS term_df (
    term TEXT PRIMARY KEY,
    df   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS stories (
    id           INTEGER PRIMARY KEY,
    label        TEXT NOT NULL,
    first_date   TEXT,
    last_date    TEXT,
    doc_count    INTEGER NOT NULL,
    source_count INTEGER NOT NULL,
    centroid     TEXT NOT NULL,
    actors       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_dates ON stories(last_date);
-- Stories a clustering pass touched, still to be merge-checked and relabelled.
CREATE INDEX IF NOT EXISTS stories_marked ON stories(id) WHERE label = '';

-- Stories merged into another ("gone" lives on as "kept"), so that an id a
-- user saw before the merge still finds its story.
CREATE TABLE IF NOT EXISTS story_merges (
    gone INTEGER PRIMARY KEY,
    kept INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS story_terms (
    term  TEXT NOT NULL,
    story INTEGER NOT NULL,
    PRIMARY KEY (term, story)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
    title, text, content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(
    text, speaker, content='quotes', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
"#
);

/// The tables exported to Parquet, one file each, in this order.
pub const EXPORT_TABLES: &[&str] = &[
    "documents",
    "document_records",
    "duplicates",
    "entities",
    "mentions",
    "events",
    "quotes",
    "amounts",
    "locations",
    "stories",
    "errors",
    "runs",
];
