-- Inquiries of incoming and prospective students (issue 15 items 3 and 4). `team` is who
-- answers now (`office` or `student_organization`); the topic chooses it on creation and a
-- hand-over changes it (`inquiry_handovers` keeps who, when, from, to and why). An asker is a
-- signed-in account (`asker_user_id`) or a prospective student known by e-mail, who reads the
-- thread with a secret whose SHA-256 is `access_token_hash` (the secret itself is never
-- stored). `asker_incoming` is the asker's class for the statistics, fixed on creation.
-- `answer_due_on` is the last day of the first answer; `first_answer_at` when it came.
-- Erasure (`anonymised_at`) blanks the prospective student's name and e-mail and every
-- message the asker wrote, keeping the counts and times.

CREATE TABLE inquiries (
    id TEXT PRIMARY KEY NOT NULL,
    topic TEXT NOT NULL,
    team TEXT NOT NULL,
    status TEXT NOT NULL,
    subject TEXT NOT NULL,
    asker_user_id TEXT REFERENCES users (id) ON DELETE RESTRICT,
    asker_name TEXT,
    asker_email TEXT,
    asker_incoming BOOLEAN NOT NULL,
    access_token_hash TEXT,
    assignee_user_id TEXT REFERENCES users (id) ON DELETE RESTRICT,
    answer_due_on DATE NOT NULL,
    first_answer_at TIMESTAMP,
    anonymised_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT inquiries_topic_check CHECK (topic IN ('accommodation', 'transport', 'food', 'visa', 'insurance', 'academic', 'student_life', 'other')),
    CONSTRAINT inquiries_team_check CHECK (team IN ('office', 'student_organization')),
    CONSTRAINT inquiries_status_check CHECK (status IN ('open', 'answered', 'closed')),
    CONSTRAINT inquiries_asker_check CHECK (asker_user_id IS NOT NULL OR access_token_hash IS NOT NULL)
);
CREATE INDEX inquiries_asker_user_id ON inquiries (asker_user_id);
CREATE INDEX inquiries_updated_at ON inquiries (updated_at);
CREATE INDEX inquiries_team_status ON inquiries (team, status);

CREATE TABLE inquiry_messages (
    id TEXT PRIMARY KEY NOT NULL,
    inquiry_id TEXT NOT NULL REFERENCES inquiries (id) ON DELETE CASCADE,
    author_user_id TEXT REFERENCES users (id) ON DELETE RESTRICT,
    from_team BOOLEAN NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX inquiry_messages_inquiry_id ON inquiry_messages (inquiry_id);

CREATE TABLE inquiry_handovers (
    id TEXT PRIMARY KEY NOT NULL,
    inquiry_id TEXT NOT NULL REFERENCES inquiries (id) ON DELETE CASCADE,
    from_team TEXT NOT NULL,
    to_team TEXT NOT NULL,
    reason TEXT NOT NULL,
    by_user_id TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX inquiry_handovers_inquiry_id ON inquiry_handovers (inquiry_id);
