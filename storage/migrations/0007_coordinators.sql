-- Coordinators: where she came from, muted announcements, the audit log, broadcasts and
-- questions to the team.

-- The source tag of the t.me link she first came through ('' = none), for statistics.
ALTER TABLE users ADD COLUMN source TEXT;
-- She muted announcements in /settings: only urgent broadcasts still reach her.
ALTER TABLE users ADD COLUMN announcements_muted INTEGER NOT NULL DEFAULT 0;
CREATE INDEX users_created ON users(created_at);

-- Every coordinator action, and every attempt by someone without the role.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    actor   INTEGER NOT NULL,          -- a Telegram user id
    action  TEXT NOT NULL,             -- e.g. broadcast.confirm, role.grant, denied
    target  TEXT,                      -- what it was about (a user, a broadcast, a file)
    detail  TEXT                       -- a short JSON object
);
CREATE INDEX audit_by_actor ON audit_log(actor, at);

-- A broadcast: the message in up to three languages, its audience, when, and its progress
-- message. Its deliveries are outbox rows carrying its id, one per recipient.
CREATE TABLE broadcasts (
    id                INTEGER PRIMARY KEY,
    created_by        INTEGER NOT NULL,
    created_at        TEXT NOT NULL,
    texts             TEXT NOT NULL,   -- JSON {language: Telegram HTML}
    photo             TEXT,            -- a Telegram file_id, or NULL
    audience          TEXT NOT NULL,   -- JSON of the segment
    urgent            INTEGER NOT NULL DEFAULT 0,
    send_at           TEXT NOT NULL,
    recipients        INTEGER NOT NULL,
    status            TEXT NOT NULL DEFAULT 'running'
                      CHECK (status IN ('running', 'cancelled', 'done')),
    progress_chat     INTEGER,
    progress_message  INTEGER,
    progress_text     TEXT,            -- what the progress message shows now
    finished_at       TEXT,
    reported_at       TEXT             -- when the final report was queued
);
CREATE INDEX broadcasts_running ON broadcasts(status);

ALTER TABLE outbox ADD COLUMN broadcast_id INTEGER REFERENCES broadcasts(id);
CREATE UNIQUE INDEX one_delivery_per_recipient ON outbox(broadcast_id, user_id)
    WHERE broadcast_id IS NOT NULL;
CREATE INDEX outbox_by_broadcast ON outbox(broadcast_id, status) WHERE broadcast_id IS NOT NULL;

-- Questions to the team ("Ask the team") and the answer a coordinator gave.
CREATE TABLE questions (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    text         TEXT NOT NULL,
    asked_at     TEXT NOT NULL,
    answer       TEXT,
    answered_by  INTEGER,
    answered_at  TEXT
);
CREATE INDEX questions_open ON questions(answered_at, asked_at);
