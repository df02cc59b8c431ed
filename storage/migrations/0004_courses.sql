-- Courses imported from content/courses/*.toml (the files are the source; rows are upserted).
CREATE TABLE courses (
    id             INTEGER PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    content        TEXT NOT NULL,            -- the validated course, as JSON
    active         INTEGER NOT NULL DEFAULT 1, -- 0 once its file is gone
    seats          INTEGER,                  -- a coordinator's change of capacity (wins)
    imported_at    TEXT NOT NULL
);

-- A coordinator's change of one session's time or venue (wins over the file).
CREATE TABLE session_changes (
    course_id   INTEGER NOT NULL REFERENCES courses(id),
    session_id  TEXT NOT NULL,
    starts_at   TEXT,
    venue       TEXT,                          -- JSON {name, address, lat, lon}
    changed_by  INTEGER,
    changed_at  TEXT NOT NULL,
    PRIMARY KEY (course_id, session_id)
) WITHOUT ROWID;

-- One row per learner and course: enrolled, on the waitlist, offered a freed seat, or gone.
CREATE TABLE enrollments (
    id                INTEGER PRIMARY KEY,
    course_id         INTEGER NOT NULL REFERENCES courses(id),
    user_id           INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status            TEXT NOT NULL CHECK (status IN
                      ('enrolled', 'waitlisted', 'offered', 'left', 'lapsed')),
    source            TEXT,                    -- where she came from (a link's source tag)
    queued_at         TEXT NOT NULL,           -- order on the waitlist
    offer_expires_at  TEXT,
    enrolled_at       TEXT,
    left_at           TEXT,
    UNIQUE (course_id, user_id)
);
CREATE INDEX enrollments_by_course ON enrollments(course_id, status, queued_at);
CREATE INDEX enrollments_by_user ON enrollments(user_id);
CREATE INDEX enrollments_offers ON enrollments(status, offer_expires_at);

-- Visits through course links, for statistics: no user id is kept.
CREATE TABLE course_visits (
    id         INTEGER PRIMARY KEY,
    course_id  INTEGER NOT NULL,
    source     TEXT NOT NULL DEFAULT '',
    new_user   INTEGER NOT NULL,
    at         TEXT NOT NULL
);

-- Lessons done, by the lesson's stable id: reordering or removing lessons keeps the rest.
CREATE TABLE lesson_progress (
    user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    course_id     INTEGER NOT NULL REFERENCES courses(id),
    lesson_id     TEXT NOT NULL,
    completed_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, course_id, lesson_id)
) WITHOUT ROWID;
