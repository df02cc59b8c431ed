-- A certificate keeps verifying after its holder deletes her data: the row stays, without
-- her id or name (the code, the course and the date are not personal data).
CREATE TABLE certificates_new (
    code        TEXT PRIMARY KEY,
    user_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,
    course_id   INTEGER NOT NULL REFERENCES courses(id),
    name        TEXT,
    language    TEXT NOT NULL,
    issued_at   TEXT NOT NULL,
    UNIQUE (user_id, course_id)
);
INSERT INTO certificates_new (code, user_id, course_id, name, language, issued_at)
    SELECT code, user_id, course_id, name, language, issued_at FROM certificates;
DROP TABLE certificates;
ALTER TABLE certificates_new RENAME TO certificates;
