-- Her latest answer to each quiz question (a retry replaces it).
CREATE TABLE quiz_answers (
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    course_id    INTEGER NOT NULL REFERENCES courses(id),
    lesson_id    TEXT NOT NULL,
    question     INTEGER NOT NULL,
    choice       INTEGER NOT NULL,
    correct      INTEGER NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 1,
    answered_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, course_id, lesson_id, question)
) WITHOUT ROWID;

-- When she last did something in a course (for nudges and "where she left off").
ALTER TABLE enrollments ADD COLUMN last_activity_at TEXT;

-- One certificate per learner and course; the PDF is made from this row on demand.
CREATE TABLE certificates (
    code        TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    course_id   INTEGER NOT NULL REFERENCES courses(id),
    name        TEXT NOT NULL,
    language    TEXT NOT NULL,
    issued_at   TEXT NOT NULL,
    UNIQUE (user_id, course_id)
);

-- A map pin sent after a notification's text (a session's venue), JSON {lat, lon, title, address}.
ALTER TABLE outbox ADD COLUMN venue TEXT;
