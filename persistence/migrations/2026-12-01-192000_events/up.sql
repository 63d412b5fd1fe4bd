-- Outreach events (issue 16 items 1 and 3). `starts_at`/`ends_at` are instants (UTC);
-- `time_zone` is the IANA zone their local times are read in. `speakers` is a JSON array of
-- names, `materials` a JSON array of {name, link}. `capacity` NULL means no limit.
-- Registrations: a person of `people` (at most one row per person and event, whatever its
-- status) or an external attendee (a conference guest: name, institution, country,
-- citizenship). `status` is `registered`, `waitlisted` or `declined`; the waiting list moves
-- up in `queued_at` order. `attended_at` is the staff's check-in.

CREATE TABLE events (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    title_en TEXT NOT NULL,
    title_mk TEXT NOT NULL,
    unit_id TEXT REFERENCES units (id) ON DELETE RESTRICT,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    time_zone TEXT NOT NULL,
    place TEXT,
    online_link TEXT,
    language TEXT NOT NULL,
    capacity INTEGER,
    audience TEXT,
    agenda TEXT,
    speakers TEXT NOT NULL,
    materials TEXT NOT NULL,
    status TEXT NOT NULL,
    cancel_reason TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT events_kind_check CHECK (kind IN ('info_meeting', 'dissemination_debate', 'conference', 'guest_reception', 'welcome_day')),
    CONSTRAINT events_status_check CHECK (status IN ('planned', 'published', 'held', 'archived', 'cancelled')),
    CONSTRAINT events_capacity_check CHECK (capacity IS NULL OR capacity >= 0),
    CONSTRAINT events_period_check CHECK (ends_at > starts_at)
);
CREATE INDEX events_updated_at ON events (updated_at);
CREATE INDEX events_unit_id ON events (unit_id);
CREATE INDEX events_starts_at ON events (starts_at);

CREATE TABLE event_registrations (
    id TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    person_id TEXT REFERENCES people (id) ON DELETE RESTRICT,
    external_name TEXT,
    external_institution TEXT,
    external_country TEXT,
    external_citizenship TEXT,
    status TEXT NOT NULL,
    queued_at TIMESTAMP NOT NULL,
    attended_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT event_registrations_status_check CHECK (status IN ('registered', 'waitlisted', 'declined')),
    CONSTRAINT event_registrations_who_check CHECK (person_id IS NOT NULL OR external_name IS NOT NULL),
    CONSTRAINT event_registrations_person_unique UNIQUE (event_id, person_id)
);
CREATE INDEX event_registrations_event_status ON event_registrations (event_id, status, queued_at);
CREATE INDEX event_registrations_person_id ON event_registrations (person_id);

-- A person's calendar feed: a secret link listing the events they registered for. Only the
-- SHA-256 of the secret is stored (`token_hash`); rotating replaces it, revoking deletes the row.
CREATE TABLE calendar_feeds (
    person_id TEXT PRIMARY KEY NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);

-- Invitations drawn from mobilities (issue 16 item 2): at most one per person and event, so
-- generating again adds only the people who newly qualify.
CREATE TABLE event_invitations (
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (event_id, person_id)
);
CREATE INDEX event_invitations_person_id ON event_invitations (person_id);
