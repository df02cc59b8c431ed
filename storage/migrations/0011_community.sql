-- Community: events with RSVPs, a waitlist and ratings; weekly stories; peer connections.

CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL DEFAULT 'meetup' CHECK (kind IN ('meetup', 'talk', 'webinar')),
    title          TEXT NOT NULL DEFAULT '{}',   -- JSON {language: text}, HTML-escaped
    description    TEXT NOT NULL DEFAULT '{}',   -- JSON {language: text}, HTML-escaped
    language       TEXT NOT NULL DEFAULT 'tg' CHECK (language IN ('tg', 'ru', 'en')),
    speaker        TEXT NOT NULL DEFAULT '',
    starts_at      TEXT,                         -- UTC
    duration_min   INTEGER NOT NULL DEFAULT 120,
    link           TEXT,                         -- online: where to join
    region         TEXT,                         -- in person: region, city, venue, pin
    city           TEXT,
    venue_name     TEXT,
    venue_address  TEXT,
    lat            REAL,
    lon            REAL,
    seats          INTEGER CHECK (seats IS NULL OR seats > 0),  -- NULL: no limit
    status         TEXT NOT NULL DEFAULT 'draft'
                   CHECK (status IN ('draft', 'published', 'cancelled')),
    created_by     INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX events_upcoming ON events(status, starts_at);

CREATE TABLE event_rsvps (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status IN ('going', 'waitlisted', 'left')),
    source      TEXT,                            -- the link tag she came through
    queued_at   TEXT NOT NULL,                   -- waitlist order
    updated_at  TEXT NOT NULL,
    UNIQUE (event_id, user_id)                   -- a double tap can never make two rows
);
CREATE INDEX event_rsvps_status ON event_rsvps(event_id, status, queued_at);
CREATE INDEX event_rsvps_user ON event_rsvps(user_id);

CREATE TABLE event_ratings (
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    stars     INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    rated_at  TEXT NOT NULL,
    PRIMARY KEY (event_id, user_id)
) WITHOUT ROWID;

CREATE TABLE event_visits (
    id        INTEGER PRIMARY KEY,
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    source    TEXT NOT NULL DEFAULT '',
    new_user  INTEGER NOT NULL DEFAULT 0,
    at        TEXT NOT NULL
);

CREATE TABLE story_subscriptions (
    user_id     INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    subscribed  INTEGER NOT NULL DEFAULT 1,
    changed_at  TEXT NOT NULL
);

-- A story queued for its subscribers: once, whatever restarts happen.
CREATE TABLE story_runs (
    story_id   TEXT PRIMARY KEY,
    queued_at  TEXT NOT NULL,
    recipients INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE peer_profiles (
    user_id         INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    opted_in        INTEGER NOT NULL DEFAULT 1,
    wants_offline   INTEGER NOT NULL DEFAULT 0,
    waited          INTEGER NOT NULL DEFAULT 0,  -- left out at the last pairing
    changed_at      TEXT NOT NULL
);

CREATE TABLE peer_pairs (
    id          INTEGER PRIMARY KEY,
    a           INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    b           INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    week        TEXT NOT NULL,                   -- the Monday of the pairing, YYYY-MM-DD
    status      TEXT NOT NULL DEFAULT 'active'
                CHECK (status IN ('active', 'skipped', 'blocked', 'reported')),
    ended_by    INTEGER,
    created_at  TEXT NOT NULL,
    ended_at    TEXT,
    CHECK (a < b),
    UNIQUE (a, b)                                -- never the same two people twice
);
CREATE INDEX peer_pairs_b ON peer_pairs(b);

-- What peers write to each other is kept in relayed_messages (channel 'peer', thread = the
-- pair), like mentorship messages: see bot/relay.py.

-- One pairing per week, whatever restarts happen.
CREATE TABLE peer_weeks (
    week   TEXT PRIMARY KEY,
    pairs  INTEGER NOT NULL,
    at     TEXT NOT NULL
);
