-- Quiet hours per user: NULL = the default (22:00-08:00), 'off', or 'HH:MM-HH:MM' in her zone.
ALTER TABLE users ADD COLUMN quiet_hours TEXT;

-- The outbox: every notification the bot promised to send later.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    template    TEXT NOT NULL,               -- a locale key, rendered at send time
    args        TEXT NOT NULL DEFAULT '{}',  -- JSON arguments of the template
    buttons     TEXT,                        -- JSON rows of {"key", "data"} buttons, or NULL
    due_at      TEXT NOT NULL,
    priority    INTEGER NOT NULL DEFAULT 5,  -- lower goes first
    urgent      INTEGER NOT NULL DEFAULT 0,  -- urgent ones ignore quiet hours
    expires_at  TEXT,                        -- not sent at or after this time
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
                ('pending', 'sending', 'sent', 'unknown', 'failed', 'expired', 'cancelled',
                 'skipped')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    dedup_key   TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    finished_at TEXT,
    message_id  INTEGER,
    error       TEXT
);
CREATE INDEX outbox_due ON outbox(status, due_at);
CREATE INDEX outbox_by_user ON outbox(user_id);

CREATE INDEX users_active ON users(is_active);
