-- Jobs: openings from feeds and coordinators, job alerts (filters, digest hour, frequency),
-- saved jobs, and what each feed said last time (for If-None-Match / If-Modified-Since).

CREATE TABLE jobs (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL,
    company        TEXT NOT NULL DEFAULT '',
    location       TEXT NOT NULL DEFAULT '',
    remote         INTEGER NOT NULL DEFAULT 0,
    level          TEXT,                         -- beginner / intermediate / advanced / NULL
    topics         TEXT NOT NULL DEFAULT '[]',   -- JSON list of topic codes
    url            TEXT NOT NULL,
    canonical_url  TEXT NOT NULL UNIQUE,         -- de-duplication across sources
    dedup_key      TEXT NOT NULL UNIQUE,         -- normalized title | company
    source         TEXT NOT NULL,                -- the feed URL, or 'coordinator'
    posted_by      INTEGER,                      -- the coordinator who posted it
    published_at   TEXT NOT NULL,
    deadline       TEXT,
    expires_at     TEXT NOT NULL,                -- the deadline, or 30 days after publishing
    added_at       TEXT NOT NULL                 -- when the bot learned of it
);
CREATE INDEX jobs_open ON jobs(expires_at, added_at);
CREATE INDEX jobs_added ON jobs(added_at);

CREATE TABLE job_alerts (
    user_id         INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    frequency       TEXT NOT NULL DEFAULT 'daily'
                    CHECK (frequency IN ('daily', 'weekly', 'off')),
    topics          TEXT NOT NULL DEFAULT '[]',  -- JSON list; empty = every topic
    level           TEXT,                        -- NULL = any level
    remote          TEXT NOT NULL DEFAULT 'any' CHECK (remote IN ('remote', 'onsite', 'any')),
    include_words   TEXT NOT NULL DEFAULT '',    -- at least one must appear
    exclude_words   TEXT NOT NULL DEFAULT '',    -- none may appear
    hour            INTEGER NOT NULL DEFAULT 9 CHECK (hour BETWEEN 0 AND 23),  -- her zone
    last_digest_at  TEXT,                        -- when her last digest was queued
    last_job_id     INTEGER NOT NULL DEFAULT 0,  -- openings with a higher id are new to her
    last_period     TEXT,                        -- the day or week of her last digest
    created_at      TEXT NOT NULL
);
CREATE INDEX job_alerts_due ON job_alerts(frequency, hour);

CREATE TABLE saved_jobs (
    user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    job_id    INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    saved_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, job_id)
) WITHOUT ROWID;

CREATE TABLE feed_state (
    url            TEXT PRIMARY KEY,
    etag           TEXT,
    last_modified  TEXT,
    checked_at     TEXT,
    ok_at          TEXT,
    error          TEXT
) WITHOUT ROWID;
