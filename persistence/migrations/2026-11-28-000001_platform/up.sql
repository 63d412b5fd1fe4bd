-- Platform: institutions, organisational units, users, integration clients and the state
-- several iro instances must share (refresh tokens, login throttling, idempotency keys).
-- Ids are UUID v7 text generated in Rust; timestamps are UTC.

CREATE TABLE institutions (
    id TEXT PRIMARY KEY NOT NULL,
    hei_id TEXT NOT NULL,
    erasmus_code TEXT,
    erasmus_code_normalised TEXT,
    pic TEXT,
    oid TEXT,
    name TEXT NOT NULL,
    search_text TEXT NOT NULL,
    abbreviation TEXT,
    country TEXT NOT NULL,
    city TEXT,
    website TEXT,
    is_local BOOLEAN NOT NULL DEFAULT FALSE,
    ewp_enabled BOOLEAN NOT NULL DEFAULT FALSE,
    contacts TEXT NOT NULL DEFAULT '[]',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT institutions_hei_id_key UNIQUE (hei_id),
    CONSTRAINT institutions_erasmus_code_normalised_key UNIQUE (erasmus_code_normalised)
);
-- At most one institution is ours.
CREATE UNIQUE INDEX institutions_one_local ON institutions (is_local) WHERE is_local;
CREATE INDEX institutions_country ON institutions (country);
CREATE INDEX institutions_updated_at ON institutions (updated_at);

CREATE TABLE units (
    id TEXT PRIMARY KEY NOT NULL,
    institution_id TEXT NOT NULL REFERENCES institutions (id) ON DELETE RESTRICT,
    parent_id TEXT REFERENCES units (id) ON DELETE RESTRICT,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    contacts TEXT NOT NULL DEFAULT '[]',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT units_institution_id_code_key UNIQUE (institution_id, code)
);
CREATE INDEX units_parent_id ON units (parent_id);

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    username TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    full_name TEXT,
    email TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT users_username_key UNIQUE (username)
);

CREATE TABLE user_units (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    unit_id TEXT NOT NULL REFERENCES units (id) ON DELETE RESTRICT,
    PRIMARY KEY (user_id, unit_id)
);
CREATE INDEX user_units_unit_id ON user_units (unit_id);

CREATE TABLE api_clients (
    id TEXT PRIMARY KEY NOT NULL,
    client_id TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    name TEXT NOT NULL,
    scopes TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL,
    CONSTRAINT api_clients_client_id_key UNIQUE (client_id)
);

CREATE TABLE refresh_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL,
    family_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scope TEXT NOT NULL,
    issued_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    revoked_at TIMESTAMP,
    CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX refresh_tokens_family_id ON refresh_tokens (family_id);

CREATE TABLE login_throttles (
    subject TEXT PRIMARY KEY NOT NULL,
    failures INTEGER NOT NULL,
    window_started_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP
);

CREATE TABLE idempotency_keys (
    principal TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    response_status INTEGER,
    response_headers TEXT,
    response_body TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (principal, idempotency_key)
);
