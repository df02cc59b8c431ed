-- Mentorship II: the life of a mentorship after the match.

-- 'paused' while a report is checked (nothing is relayed); 'ended' frees the mentor's place.
ALTER TABLE mentorships ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'paused', 'ended'));
ALTER TABLE mentorships ADD COLUMN ended_by INTEGER;  -- who ended it (a side or a coordinator)
CREATE INDEX mentorships_by_mentee ON mentorships(mentee_id, ended_at);

-- A suspended mentor is offered nobody and may not apply again.
ALTER TABLE mentors ADD COLUMN suspended_at TEXT;

-- Messages relayed between two people who never see each other's contact details. Kept for a
-- limited time (RELAY_RETENTION_DAYS) so that a report can be checked; `text` is what the
-- recipient was shown (masked for minors). The original stays in the sender's chat.
CREATE TABLE relayed_messages (
    id            INTEGER PRIMARY KEY,
    channel       TEXT NOT NULL,            -- 'mentorship', 'peer'
    thread_id     INTEGER NOT NULL,         -- the mentorship (or pairing) it belongs to
    sender_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    recipient_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('text', 'photo', 'document', 'voice')),
    text          TEXT,                     -- the text or caption
    masked        INTEGER NOT NULL DEFAULT 0,
    chat_id       INTEGER NOT NULL,         -- where the original is, for copyMessage
    message_id    INTEGER NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX relayed_by_thread ON relayed_messages(channel, thread_id, id);
CREATE INDEX relayed_by_age ON relayed_messages(created_at);

CREATE TABLE meetings (
    id             INTEGER PRIMARY KEY,
    mentorship_id  INTEGER NOT NULL REFERENCES mentorships(id) ON DELETE CASCADE,
    proposed_by    INTEGER NOT NULL,
    starts_at      TEXT NOT NULL,           -- UTC
    status         TEXT NOT NULL CHECK (status IN
                   ('proposed', 'confirmed', 'declined', 'cancelled')),
    created_at     TEXT NOT NULL,
    answered_at    TEXT
);
CREATE INDEX meetings_by_mentorship ON meetings(mentorship_id, starts_at);

-- After a meeting each side says whether it happened and, if it did, rates it.
CREATE TABLE meeting_feedback (
    meeting_id   INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    happened     INTEGER NOT NULL CHECK (happened IN (0, 1)),
    rating       INTEGER CHECK (rating BETWEEN 1 AND 5),
    comment      TEXT,
    answered_at  TEXT NOT NULL,
    PRIMARY KEY (meeting_id, user_id)
);

-- Check-ins on day 14 and day 28: 'good', 'ok' or 'bad'.
CREATE TABLE mentorship_checkins (
    mentorship_id  INTEGER NOT NULL REFERENCES mentorships(id) ON DELETE CASCADE,
    user_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    day            INTEGER NOT NULL CHECK (day IN (14, 28)),
    answer         TEXT NOT NULL CHECK (answer IN ('good', 'ok', 'bad')),
    answered_at    TEXT NOT NULL,
    PRIMARY KEY (mentorship_id, user_id, day)
);

-- Feedback when a mentorship ends.
CREATE TABLE mentorship_feedback (
    mentorship_id  INTEGER NOT NULL REFERENCES mentorships(id) ON DELETE CASCADE,
    user_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    rating         INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment        TEXT,
    answered_at    TEXT NOT NULL,
    PRIMARY KEY (mentorship_id, user_id)
);

-- A report pauses the mentorship until a coordinator resumes it, ends it or suspends the
-- mentor. The first decision wins.
CREATE TABLE mentorship_reports (
    id             INTEGER PRIMARY KEY,
    mentorship_id  INTEGER NOT NULL REFERENCES mentorships(id) ON DELETE CASCADE,
    reporter_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    text           TEXT,
    status         TEXT NOT NULL CHECK (status IN ('open', 'resumed', 'ended', 'suspended')),
    created_at     TEXT NOT NULL,
    decided_by     INTEGER,
    decided_at     TEXT
);
CREATE UNIQUE INDEX one_open_report ON mentorship_reports(mentorship_id) WHERE status = 'open';
