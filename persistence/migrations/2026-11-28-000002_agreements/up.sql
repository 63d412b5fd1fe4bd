-- Agreements (EWP IIAs API v7): one partner institution per agreement (our university
-- is the other side), cooperation conditions in order, the status history, and the snapshot of
-- the last mutually approved version. Academic years are stored as their start year (2025 is
-- 2025/2026); months and days as hundredths (4.5 months is 450), so amounts stay exact.

CREATE TABLE agreements (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL,
    programme TEXT NOT NULL,
    partner_institution_id TEXT NOT NULL REFERENCES institutions (id) ON DELETE RESTRICT,
    partner_unit_id TEXT REFERENCES units (id) ON DELETE RESTRICT,
    local_unit_id TEXT REFERENCES units (id) ON DELETE RESTRICT,
    partner_agreement_id TEXT,
    partner_agreement_code TEXT,
    first_academic_year INTEGER NOT NULL,
    last_academic_year INTEGER NOT NULL,
    local_signing_date DATE,
    local_signer TEXT,
    partner_signing_date DATE,
    partner_signer TEXT,
    other_info TEXT,
    status TEXT NOT NULL,
    approved_snapshot TEXT,
    approved_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT agreements_code_key UNIQUE (code),
    -- The partner's own id of the agreement identifies it once (no duplicated agreements).
    CONSTRAINT agreements_partner_agreement_id_key UNIQUE (partner_institution_id, partner_agreement_id),
    CONSTRAINT agreements_years_check CHECK (last_academic_year >= first_academic_year),
    CONSTRAINT agreements_programme_check CHECK (programme IN ('erasmus_plus', 'bilateral')),
    CONSTRAINT agreements_status_check CHECK (status IN
        ('draft', 'submitted', 'approved_by_us', 'approved_by_partner', 'approved_by_both', 'terminated'))
);
CREATE INDEX agreements_partner_unit_id ON agreements (partner_unit_id);
CREATE INDEX agreements_local_unit_id ON agreements (local_unit_id);
CREATE INDEX agreements_updated_at ON agreements (updated_at);

CREATE TABLE agreement_conditions (
    id TEXT PRIMARY KEY NOT NULL,
    agreement_id TEXT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    mobility_type TEXT NOT NULL,
    sending_institution_id TEXT NOT NULL REFERENCES institutions (id) ON DELETE RESTRICT,
    sending_unit_id TEXT REFERENCES units (id) ON DELETE RESTRICT,
    receiving_institution_id TEXT NOT NULL REFERENCES institutions (id) ON DELETE RESTRICT,
    receiving_unit_id TEXT REFERENCES units (id) ON DELETE RESTRICT,
    first_academic_year INTEGER NOT NULL,
    last_academic_year INTEGER NOT NULL,
    mobilities_per_year INTEGER NOT NULL,
    total_months_per_year INTEGER,
    total_days_per_year INTEGER,
    blended BOOLEAN NOT NULL DEFAULT FALSE,
    eqf_levels TEXT NOT NULL DEFAULT '[]',
    subject_areas TEXT NOT NULL DEFAULT '[]',
    language_requirements TEXT NOT NULL DEFAULT '[]',
    other_info TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT agreement_conditions_agreement_id_position_key UNIQUE (agreement_id, position),
    CONSTRAINT agreement_conditions_years_check CHECK (last_academic_year >= first_academic_year),
    CONSTRAINT agreement_conditions_mobilities_check CHECK (mobilities_per_year >= 1),
    -- Students count months, staff count days (EWP IIA): exactly one total is set.
    CONSTRAINT agreement_conditions_total_check CHECK (
        (total_months_per_year IS NULL) <> (total_days_per_year IS NULL)
        AND COALESCE(total_months_per_year, total_days_per_year) > 0)
);
CREATE INDEX agreement_conditions_sending_institution_id ON agreement_conditions (sending_institution_id);
CREATE INDEX agreement_conditions_receiving_institution_id ON agreement_conditions (receiving_institution_id);
CREATE INDEX agreement_conditions_sending_unit_id ON agreement_conditions (sending_unit_id);
CREATE INDEX agreement_conditions_receiving_unit_id ON agreement_conditions (receiving_unit_id);

CREATE TABLE agreement_status_changes (
    id TEXT PRIMARY KEY NOT NULL,
    agreement_id TEXT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    reason TEXT,
    changed_by TEXT NOT NULL,
    changed_by_name TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX agreement_status_changes_agreement_id ON agreement_status_changes (agreement_id, id);
