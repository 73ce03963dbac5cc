-- Didban corpus schema 1: articles with their sources, entities, quotes and dates; full-text indexes over
-- folded text (didban.search.fold); ingest bookkeeping (failures, resumable inputs, watched feeds).

CREATE TABLE articles (
    rowid       INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,      -- hash of the repaired text: identical content is stored once
    url         TEXT,                      -- the page or feed link, or the file path given
    origin      TEXT,                      -- the input item it was read from (path:line, archive#url)
    headline    TEXT,
    published   TEXT,                      -- ISO date
    outlet_id   TEXT,
    outlet_name TEXT,
    topic       TEXT,
    quotes      INTEGER NOT NULL DEFAULT 0,
    ingested_at TEXT NOT NULL,
    json        TEXT NOT NULL              -- the whole Article (didban.article/1)
);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_outlet ON articles (outlet_id);
CREATE INDEX articles_topic ON articles (topic);

CREATE TABLE sources (
    article   INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    id        TEXT,
    name      TEXT NOT NULL,
    name_key  TEXT NOT NULL,                -- folded, space-padded: matches whole words
    PRIMARY KEY (article, position)
) WITHOUT ROWID;
CREATE INDEX sources_id ON sources (id);

CREATE TABLE entities (
    article   INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    id        TEXT NOT NULL,
    name      TEXT NOT NULL,
    name_key  TEXT NOT NULL,
    label     TEXT NOT NULL,
    mentions  INTEGER NOT NULL,
    PRIMARY KEY (article, position)
) WITHOUT ROWID;
CREATE INDEX entities_id ON entities (id);

CREATE TABLE mentions (
    article   INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
    entity    INTEGER NOT NULL,             -- entities.position
    text      TEXT NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL
);
CREATE INDEX mentions_article ON mentions (article, entity);

CREATE TABLE quotes (
    rowid           INTEGER PRIMARY KEY,
    article         INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    speaker         TEXT,
    speaker_id      TEXT,
    speaker_key     TEXT,
    speaker_mention TEXT,
    cue             TEXT,
    text            TEXT NOT NULL,
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL
);
CREATE INDEX quotes_article ON quotes (article);
CREATE INDEX quotes_speaker ON quotes (speaker_id);

CREATE TABLE dates (
    article   INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    text      TEXT NOT NULL,
    value     TEXT,
    calendar  TEXT NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    PRIMARY KEY (article, position)
) WITHOUT ROWID;
CREATE INDEX dates_value ON dates (value);

-- Links between articles (syndicated copies, near-duplicates, same story), filled by the linking stage.
CREATE TABLE links (
    article  INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
    other    INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
    kind     TEXT NOT NULL,
    score    REAL,
    PRIMARY KEY (article, other, kind)
) WITHOUT ROWID;

-- Contentless: the folded text is only indexed, never stored twice (snippets come from the article text).
-- `meta` holds filter tokens (didban.store.rows.meta_tokens): dates (y2020 m202012 d20201218), topic,
-- and the words of speakers', entities' and sources' names, so every filter is part of the MATCH.
CREATE VIRTUAL TABLE article_search USING fts5 (
    headline, body, meta, content = '', tokenize = 'unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE quote_search USING fts5 (text, content = '', tokenize = 'unicode61 remove_diacritics 0');

-- Items that could not be read or analysed, with the reason; never silently dropped.
CREATE TABLE failures (
    origin  TEXT NOT NULL,
    reason  TEXT NOT NULL,
    at      TEXT NOT NULL,
    PRIMARY KEY (origin, reason)
) WITHOUT ROWID;

-- Resumable ingest: how far each input (file, URL) was read, and whether it was read to the end.
CREATE TABLE inputs (
    key          TEXT PRIMARY KEY,
    fingerprint  TEXT,                       -- size and mtime of a file; NULL when unknown
    items        INTEGER NOT NULL,           -- items taken (stored, duplicate or failed), in order
    complete     INTEGER NOT NULL,
    updated_at   TEXT NOT NULL
) WITHOUT ROWID;

-- `didban watch`: per-feed conditional-GET state and the items already taken.
CREATE TABLE feeds (
    url            TEXT PRIMARY KEY,
    etag           TEXT,
    last_modified  TEXT,
    failures       INTEGER NOT NULL DEFAULT 0,
    next_poll      REAL,
    last_status    INTEGER
) WITHOUT ROWID;

CREATE TABLE seen_items (
    key  TEXT PRIMARY KEY,
    at   TEXT NOT NULL
) WITHOUT ROWID;
