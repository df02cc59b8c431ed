-- Mentors: an application, a coordinator's decision, and her availability.
CREATE TABLE mentors (
    user_id      INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    expertise    TEXT NOT NULL,            -- JSON list of topics
    languages    TEXT NOT NULL,            -- JSON list of tg/ru/en
    format       TEXT NOT NULL CHECK (format IN ('online', 'offline', 'both')),
    region       TEXT,
    bio          TEXT NOT NULL,
    workplace    TEXT NOT NULL,
    capacity     INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 5),
    paused       INTEGER NOT NULL DEFAULT 0,
    applied_at   TEXT NOT NULL,
    decided_by   INTEGER,
    decided_at   TEXT
);

-- A participant's request for a mentor: one open at a time.
CREATE TABLE mentor_requests (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    topic       TEXT NOT NULL,
    goal        TEXT NOT NULL,
    language    TEXT NOT NULL,
    format      TEXT NOT NULL CHECK (format IN ('online', 'offline')),
    status      TEXT NOT NULL CHECK (status IN
                ('open', 'matched', 'unmatched', 'withdrawn')),
    created_at  TEXT NOT NULL,
    closed_at   TEXT
);
CREATE UNIQUE INDEX one_open_request ON mentor_requests(user_id)
    WHERE status IN ('open', 'unmatched');

-- Offers of a request to one mentor at a time; a mentor holds at most one open offer.
CREATE TABLE mentor_offers (
    id           INTEGER PRIMARY KEY,
    request_id   INTEGER NOT NULL REFERENCES mentor_requests(id) ON DELETE CASCADE,
    mentor_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status       TEXT NOT NULL CHECK (status IN
                 ('open', 'accepted', 'declined', 'expired', 'withdrawn')),
    offered_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    answered_at  TEXT
);
CREATE UNIQUE INDEX one_open_offer_per_mentor ON mentor_offers(mentor_id) WHERE status = 'open';
CREATE INDEX offers_by_request ON mentor_offers(request_id);
CREATE INDEX offers_due ON mentor_offers(status, expires_at);

CREATE TABLE mentorships (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL UNIQUE REFERENCES mentor_requests(id) ON DELETE CASCADE,
    mentor_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    mentee_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    matched_by  INTEGER,                    -- a coordinator, when matched by hand
    started_at  TEXT NOT NULL,
    ended_at    TEXT
);
CREATE INDEX mentorships_by_mentor ON mentorships(mentor_id, ended_at);
