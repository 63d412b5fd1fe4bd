-- Erasmus+ grant projects and the funding rules as data (issue 17 items 1-3).
-- A grant project is the grant agreement with the National Agency (`project_number`, e.g.
-- 2026-1-MK01-KA131-HED-000123456); `partner_countries` (KA171) and `budget_lines` are JSON.
-- `funding_rates` holds every funding fact with its source: country groups (no amount),
-- rates in euro cents, travel days in days; `status` as the checklist rules have it,
-- `example` marks demonstration rows that are not the Commission's figures. Seeded rows
-- carry `seed_key` (file#n) so a release adds only the rows it appends.
-- A mobility names its grant (`grant_id`); whether its participant travels green is kept
-- beside it in `mobility_travel` (a side table: `mobilities` is at diesel's 32 columns);
-- institutions get optional coordinates for the distance band.

CREATE TABLE grant_projects (
    id TEXT PRIMARY KEY NOT NULL,
    project_number TEXT NOT NULL,
    action TEXT NOT NULL,
    call_year INTEGER NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    partner_countries TEXT NOT NULL,
    budget_lines TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT grant_projects_action_check CHECK (action IN ('KA131', 'KA171')),
    CONSTRAINT grant_projects_period_check CHECK (period_start <= period_end)
);
CREATE UNIQUE INDEX grant_projects_project_number ON grant_projects (project_number);
CREATE INDEX grant_projects_updated_at ON grant_projects (updated_at);

CREATE TABLE funding_rates (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    call_year INTEGER NOT NULL,
    action TEXT NOT NULL,
    country TEXT,
    country_group INTEGER,
    activity TEXT,
    distance_band TEXT,
    amount BIGINT,
    unit TEXT NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    example BOOLEAN NOT NULL,
    last_checked DATE NOT NULL,
    seed_key TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT funding_rates_action_check CHECK (action IN ('KA131', 'KA171')),
    CONSTRAINT funding_rates_status_check CHECK (status IN ('confirmed', 'secondary', 'unconfirmed', 'derived')),
    CONSTRAINT funding_rates_amount_check CHECK (amount IS NULL OR amount >= 0)
);
CREATE UNIQUE INDEX funding_rates_seed_key ON funding_rates (seed_key);
CREATE INDEX funding_rates_call ON funding_rates (call_year, action);

ALTER TABLE mobilities ADD COLUMN grant_id TEXT REFERENCES grant_projects (id) ON DELETE RESTRICT;
-- The Beneficiary Module export reads a grant's mobilities in id order, page by page.
CREATE INDEX mobilities_grant_id ON mobilities (grant_id, id);

CREATE TABLE mobility_travel (
    mobility_id TEXT PRIMARY KEY NOT NULL REFERENCES mobilities (id) ON DELETE CASCADE,
    green_travel BOOLEAN NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

ALTER TABLE institutions ADD COLUMN latitude DOUBLE PRECISION;
ALTER TABLE institutions ADD COLUMN longitude DOUBLE PRECISION;
