-- Users: one row per Telegram user who gave us something to keep.
CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,          -- Telegram user id
    language             TEXT CHECK (language IN ('tg', 'ru', 'en')),
    name                 TEXT,
    age_group            TEXT,
    consent_at           TEXT,
    guardian_consent_at  TEXT,
    region               TEXT,
    city                 TEXT,
    status               TEXT,
    level                TEXT,
    wants                TEXT,
    timezone             TEXT,
    is_active            INTEGER NOT NULL DEFAULT 1,
    blocked_at           TEXT,
    created_at           TEXT NOT NULL,
    last_seen_at         TEXT NOT NULL
);

CREATE TABLE user_roles (
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('participant', 'mentor', 'coordinator')),
    granted_at TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
) WITHOUT ROWID;

CREATE TABLE user_interests (
    user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    topic    TEXT NOT NULL,
    PRIMARY KEY (user_id, topic)
) WITHOUT ROWID;

-- Durable updates: written before Telegram is told they were received; the dedup record.
CREATE TABLE inbox (
    update_id    INTEGER PRIMARY KEY,
    user_key     INTEGER,
    payload      TEXT,
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    received_at  TEXT NOT NULL,
    finished_at  TEXT
);
CREATE INDEX inbox_by_status ON inbox(status, update_id);
CREATE INDEX inbox_by_user ON inbox(user_key);

-- Requests made while handling an update: marked before and after, so a replay never resends.
CREATE TABLE update_requests (
    update_id   INTEGER NOT NULL REFERENCES inbox(update_id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    method      TEXT NOT NULL,
    chat_id     INTEGER,
    status      TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'unknown')),
    result      TEXT,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (update_id, seq)
) WITHOUT ROWID;
CREATE INDEX update_requests_by_chat ON update_requests(chat_id);

-- Dialog state (aiogram FSM), so dialogs survive restarts.
CREATE TABLE fsm (
    key         TEXT PRIMARY KEY,
    user_id     INTEGER,
    state       TEXT,
    data        TEXT NOT NULL DEFAULT '{}',
    updated_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX fsm_by_user ON fsm(user_id);
